package com.ecsprovisioner.automation;

import com.ecsprovisioner.backup.BackupMode;
import com.ecsprovisioner.backup.BackupSchedule;
import com.ecsprovisioner.backup.BackupViews.ProfilePolicy;
import com.ecsprovisioner.backup.BackupViews.ServerBackups;
import com.ecsprovisioner.backup.Backups;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The commands that complete at once, without a job: setting a backup policy (a row the schedule reads on its next
 * turn) and asking a price (a read). The other commands make a job because the cloud takes time, fails for a moment
 * and may leave something to roll back; these have nothing to wait for, retry or undo, so a job would add a queue
 * turn and a worker's claim to what the console's own forms do in one call. They are still accepted, remembered by
 * their request id and answered (accepted, then completed with what they did) like the others, and a refusal is
 * the same: an unknown profile or server by its field, a boundary's refusal in its own words.
 */
final class ImmediateCommands {

    static final Set<String> TYPES = Set.of("set-backup-policy", "quote-price");

    /** What the command did: the server it was about (null for a profile's), and its result for the answer. */
    record Completed(Long serverId, Map<String, Object> result) {
    }

    private final Backups backups;
    private final ProviderProfiles profiles;
    private final Deployments deployments;
    private final CommandPrices prices;

    ImmediateCommands(Backups backups, ProviderProfiles profiles, Deployments deployments, CommandPrices prices) {
        this.backups = backups;
        this.profiles = profiles;
        this.deployments = deployments;
        this.prices = prices;
    }

    Completed carryOut(Command command) {
        return switch (command.type()) {
            case "set-backup-policy" -> command.body().has("serverId") ? serverPolicy(command) : profilePolicy(command);
            case "quote-price" -> command.body().has("serverId") ? resizeQuote(command) : deploymentQuote(command);
            default -> throw new IllegalArgumentException("Not a command that completes at once: " + command.type());
        };
    }

    private Completed profilePolicy(Command command) {
        long profileId = CommandRoutes.profileId(profiles, command.body().get("profile"));
        JsonNode policy = command.body().get("policy");
        boolean on = policy != null && !policy.isNull();
        ProfilePolicy set = CommandRoutes.refusedAsIs(() -> backups.setProfilePolicy(profileId, on, on ? policy.path("days").asText() : null,
                on ? policy.path("hours").asText() : null, on ? policy.path("keep").asInt() : 1, command.text("timeZone")));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("profileId", profileId);
        result.put("timeZone", set.timeZone());
        result.put("policy", set.schedule().map(ImmediateCommands::schedule).orElse(null));
        result.put("description", set.describe());
        return new Completed(null, result);
    }

    private Completed serverPolicy(Command command) {
        long serverId = CommandRoutes.knownServer(deployments, command);
        BackupMode mode = BackupMode.parse(command.text("follow"));
        JsonNode policy = command.body().path("policy");
        if (mode == BackupMode.OWN && !policy.isObject()) {
            throw new CommandRefused("A server that follows its own policy needs one: give policy with days, hours "
                    + "and keep", "/policy", "required");
        }
        ServerBackups set = CommandRoutes.refusedAsIs(() -> backups.setServerPolicy(serverId, mode, policy.path("days").asText(null),
                policy.path("hours").asText(null), policy.path("keep").asInt(1)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("serverId", serverId);
        result.put("follow", set.mode().name().toLowerCase());
        result.put("policy", set.own().map(ImmediateCommands::schedule).orElse(null));
        result.put("inForce", set.inForce());
        result.put("nextSlot", set.nextSlot() == null ? null : set.nextSlot().toString());
        return new Completed(serverId, result);
    }

    private Completed deploymentQuote(Command command) {
        long profileId = CommandRoutes.profileId(profiles, command.body().get("profile"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("profileId", profileId);
        result.putAll(prices.deployment(profileId, command.text("instanceType"), command.text("diskCategory"),
                command.integer("diskSizeGiB")));
        return new Completed(null, result);
    }

    private Completed resizeQuote(Command command) {
        long serverId = CommandRoutes.knownServer(deployments, command);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("serverId", serverId);
        result.put("instanceType", command.text("instanceType"));
        result.putAll(prices.resize(serverId, command.text("instanceType")));
        return new Completed(serverId, result);
    }

    static Map<String, Object> schedule(BackupSchedule s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", s.daysText());
        out.put("hours", s.hoursText());
        out.put("keep", s.keep());
        return out;
    }
}

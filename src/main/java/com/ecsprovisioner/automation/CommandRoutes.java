package com.ecsprovisioner.automation;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.customservers.CustomServerRequest;
import com.ecsprovisioner.customservers.CustomServers;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.backup.Backups;
import com.ecsprovisioner.firewall.Firewall;
import com.ecsprovisioner.lifecycle.LifecycleRequests.NetworkChoice;
import com.ecsprovisioner.lifecycle.ServerActions;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Each command type to the boundary method the console calls for it, with the same arguments the console's form
 * gives. A command about something that does not exist is refused naming its field; a refusal of the boundary (the
 * server's status does not allow it, the name is taken...) is refused with the boundary's own message.
 */
final class CommandRoutes {

    /** What a command made or acted on: the job, and its server. */
    record Outcome(long jobId, Long serverId) {
    }

    private final Deployments deployments;
    private final ServerActions actions;
    private final CustomServers customServers;
    private final ProviderProfiles profiles;
    private final Firewall firewall;
    private final Backups backups;

    CommandRoutes(Deployments deployments, ServerActions actions, CustomServers customServers, ProviderProfiles profiles,
                  Firewall firewall, Backups backups) {
        this.deployments = deployments;
        this.actions = actions;
        this.customServers = customServers;
        this.profiles = profiles;
        this.firewall = firewall;
        this.backups = backups;
    }

    Outcome carryOut(Command command) {
        return switch (command.type()) {
            case "deploy" -> deploy(command);
            case "delete" -> onServer(command, () -> actions.delete(command.serverId(), command.flag("withNetwork")
                    ? defaultNetworkChoice(command.serverId()) : Set.of()));
            case "start" -> onServer(command, () -> actions.start(command.serverId()));
            case "stop" -> onServer(command, () -> actions.stop(command.serverId()));
            case "reboot" -> onServer(command, () -> actions.reboot(command.serverId()));
            case "hard-reboot" -> onServer(command, () -> actions.hardReboot(command.serverId()));
            case "resize" -> onServer(command, () -> actions.resize(command.serverId(), command.text("instanceType")));
            case "snapshot" -> onServer(command, () -> actions.snapshot(command.serverId(), command.text("snapshotName")));
            case "register-custom-server" -> registerAndBootstrap(command);
            case "retry-job" -> onJob(command, () -> deployments.retry(command.jobId()));
            case "rollback-job" -> onJob(command, () -> deployments.rollback(command.jobId()));
            case "cancel-job" -> onJob(command, () -> deployments.cancel(command.jobId()));
            case "open-port" -> onServer(command, () -> firewall.open(command.serverId(), command.integer("port"), command.text("cidr")));
            case "close-port" -> onServer(command, () -> firewall.close(command.serverId(), command.integer("port"), command.text("cidr")));
            case "repair-firewall" -> onServer(command, () -> firewall.repair(command.serverId(), command.integer("port"),
                    command.text("cidr"), command.flag("keep")));
            case "backup-now" -> onServer(command, () -> backups.backupNow(command.serverId()));
            case "restore-disk" -> onServer(command, () -> backups.restoreDisk(command.serverId(), command.text("snapshotId")));
            case "restore-server" -> onServer(command, () -> backups.restoreToNewServer(command.serverId(),
                    command.text("snapshotId"), command.text("name"), command.text("instanceType")));
            default -> throw new IllegalArgumentException("The schema let through an unknown command type " + command.type());
        };
    }

    private Outcome deploy(Command command) {
        long profileId = profileId(profiles, command.body().get("profile"));
        String zonePolicy = command.text("zonePolicy");
        String networkPolicy = command.text("networkPolicy");
        DeployRequest request = new DeployRequest(command.text("serverName"), profileId, region(profileId, command.text("regionId")),
                command.text("zoneId"),
                zonePolicy == null ? null : ZonePolicy.valueOf(zonePolicy),
                networkPolicy == null ? null : NetworkPolicy.valueOf(networkPolicy),
                command.text("instanceType"), command.text("imageId"), command.text("diskCategory"),
                command.integer("diskSizeGiB"), command.text("phpVersion"));
        Deployments.Deployment deployment = refusedAsIs(() -> deployments.deploy(request));
        return new Outcome(deployment.jobId(), deployment.serverId());
    }

    /**
     * The region asked for, or null for the profile's: one of the account's regions, as the console's picker offers
     * them (read through the catalogue cache); another is refused naming them, before the pre-flight check asks a
     * region that does not exist (whose refusal would not say what to choose).
     */
    private String region(long profileId, String regionId) {
        if (regionId == null || regionId.isBlank()) {
            return null;
        }
        String given = regionId.strip();
        List<String> regions = refusedAsIs(() -> profiles.regions(profileId).items().stream().map(CloudTypes.Region::id).toList());
        if (!regions.contains(given)) {
            throw new CommandRefused("Region " + given + " is not a region of the profile's account (its regions: "
                    + String.join(", ", regions) + ")", "/regionId", CommandRefused.REFUSED);
        }
        return given;
    }

    /** A profile by its id (a number, or a number as a string) or else by its name. */
    static long profileId(ProviderProfiles profiles, JsonNode profile) {
        String given = profile.asText().strip();
        if (given.matches("[0-9]{1,18}")) {
            long id = Long.parseLong(given);
            if (profiles.find(id).isPresent()) {
                return id;
            }
        }
        return profiles.list().stream().filter(p -> p.getName().equals(given)).map(ProviderProfile::getId).findFirst()
                .orElseThrow(() -> new CommandRefused("There is no provider profile named or numbered '" + given + "'",
                        "/profile", CommandRefused.UNKNOWN_PROFILE));
    }

    /** What the console's delete dialog selects by default: the network resources no other server uses. */
    private Set<String> defaultNetworkChoice(long serverId) {
        return actions.deletionOffer(serverId).stream().filter(NetworkChoice::selectedByDefault).map(NetworkChoice::id)
                .collect(Collectors.toSet());
    }

    private Outcome onServer(Command command, LongSupplier action) {
        long serverId = knownServer(deployments, command);
        return new Outcome(refusedAsIs(action::getAsLong), serverId);
    }

    /** The command's {@code serverId}, refused by its field when no such server exists. */
    static long knownServer(Deployments deployments, Command command) {
        long serverId = command.serverId();
        try {
            deployments.server(serverId);
        } catch (Rejected unknown) {
            throw new CommandRefused(unknown.getMessage(), "/serverId", CommandRefused.UNKNOWN_SERVER);
        }
        return serverId;
    }

    private Outcome registerAndBootstrap(Command command) {
        Integer port = command.integer("sshPort");
        CustomServerRequest request = new CustomServerRequest(command.text("name"), command.text("address"),
                port == null ? 22 : port, command.text("user"), command.text("privateKey"), command.text("passphrase"),
                command.id("keyProfileId"), command.text("regionId"));
        return refusedAsIs(() -> {
            long serverId = customServers.register(request);
            return new Outcome(customServers.bootstrap(serverId), serverId);
        });
    }

    private Outcome onJob(Command command, Runnable action) {
        long jobId = command.jobId();
        Job job;
        try {
            job = deployments.job(jobId);
        } catch (Rejected unknown) {
            throw new CommandRefused(unknown.getMessage(), "/jobId", CommandRefused.UNKNOWN_JOB);
        }
        refusedAsIs(() -> {
            action.run();
            return null;
        });
        return new Outcome(jobId, job.getServerId());
    }

    /**
     * A boundary's refusal, told to the sender in the boundary's own words; except a refusal only because the cloud
     * did not answer for a moment (a person is told to try again): that is no fault of the command, so it is left to
     * roll back and the broker delivers the command again later.
     */
    static <T> T refusedAsIs(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (Rejected refused) {
            if (refused.getCause() instanceof CloudException cloud && cloud.isTransient()) {
                throw cloud;
            }
            throw new CommandRefused(refused.getMessage(), null, CommandRefused.REFUSED);
        }
    }
}

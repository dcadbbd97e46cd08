package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.Callers;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a person's request for a lifecycle action into a job, or refuses it with a sentence that says why: the
 * server's status does not allow it, a job is already running on the server, the server has no instance, the
 * deployment failed (retry or roll it back instead), a bad instance type or snapshot name, or a network resource
 * that is not the server's or that another server uses. The server moves to the action's status in the same
 * change, so that two requests at once conflict on its version. Plain Java: the boundary ({@code
 * lifecycle.ServerActions}) and the tests call the same code.
 */
public final class LifecycleRequests {

    /** Alibaba's snapshot names: 2 to 128 characters, starting with a letter, not with "auto" nor http(s)://. */
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:_.\\-]{1,127}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private LifecycleRequests() {
    }

    /**
     * What an action may carry: the new type (resize), the snapshot name (null: the server's name and the time) and
     * the network resources to delete with the server (delete; ids from {@link #deletionOffer}).
     */
    public record Options(String instanceType, String snapshotName, Set<String> networkResourceIds) {
        public static Options none() {
            return new Options(null, null, Set.of());
        }

        public static Options resizeTo(String instanceType) {
            return new Options(instanceType, null, Set.of());
        }

        public static Options snapshotNamed(String name) {
            return new Options(null, name, Set.of());
        }

        public static Options deleting(Set<String> networkResourceIds) {
            return new Options(null, null, networkResourceIds == null ? Set.of() : Set.copyOf(networkResourceIds));
        }
    }

    /**
     * A network resource the server uses, offered for deletion with it. {@code usedBy} names the other live servers
     * that use it (then it cannot be chosen); {@code selectedByDefault} when none does.
     */
    public record NetworkChoice(ResourceKind kind, String id, String name, boolean sharedNetwork, List<String> usedBy,
                                Instant createdAt) {
        public boolean selectedByDefault() {
            return usedBy.isEmpty();
        }
    }

    /**
     * Why the action cannot be asked now (empty when it can, options aside): a job running on the server, a status
     * that does not allow it, a failed deployment (retry or roll it back instead), or no instance to act on. The
     * console shows it next to a disabled button; {@link #request} refuses with the same sentence.
     */
    public static Optional<String> refusal(ServerAction action, Server server, Collection<Job> jobsOfServer) {
        Optional<Job> active = jobsOfServer.stream().filter(j -> j.getState().isActive()).findFirst();
        if (active.isPresent()) {
            Job j = active.get();
            return Optional.of("A " + j.getKind().label().toLowerCase() + " job (" + j.getId() + ") is running on server "
                    + server.getName() + ": wait until it finishes" + (LifecycleKinds.isLifecycle(j.getKind()) ? "" : " or cancel it"));
        }
        String byStatus = action.refusal(server);
        if (byStatus != null) {
            return Optional.of(byStatus);
        }
        Optional<Job> latest = jobsOfServer.stream().max(Comparator.comparing(Job::getCreatedAt).thenComparing(Job::getId,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        if (action != ServerAction.DELETE && server.getStatus() == ServerStatus.FAILED && latest.isPresent()
                && !LifecycleKinds.isLifecycle(latest.get().getKind())) {
            return Optional.of("The deployment of server " + server.getName() + " failed: retry or roll back its job, or delete the server");
        }
        if (action != ServerAction.DELETE && server.getInstanceId() == null) {
            return Optional.of("Server " + server.getName() + " has no instance in the cloud: it can only be deleted");
        }
        return Optional.empty();
    }

    /**
     * The job a request makes and what its action asks beyond the job (the snapshot's name, a start after a resize).
     * The caller persists the job (after the server), then the action keyed by the job's id, and sends "advance".
     */
    public record Requested(Job job, LifecycleAction action) {

        /** The action's details, keyed by the job once the job has its id. */
        public LifecycleAction actionOfJob() {
            return action.belongsTo(job.getId());
        }
    }

    /**
     * What a request makes: see {@link Requested}.
     *
     * @param requestedBy the login name of who asked (the boundary's caller), or {@link Callers#SYSTEM}
     */
    public static Requested request(ServerAction action, long serverId, Server server, Collection<Job> jobsOfServer, Options options,
                              List<NetworkChoice> offer, String requestedBy, Instant now) {
        Objects.requireNonNull(action, "action");
        Options o = options == null ? Options.none() : options;
        Optional<String> refusal = refusal(action, server, jobsOfServer);
        if (refusal.isPresent()) {
            throw new Rejected(refusal.get());
        }
        String type = server.getInstanceType();
        String snapshotName = null;
        switch (action) {
            case RESIZE -> {
                if (o.instanceType() == null || o.instanceType().isBlank()) {
                    throw new Rejected("Choose the instance type to resize server " + server.getName() + " to");
                }
                type = o.instanceType().strip();
                if (type.equals(server.getInstanceType())) {
                    throw new Rejected("Server " + server.getName() + " is already " + type + ": choose another instance type");
                }
            }
            case SNAPSHOT -> snapshotName = snapshotName(o.snapshotName(), server, now);
            default -> {
            }
        }
        Map<String, NetworkChoice> offered = new LinkedHashMap<>();
        if (action == ServerAction.DELETE) {
            (offer == null ? List.<NetworkChoice>of() : offer).forEach(c -> offered.put(c.id(), c));
            for (String id : o.networkResourceIds()) {
                NetworkChoice c = offered.get(id);
                if (c == null) {
                    throw new Rejected(id + " is not a network resource of server " + server.getName() + ": it cannot be deleted with it");
                }
                if (!c.usedBy().isEmpty()) {
                    throw new Rejected(c.kind().word() + " " + id + " is used by " + String.join(", ", c.usedBy())
                            + ": it cannot be deleted with server " + server.getName());
                }
            }
        }
        JobKind kind = LifecycleKinds.Kind.valueOf(action.name()).kind;
        boolean startAfter = action == ServerAction.RESIZE
                && (server.getStatus() == ServerStatus.ACTIVE || server.getStatus() == ServerStatus.UNREACHABLE);
        ServerStatus statusWhenAsked = server.getStatus();
        try {
            LifecycleProcess.beginServerAction(kind, type, server, now);
        } catch (IllegalTransition e) {
            throw new Rejected("Server " + server.getName() + " is " + server.getStatus().dbName() + ": it cannot " + action.verb() + " now");
        }
        Job job = LifecycleKinds.create(kind, serverId, server, type, snapshotName, requestedBy, now);
        if (kind.equals(LifecycleKinds.REBOOT)) {
            SoftReboot.softRebootRefusal(server, statusWhenAsked)
                    .ifPresent(why -> SoftReboot.rebootHardInstead(job, why, JobLogEntry.Level.INFO, now));
        }
        if (server.getInstanceId() != null) {
            job.resources().record(ResourceKind.INSTANCE, server.getInstanceId(), server.getZoneId(), action == ServerAction.DELETE, now);
        }
        if (action == ServerAction.DELETE) {
            List<String> kept = new ArrayList<>();
            for (NetworkChoice c : offered.values()) {
                boolean chosen = o.networkResourceIds().contains(c.id());
                job.resources().record(c.kind(), c.id(), null, chosen, now);
                if (!chosen) {
                    kept.add(c.kind().word() + " " + c.id());
                }
            }
            job.log(now, JobLogEntry.Level.INFO, "Network resources to delete: " + (o.networkResourceIds().isEmpty() ? "none"
                    : String.join(", ", o.networkResourceIds())) + (kept.isEmpty() ? "" : "; kept: " + String.join(", ", kept)));
        }
        return new Requested(job, new LifecycleAction(snapshotName, startAfter));
    }

    private static String snapshotName(String asked, Server server, Instant now) {
        String name = asked == null || asked.isBlank() ? server.getName() + "-" + STAMP.format(now) : asked.strip();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!SNAPSHOT_NAME.matcher(name).matches() || lower.startsWith("auto") || lower.startsWith("http")) {
            throw new Rejected("A snapshot name is 2 to 128 letters, digits, '.', '_', '-' or ':', starting with a letter"
                    + " but not with \"auto\" or \"http\" (\"" + Job.clip(name, 80) + "\" is not)");
        }
        return name;
    }

    /**
     * The network resources that can be deleted with a server: those tagged with the server, and, when it uses the
     * profile's shared network, that network's resources; each with the other live servers that use it.
     *
     * @param others the other servers that are not deleted, by id
     */
    public static List<NetworkChoice> deletionOffer(CloudRegion cloud, long serverId, Server server, Map<Long, Server> others) {
        List<NetworkChoice> out = new ArrayList<>();
        for (CloudTypes.TaggedResource r : cloud.networkResourcesTagged(Tags.SERVER, Optional.of(Long.toString(serverId)))) {
            out.add(new NetworkChoice(r.kind(), r.id(), r.name(), false, usedBy(r, serverId, others), r.createdAt()));
        }
        boolean usesShared = false;
        List<CloudTypes.TaggedResource> shared = cloud.networkResourcesTagged(Tags.SHARED_NETWORK,
                Optional.of(Long.toString(server.getProfileId())));
        for (CloudTypes.TaggedResource r : shared) {
            usesShared |= r.id().equals(server.getVpcId()) || r.id().equals(server.getSecurityGroupId());
        }
        if (usesShared) {
            for (CloudTypes.TaggedResource r : shared) {
                out.add(new NetworkChoice(r.kind(), r.id(), r.name(), true, usedBy(r, serverId, others), r.createdAt()));
            }
        }
        return out;
    }

    private static List<String> usedBy(CloudTypes.TaggedResource r, long serverId, Map<Long, Server> others) {
        List<String> names = new ArrayList<>();
        others.forEach((id, s) -> {
            if (id != serverId && s.getStatus() != ServerStatus.DELETED && (r.id().equals(s.getVpcId())
                    || r.id().equals(s.getVSwitchId()) || r.id().equals(s.getSecurityGroupId()))) {
                names.add(s.getName());
            }
        });
        return names;
    }
}

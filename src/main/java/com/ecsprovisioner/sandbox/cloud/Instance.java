package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ECS instance and its state machine. The status is never stored: it is derived from the last transition and
 * how long ago it began (reference §4.1), so reading is cheap and needs no background thread. Verbs check the
 * status and throw {@code IncorrectInstanceStatus} for illegal transitions.
 */
final class Instance {

    /** The last transition that was started; with its start time it yields the status. */
    enum Transition {
        LAUNCH,   // RunInstances: Pending → Starting → Running
        CREATE,   // CreateInstance: Pending → Stopped
        START,    // Starting → Running
        REBOOT,   // Starting → Running
        STOP      // Stopping → Stopped
    }

    final String id;
    final String regionId;
    final String zoneId;
    String name;
    String hostName;
    String description;
    String instanceType;
    final String imageId;
    final String keyPairName;
    final String vpcId;
    final String vSwitchId;
    final List<String> securityGroupIds;
    final String privateIp;
    String publicIp;
    int bandwidthOut;
    int bandwidthIn;
    final String internetChargeType;
    final String systemDiskId;
    final String systemDiskCategory;
    final int systemDiskSize;
    final String userData;
    final Instant createdAt;
    final Map<String, String> tags;
    Transition transition;
    Instant transitionAt;
    Instant startedAt;
    Instant deletedAt;
    /** A copy of the key pair's public half, kept so that deleting the key pair does not lock the instance out. */
    String authorizedKey;

    Instance(String id, String regionId, String zoneId, String name, String hostName, String description,
             String instanceType, String imageId, String keyPairName, String vpcId, String vSwitchId,
             List<String> securityGroupIds, String privateIp, int bandwidthOut, int bandwidthIn,
             String internetChargeType, String systemDiskId, String systemDiskCategory, int systemDiskSize,
             String userData, Instant createdAt, Map<String, String> tags, Transition transition) {
        this.id = id;
        this.regionId = regionId;
        this.zoneId = zoneId;
        this.name = name;
        this.hostName = hostName;
        this.description = description;
        this.instanceType = instanceType;
        this.imageId = imageId;
        this.keyPairName = keyPairName;
        this.vpcId = vpcId;
        this.vSwitchId = vSwitchId;
        this.securityGroupIds = new ArrayList<>(securityGroupIds);
        this.privateIp = privateIp;
        this.bandwidthOut = bandwidthOut;
        this.bandwidthIn = bandwidthIn;
        this.internetChargeType = internetChargeType;
        this.systemDiskId = systemDiskId;
        this.systemDiskCategory = systemDiskCategory;
        this.systemDiskSize = systemDiskSize;
        this.userData = userData;
        this.createdAt = createdAt;
        this.tags = new LinkedHashMap<>(tags);
        this.transition = transition;
        this.transitionAt = createdAt;
    }

    String status(Instant now, Durations d) {
        Duration e = Duration.between(transitionAt, now);
        return switch (transition) {
            case LAUNCH -> e.compareTo(d.instancePending()) < 0 ? "Pending"
                    : e.compareTo(d.instancePending().plus(d.instanceStarting())) < 0 ? "Starting" : "Running";
            case CREATE -> e.compareTo(d.instancePending()) < 0 ? "Pending" : "Stopped";
            case START, REBOOT -> e.compareTo(d.instanceStarting()) < 0 ? "Starting" : "Running";
            case STOP -> e.compareTo(d.instanceStopping()) < 0 ? "Stopping" : "Stopped";
        };
    }

    boolean deleted() {
        return deletedAt != null;
    }

    boolean gone(Instant now, Durations d) {
        return deletedAt != null && !Resources.before(now, deletedAt, d.release());
    }

    private static ApiError incorrect() {
        return new ApiError(403, "IncorrectInstanceStatus",
                "The current status of the resource does not support this operation.");
    }

    /**
     * Throws unless the instance is in one of the allowed statuses: {@code OperationConflict} (409, the ECS common
     * table) while a start, stop or reboot asked for earlier is still under way, since the conflict is with that
     * previous request; {@code IncorrectInstanceStatus} for any other status (including the launch's own Pending and
     * Starting).
     */
    void requireStatus(Instant now, Durations d, String... allowed) {
        String s = status(now, d);
        for (String a : allowed) {
            if (a.equals(s)) {
                return;
            }
        }
        if (midOperation(s)) {
            throw operationConflict();
        }
        throw incorrect();
    }

    /** Whether a StartInstance, StopInstance or RebootInstance accepted earlier is still running (status given). */
    boolean midOperation(String status) {
        return (transition == Transition.START || transition == Transition.STOP || transition == Transition.REBOOT)
                && (status.equals("Starting") || status.equals("Stopping"));
    }

    static ApiError operationConflict() {
        return new ApiError(409, "OperationConflict", "Request was denied due to conflict with a previous request.");
    }

    void start(Instant now, Durations d) {
        requireStatus(now, d, "Stopped");
        begin(Transition.START, now);
    }

    void stop(Instant now, Durations d) {
        requireStatus(now, d, "Running");
        startedAt = startTime(d);
        begin(Transition.STOP, now);
    }

    void reboot(Instant now, Durations d) {
        requireStatus(now, d, "Running");
        begin(Transition.REBOOT, now);
    }

    void delete(Instant now, Durations d, boolean force) {
        String s = status(now, d);
        if (!(s.equals("Stopped") || (force && s.equals("Running")))) {
            throw incorrect();
        }
        deletedAt = now;
    }

    private void begin(Transition t, Instant now) {
        transition = t;
        transitionAt = now;
    }

    /** When the instance was last started (for StartTime), derived like the status. */
    Instant startTime(Durations d) {
        return switch (transition) {
            case LAUNCH -> transitionAt.plus(d.instancePending()).plus(d.instanceStarting());
            case START, REBOOT -> transitionAt.plus(d.instanceStarting());
            default -> startedAt;
        };
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("regionId", regionId);
        m.put("zoneId", zoneId);
        m.put("name", name);
        m.put("hostName", hostName);
        m.put("description", description);
        m.put("instanceType", instanceType);
        m.put("imageId", imageId);
        m.put("keyPairName", keyPairName);
        m.put("vpcId", vpcId);
        m.put("vSwitchId", vSwitchId);
        m.put("securityGroupIds", securityGroupIds);
        m.put("privateIp", privateIp);
        m.put("publicIp", publicIp);
        m.put("bandwidthOut", bandwidthOut);
        m.put("bandwidthIn", bandwidthIn);
        m.put("internetChargeType", internetChargeType);
        m.put("systemDiskId", systemDiskId);
        m.put("systemDiskCategory", systemDiskCategory);
        m.put("systemDiskSize", systemDiskSize);
        m.put("userData", userData);
        m.put("createdAt", Resources.ts(createdAt));
        m.put("tags", tags);
        m.put("transition", transition.name());
        m.put("transitionAt", Resources.ts(transitionAt));
        m.put("startedAt", Resources.ts(startedAt));
        m.put("deletedAt", Resources.ts(deletedAt));
        m.put("authorizedKey", authorizedKey);
        return m;
    }

    static Instance fromState(Map<String, Object> m) {
        Instance i = new Instance(Resources.str(m, "id"), Resources.str(m, "regionId"), Resources.str(m, "zoneId"),
                Resources.str(m, "name"), Resources.str(m, "hostName"), Resources.str(m, "description"),
                Resources.str(m, "instanceType"), Resources.str(m, "imageId"), Resources.str(m, "keyPairName"),
                Resources.str(m, "vpcId"), Resources.str(m, "vSwitchId"), Resources.stringList(m, "securityGroupIds"),
                Resources.str(m, "privateIp"), Resources.integer(m, "bandwidthOut"), Resources.integer(m, "bandwidthIn"),
                Resources.str(m, "internetChargeType"), Resources.str(m, "systemDiskId"),
                Resources.str(m, "systemDiskCategory"), Resources.integer(m, "systemDiskSize"),
                Resources.str(m, "userData"), Resources.instant(m, "createdAt"), Resources.stringMap(m, "tags"),
                Transition.valueOf(Resources.str(m, "transition")));
        i.publicIp = Resources.str(m, "publicIp");
        i.transitionAt = Resources.instant(m, "transitionAt");
        i.startedAt = Resources.instant(m, "startedAt");
        i.deletedAt = Resources.instant(m, "deletedAt");
        i.authorizedKey = Resources.str(m, "authorizedKey");
        return i;
    }
}

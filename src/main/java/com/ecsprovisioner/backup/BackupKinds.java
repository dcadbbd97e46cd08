package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.server.Server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backup feature's job kinds and their steps, declared here (the engine names neither), how a job of each is
 * made, and the tags that mark a policy's snapshots: retention reads only snapshots carrying the policy's tag, so a
 * snapshot someone made by hand is never counted or deleted.
 */
final class BackupKinds {

    static final JobKind BACKUP = JobKind.of("BACKUP", "Backup");
    static final JobKind RESTORE = JobKind.of("RESTORE", "Disk roll-back");
    static final JobKind NEW_SERVER = JobKind.of("RESTORE_SERVER", "Restore to a new server");

    static final List<StepName> BACKUP_STEPS = List.of(BackupStep.BACKUP_SNAPSHOT.step, BackupStep.BACKUP_READY.step,
            BackupStep.BACKUP_PRUNE.step);
    static final List<StepName> RESTORE_STEPS = List.of(BackupStep.RESTORE_STOP.step, BackupStep.RESTORE_RESET.step,
            BackupStep.RESTORE_START.step);
    static final List<StepName> NEW_SERVER_STEPS = List.of(BackupStep.NEW_SERVER_IMAGE.step,
            BackupStep.NEW_SERVER_IMAGE_READY.step, BackupStep.NEW_SERVER_DEPLOY.step);

    /** The tag naming the policy a snapshot was made for ("profile-7", "server-42"). */
    static final String POLICY_TAG = "ecs-provisioner:policy";
    /** The tag naming the slot a snapshot was made for (ISO-8601 UTC): retention keeps the latest slots. */
    static final String SLOT_TAG = "ecs-provisioner:backup-slot";

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

    private BackupKinds() {
    }

    /** A backup job for {@code slot}; the caller persists it, then its {@link BackupRun}. */
    static Job backup(long serverId, Server server, String policyKey, Instant slot, boolean scheduled, String requestedBy,
                      Instant now) {
        Job job = new Job(BACKUP, BACKUP_STEPS, serverId, server.getProfileId(), JobPlan.action(server, server.getInstanceType()),
                requestedBy, now);
        job.log(now, JobLogEntry.Level.INFO, (scheduled ? "Scheduled backup for " + slot + " (policy " + policyKey + ")"
                : "Backup now (policy " + policyKey + ") requested by " + job.getRequestedBy()) + " of " + server.getName());
        return job;
    }

    /**
     * The name of the snapshot a backup for {@code slot} makes. Alibaba refuses snapshot names that start with "auto"
     * (its own automatic snapshots'); this one never does.
     */
    static String snapshotName(Server server, Instant slot) {
        return "backup-" + server.getName() + "-" + NAME_TIME.format(slot);
    }

    /**
     * A roll-back of the server's system disk to {@code snapshotId} (the caller keeps it as the job's
     * {@link DiskRestore}); the instance is the job's resource, not owned (nothing of it is deleted whatever happens).
     */
    static Job restore(long serverId, Server server, String snapshotId, String requestedBy, Instant now) {
        Job job = new Job(RESTORE, RESTORE_STEPS, serverId, server.getProfileId(), JobPlan.action(server, server.getInstanceType()),
                requestedBy, now);
        job.resources().record(CloudTypes.ResourceKind.INSTANCE, server.getInstanceId(), server.getZoneId(), false, now);
        job.log(now, JobLogEntry.Level.WARN, "Roll the system disk of " + server.getName() + " back to snapshot " + snapshotId
                + ", asked by " + job.getRequestedBy() + ": what was written on the disk since that snapshot is lost");
        return job;
    }

    /**
     * A restore of {@code snapshotId} to a new server named {@code newName} (the caller keeps what was asked as the
     * job's {@link NewServerRestore}). The job is the source server's, which it leaves as it is.
     */
    static Job newServer(long serverId, Server server, String snapshotId, String newName, String requestedBy, Instant now) {
        Job job = new Job(NEW_SERVER, NEW_SERVER_STEPS, serverId, server.getProfileId(), JobPlan.action(server, server.getInstanceType()),
                requestedBy, now);
        job.log(now, JobLogEntry.Level.INFO, "Restore snapshot " + snapshotId + " of " + server.getName() + " to a new server "
                + newName + ", asked by " + job.getRequestedBy() + ": an image is made from the snapshot, then the server from it");
        return job;
    }

    static Map<String, String> tags(long profileId, long serverId, String policyKey, Instant slot) {
        Map<String, String> tags = new LinkedHashMap<>(Tags.forServer(profileId, serverId));
        tags.put(POLICY_TAG, policyKey);
        tags.put(SLOT_TAG, slot.toString());
        return tags;
    }
}

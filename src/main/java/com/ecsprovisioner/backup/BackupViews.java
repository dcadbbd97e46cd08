package com.ecsprovisioner.backup;

import java.time.Instant;
import java.util.Optional;

/** What the pages and commands read of backups: plain values, no entity leaves the boundary. */
public final class BackupViews {

    private BackupViews() {
    }

    /** A profile's policy: its time zone, and its schedule when it has one. */
    public record ProfilePolicy(long profileId, String timeZone, Optional<BackupSchedule> schedule) {
        public boolean isOn() {
            return schedule.isPresent();
        }

        public String describe() {
            return schedule.map(s -> s.describe() + " (" + timeZone + ")").orElse("No backup policy");
        }
    }

    /**
     * A server's backups: the policy it follows and the one in force, when the next is due, how the last ended.
     *
     * @param inForce   the schedule in force, described with its zone; "No backups" when none
     * @param nextSlot  the next slot, or null when no policy is in force
     * @param overdue   no successful backup within the policy's longest gap
     * @param lastFailed the last backup failed and none succeeded since
     */
    public record ServerBackups(long serverId, BackupMode mode, Optional<BackupSchedule> own, String inForce, Instant nextSlot,
                                Instant lastSuccessAt, Instant lastFailureAt, String lastFailure, boolean overdue,
                                boolean lastFailed, Long lastJobId) {
    }

    /** One snapshot of a server's disk, as its page lists it. */
    public record SnapshotRow(String id, String name, Instant createdAt, int sizeGiB, String status, String policy) {
        /** The policy that made it, or "by hand" for a snapshot no policy made (never deleted by retention). */
        public String madeBy() {
            return policy == null ? "by hand" : "policy " + policy;
        }
    }

    /** A server the dashboard flags: its last backup failed, or it has none within its policy's period. */
    public record Attention(long serverId, String serverName, boolean failed, boolean overdue, String detail) {
    }

    /**
     * What a restore to a new server made so far, for its job's page: the new server's name, the deployment job it
     * started and the new server (null until the deployment started), the image (null once deleted).
     */
    public record NewServerMade(String serverName, Long deployJobId, Long newServerId, String imageId) {
    }
}

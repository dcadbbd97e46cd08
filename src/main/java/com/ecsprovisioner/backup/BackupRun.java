package com.ecsprovisioner.backup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * What one backup job was asked, written with the job: the policy whose snapshot it makes (the tag retention goes
 * by), the slot it is for (or the moment a person asked, for "back up now"), and how many of the policy's snapshots
 * to keep. Settled once its job has finished, when the server's record learns how it ended; its own table keyed by
 * the job's id, so that the engine's job table learns nothing of backups.
 */
@Entity
@Table(name = "backup_run")
@NamedQuery(name = "BackupRun.unsettled", query = "SELECT r FROM BackupRun r WHERE r.settledAt IS NULL ORDER BY r.jobId")
public class BackupRun {

    @Id
    @Column(name = "job_id")
    private long jobId;

    @Column(name = "server_id", nullable = false)
    private long serverId;

    @Column(name = "policy_key", nullable = false, length = 32)
    private String policyKey;

    @Column(nullable = false)
    private Instant slot;

    @Column(nullable = false)
    private boolean scheduled;

    @Column(name = "keep_count", nullable = false)
    private int keep;

    /** The snapshot the job's CreateSnapshot made, recorded with the step that made it. */
    @Column(name = "snapshot_id", length = 64)
    private String snapshotId;

    @Column(name = "settled_at")
    private Instant settledAt;

    protected BackupRun() {
    }

    BackupRun(long jobId, long serverId, String policyKey, Instant slot, boolean scheduled, int keep) {
        this.jobId = jobId;
        this.serverId = serverId;
        this.policyKey = policyKey;
        this.slot = slot;
        this.scheduled = scheduled;
        this.keep = keep;
    }

    void recordSnapshot(String id) {
        snapshotId = id;
    }

    void settle(Instant now) {
        settledAt = now;
    }

    public long getJobId() {
        return jobId;
    }

    public long getServerId() {
        return serverId;
    }

    public String getPolicyKey() {
        return policyKey;
    }

    public Instant getSlot() {
        return slot;
    }

    public boolean isScheduled() {
        return scheduled;
    }

    public int getKeep() {
        return keep;
    }

    public String getSnapshotId() {
        return snapshotId;
    }

    public boolean isSettled() {
        return settledAt != null;
    }
}

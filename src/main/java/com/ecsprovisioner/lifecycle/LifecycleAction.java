package com.ecsprovisioner.lifecycle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Objects;

/**
 * What a lifecycle job was asked for and what it recorded on the way: a snapshot's name and the id the cloud gave
 * it, the OS boot id read before a soft reboot, whether a resized instance runs again afterwards. Its own table
 * keyed by the job's id (V25 moved these columns out of the engine's job table), so that the engine learns nothing
 * of lifecycle actions. {@link LifecycleKinds} decides when each may be recorded (the job's kind, state and step);
 * this entity only holds them.
 */
@Entity
@Table(name = "lifecycle_action")
public class LifecycleAction {

    @Id
    @Column(name = "job_id")
    private long jobId;

    /** Snapshot jobs: the name given to the snapshot, and its id once CreateSnapshot answered. */
    @Column(name = "snapshot_name", length = 128)
    private String snapshotName;

    @Column(name = "snapshot_id", length = 64)
    private String snapshotId;

    /**
     * Reboot jobs: the OS's boot id read just before it was asked to reboot over SSH (null until then); another boot
     * id afterwards proves it rebooted, however quickly.
     */
    @Column(name = "os_boot_id", length = 64)
    private String osBootId;

    /** Resize jobs: whether the instance was running when asked, so that it runs again afterwards. */
    @Column(name = "start_after", nullable = false)
    private boolean startAfter;

    protected LifecycleAction() {
    }

    /** What a request asks of its job; {@link #belongsTo} names the job once it has its id. */
    LifecycleAction(String snapshotName, boolean startAfter) {
        this.snapshotName = snapshotName;
        this.startAfter = startAfter;
    }

    /** Nothing asked or recorded yet, for job {@code jobId}. */
    static LifecycleAction none(long jobId) {
        LifecycleAction a = new LifecycleAction(null, false);
        a.jobId = jobId;
        return a;
    }

    /** Keys the details by their job, once the job was persisted (before the details are). */
    LifecycleAction belongsTo(long jobId) {
        this.jobId = jobId;
        return this;
    }

    public long getJobId() {
        return jobId;
    }

    public String snapshotName() {
        return snapshotName;
    }

    public String snapshotId() {
        return snapshotId;
    }

    public String osBootId() {
        return osBootId;
    }

    public boolean startAfter() {
        return startAfter;
    }

    void recordSnapshot(String id) {
        this.snapshotId = Objects.requireNonNull(id);
    }

    void recordOsBootId(String bootId) {
        this.osBootId = Objects.requireNonNull(bootId, "bootId");
    }

    void startAfterResize() {
        this.startAfter = true;
    }
}

package com.ecsprovisioner.backup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The snapshot a disk roll-back job resets the server's system disk to, written with the job in a table of the
 * backup feature's own, keyed by the job's id, so that the engine's job table names no snapshot.
 */
@Entity
@Table(name = "disk_restore")
public class DiskRestore {

    @Id
    @Column(name = "job_id")
    private long jobId;

    @Column(name = "snapshot_id", nullable = false, length = 64)
    private String snapshotId;

    protected DiskRestore() {
    }

    DiskRestore(long jobId, String snapshotId) {
        this.jobId = jobId;
        this.snapshotId = snapshotId;
    }

    String snapshotId() {
        return snapshotId;
    }
}

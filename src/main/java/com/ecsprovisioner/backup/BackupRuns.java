package com.ecsprovisioner.backup;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/**
 * What a backup or disk roll-back job was asked, and the snapshot a backup made. The engine calls its handlers outside
 * any transaction (a read here then sees what was committed) and their outcomes inside the write-back's transaction,
 * which {@link #recordSnapshot} joins, so that the snapshot's id commits with the step that made it or not at all.
 * Called by the engine's worker only, never by a person, so no role is asked (as for the lifecycle's and the
 * firewall's stores).
 */
@PermitAll
@Stateless
public class BackupRuns {

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<BackupRun> forJob(long jobId) {
        return Optional.ofNullable(em.find(BackupRun.class, jobId));
    }

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void recordSnapshot(long jobId, String snapshotId) {
        BackupRun run = em.find(BackupRun.class, jobId);
        if (run == null) {
            throw new IllegalStateException("No backup is recorded for job " + jobId);
        }
        run.recordSnapshot(snapshotId);
    }

    /** The snapshot a disk roll-back job resets the disk to. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<String> restoreSnapshot(long jobId) {
        return Optional.ofNullable(em.find(DiskRestore.class, jobId)).map(DiskRestore::snapshotId);
    }
}

package com.ecsprovisioner.backup;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/**
 * Reads what a backup job was asked. The engine calls its handler outside any transaction; the part read here is
 * written once with its job and not changed by the steps, so a read without a transaction sees all of it.
 */
@Stateless
public class BackupRuns {

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<BackupRun> forJob(long jobId) {
        return Optional.ofNullable(em.find(BackupRun.class, jobId));
    }
}

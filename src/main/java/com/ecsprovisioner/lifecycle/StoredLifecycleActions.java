package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.Job;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The lifecycle actions' details in table {@code lifecycle_action}. The engine calls the handler's calls outside any
 * transaction (a read then sees what was committed) and its outcomes inside the write-back's transaction, which
 * {@link #change} joins, so that a recorded snapshot id or boot id commits with the job's step or not at all.
 */
@Stateless
// Called only by the engine's worker, which runs without a caller: no boundary a person reaches (the console and the
// automation interface go through the role-checked services), so no role to require.
@PermitAll
public class StoredLifecycleActions implements LifecycleActions {

    @PersistenceContext
    EntityManager em;

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public LifecycleAction read(Job job) {
        LifecycleAction kept = em.find(LifecycleAction.class, job.getId());
        return kept == null ? LifecycleAction.none(job.getId()) : kept;
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public LifecycleAction change(Job job) {
        LifecycleAction kept = em.find(LifecycleAction.class, job.getId());
        if (kept == null) {
            kept = LifecycleAction.none(job.getId());
            em.persist(kept);
        }
        return kept;
    }
}

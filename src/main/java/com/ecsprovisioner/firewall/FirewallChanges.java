package com.ecsprovisioner.firewall;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/**
 * Reads the change a firewall job was asked for. The engine calls its handler outside any transaction; a change is
 * written once with its job and never changed, so a read without a transaction sees all of it.
 */
@Stateless
// Called only by the engine's worker, which runs without a caller: no boundary a person reaches (the console and the
// automation interface go through the role-checked services), so no role to require.
@PermitAll
public class FirewallChanges {

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<FirewallChange> forJob(long jobId) {
        return Optional.ofNullable(em.find(FirewallChange.class, jobId));
    }
}

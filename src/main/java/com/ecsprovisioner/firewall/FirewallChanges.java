package com.ecsprovisioner.firewall;

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
public class FirewallChanges {

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<FirewallChange> forJob(long jobId) {
        return Optional.ofNullable(em.find(FirewallChange.class, jobId));
    }
}

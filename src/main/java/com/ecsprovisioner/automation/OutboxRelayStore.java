package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.outbox.OutboxEvent;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The relay's database side, each method one short transaction of its own ({@link OutboxRelay.Store}). Pending rows
 * are read in (job, sequence) order, not by id: ids are handed out in blocks per node, so a job's later event can
 * have the smaller id when two nodes wrote its events.
 */
@Stateless
@LocalBean // besides its interface: the relay injects the bean itself
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class OutboxRelayStore implements OutboxRelay.Store {

    @PersistenceContext
    EntityManager em;

    @Override
    public boolean claim(String holder, Duration lease) {
        RelayLease row = em.find(RelayLease.class, RelayLease.ID, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new IllegalStateException("The relay lease row is missing (migration V13)");
        }
        return row.claim(holder, Instant.now(), lease);
    }

    @Override
    public List<RelayedEvent> pending(int max) {
        return em.createQuery("SELECT e FROM OutboxEvent e WHERE e.relayedAt IS NULL ORDER BY e.jobId, e.sequenceNo, e.id",
                        OutboxEvent.class)
                .setMaxResults(max).getResultStream().map(RelayedEvent::of).toList();
    }

    @Override
    public void markRelayed(List<Long> ids) {
        Instant now = Instant.now();
        for (OutboxEvent row : em.createQuery("SELECT e FROM OutboxEvent e WHERE e.id IN :ids", OutboxEvent.class)
                .setParameter("ids", ids).getResultList()) {
            if (row.relayedAt() == null) {
                row.relayed(now);
            }
        }
    }

    @Override
    public void release(String holder) {
        RelayLease row = em.find(RelayLease.class, RelayLease.ID, LockModeType.PESSIMISTIC_WRITE);
        if (row != null) {
            row.release(holder);
        }
    }

    /** Deletes relayed rows older than {@code cutoff}; answers how many. Never a pending row. */
    public int deleteRelayedBefore(Instant cutoff) {
        return em.createQuery("DELETE FROM OutboxEvent e WHERE e.relayedAt IS NOT NULL AND e.relayedAt < :cutoff")
                .setParameter("cutoff", cutoff).executeUpdate();
    }
}

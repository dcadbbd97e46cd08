package com.ecsprovisioner.platform.outbox;

import jakarta.persistence.EntityManager;

import java.util.List;

/** The outbox outside the container, on a test's entity manager (its transaction is the caller's, as in the container). */
public final class TestOutbox {

    private TestOutbox() {
    }

    public static Outbox on(EntityManager em) {
        Outbox outbox = new Outbox();
        outbox.em = em;
        return outbox;
    }

    /** Every row of the outbox, in (job, sequence) order. */
    public static List<OutboxEvent> rows(EntityManager em) {
        return em.createQuery("SELECT e FROM OutboxEvent e ORDER BY e.jobId, e.sequenceNo, e.id", OutboxEvent.class).getResultList();
    }
}

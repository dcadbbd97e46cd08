package com.ecsprovisioner.platform.outbox;

import jakarta.persistence.EntityManager;

/** The outbox on a test's entity manager (outside a container, which would inject it). */
public final class OutboxOn {

    private OutboxOn() {
    }

    public static Outbox entityManager(EntityManager em) {
        Outbox outbox = new Outbox();
        outbox.em = em;
        return outbox;
    }
}

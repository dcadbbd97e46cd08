package com.ecsprovisioner.testsupport;

import jakarta.persistence.EntityManager;

import java.util.function.Supplier;

/** A test's stand-in for a container transaction on a resource-local entity manager: committed, or rolled back on failure. */
public final class Transactions {

    private Transactions() {
    }

    public static <T> T inTransaction(EntityManager em, Supplier<T> work) {
        em.getTransaction().begin();
        try {
            T result = work.get();
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
        }
    }
}

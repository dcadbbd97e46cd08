package com.ecsprovisioner.provider;

import jakarta.persistence.EntityManager;

import java.time.Duration;

/** The catalogue cache outside the container, on a test's entity manager (its transaction is the caller's). */
public final class TestCatalogCache {

    private TestCatalogCache() {
    }

    public static CatalogCache on(EntityManager em, Duration maxAge) {
        CatalogCache cache = new CatalogCache();
        cache.em = em;
        cache.maxAge = maxAge;
        return cache;
    }
}

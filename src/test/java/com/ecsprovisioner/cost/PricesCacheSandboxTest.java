package com.ecsprovisioner.cost;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.provider.CatalogEntry;
import com.ecsprovisioner.provider.ProfileAccess;
import com.ecsprovisioner.provider.TestCatalogCache;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A price read that fails is not kept as an answer: with the real SDK against the sandbox and the catalogue cache on
 * H2 with the product's migrations, DescribePrice failing (the cloud too slow to answer) makes the price unavailable
 * with the reason and keeps nothing; the cloud answering again, the next read asks it and keeps the answer with its
 * age, and the read after is served from the cache (the sandbox gone by then).
 */
class PricesCacheSandboxTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aFailedReadIsNotCachedAndIsAskedAgainUntilTheCloudAnswers() {
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .fault("DescribePrice", FaultRule.parse("latency=3000")).build());
        AccessKey key = sandbox.accounts().stream().filter(a -> a.userName().equals("sandbox-read-only")).findFirst().orElseThrow();
        int port = sandbox.port();
        db.open();
        EntityManager em = db.createEntityManager();
        Prices prices = new Prices();
        prices.cache = TestCatalogCache.on(em, Duration.ofHours(6));
        prices.access = new ProfileAccess() {
            @Override
            public CloudRegion cloudFor(long profileId) {
                return new AlibabaCloud(Duration.ofSeconds(2), Duration.ofMillis(800)).region(new CloudConnection(key.id(),
                        key.secret(), "cn-hangzhou", Optional.of(URI.create("http://127.0.0.1:" + port))));
            }
        };
        CloudTypes.PriceQuery query = new CloudTypes.PriceQuery("ecs.c7.large", "cloud_essd", 40, 5,
                CloudTypes.BandwidthBilling.BY_TRAFFIC);

        PriceUnavailable failed = assertThrows(PriceUnavailable.class, () -> inTransaction(em, () -> prices.quote(7, query)));
        assertTrue(failed.getMessage().startsWith("price unavailable: ") && failed.getMessage().contains("SDK.ReadTimeout"),
                failed.getMessage());
        assertEquals(List.of(), cached(em), "a failure is not an answer");
        // Still failing: asked again (not answered from a cached failure), and failing again.
        assertThrows(PriceUnavailable.class, () -> inTransaction(em, () -> prices.quote(7, query)));
        assertEquals(List.of(), cached(em));

        // The cloud answers again (the same account and port, no fault).
        sandbox.close();
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).port(port).account(key).build());
        PriceQuote read = inTransaction(em, () -> prices.quote(7, query));
        assertEquals(0, new BigDecimal("0.092").compareTo(read.perHour()), read.toString());
        List<CatalogEntry> kept = cached(em);
        assertEquals(1, kept.size(), "the answer is kept");
        assertEquals(read.readAt(), kept.get(0).getFetchedAt(), "with when it was read, the age shown");

        // Served from the cache with its age: the cloud is not asked (it is gone).
        sandbox.close();
        sandbox = null;
        PriceQuote again = inTransaction(em, () -> prices.quote(7, query));
        assertEquals(read.readAt(), again.readAt());
        assertEquals(0, read.perHour().compareTo(again.perHour()));
    }

    private static List<CatalogEntry> cached(EntityManager em) {
        em.clear();
        return em.createQuery("SELECT e FROM CatalogEntry e WHERE e.kind = :kind", CatalogEntry.class)
                .setParameter("kind", CatalogEntry.Kind.PRICES).getResultList();
    }

    /** Prices.quote runs in a transaction of its own (REQUIRES_NEW): a failure rolls back whatever it began. */
    private static <T> T inTransaction(EntityManager em, Supplier<T> work) {
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

package com.ecsprovisioner.cost;

import static com.ecsprovisioner.testsupport.Transactions.inTransaction;
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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A price read that fails is not kept as an answer: with the real SDK against the sandbox and the catalogue cache on
 * H2 with the product's migrations, DescribePrice failing (the cloud too slow to answer) makes the price unavailable
 * with the reason and keeps nothing, so the next read asks the cloud again instead of answering from a failure. (That
 * an answer is then kept with its age is shown in the running product, {@code AutomationCommandsIT}'s quote: storing
 * one needs the JSON-B provider the application server brings.)
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
    void aFailedReadIsNotCachedAndTheNextReadAsksTheCloudAgain() {
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .fault("DescribePrice", FaultRule.parse("latency=3000")).build());
        AccessKey key = sandbox.accounts().stream().filter(a -> a.userName().equals("sandbox-read-only")).findFirst().orElseThrow();
        CloudRegion region = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofMillis(800)).region(new CloudConnection(key.id(),
                key.secret(), "cn-hangzhou", Optional.of(URI.create("http://" + sandbox.endpoint()))));
        AtomicInteger asked = new AtomicInteger();
        db.open();
        EntityManager em = db.createEntityManager();
        Prices prices = new Prices();
        prices.cache = TestCatalogCache.on(em, Duration.ofHours(6));
        prices.access = new ProfileAccess() {
            @Override
            public CloudRegion cloudFor(long profileId) {
                return cloudFor(profileId, null);
            }

            @Override
            public CloudRegion cloudFor(long profileId, String regionId) {
                return (CloudRegion) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{CloudRegion.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("price")) {
                                asked.incrementAndGet();
                            }
                            try {
                                return method.invoke(region, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        CloudTypes.PriceQuery query = new CloudTypes.PriceQuery("ecs.c7.large", "cloud_essd", 40, 5,
                CloudTypes.BandwidthBilling.BY_TRAFFIC);

        for (int read = 1; read <= 2; read++) {
            PriceUnavailable failed = assertThrows(PriceUnavailable.class, () -> inTransaction(em, () -> prices.quote(7, query)));
            assertTrue(failed.getMessage().startsWith("price unavailable: ") && failed.getMessage().contains("SDK.ReadTimeout"),
                    failed.getMessage());
            assertEquals(List.of(), cached(em), "a failure is not an answer");
            assertEquals(read, asked.get(), "each read asked the cloud, none was answered from a failure");
        }
    }

    private static List<CatalogEntry> cached(EntityManager em) {
        em.clear();
        return em.createQuery("SELECT e FROM CatalogEntry e WHERE e.kind = :kind", CatalogEntry.class)
                .setParameter("kind", CatalogEntry.Kind.PRICES).getResultList();
    }
}

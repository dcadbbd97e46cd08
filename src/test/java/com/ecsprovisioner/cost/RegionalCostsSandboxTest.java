package com.ecsprovisioner.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.CatalogCache;
import com.ecsprovisioner.provider.CatalogEntry;
import com.ecsprovisioner.provider.ProfileAccess;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server deployed to another region than its profile's is priced with that region's prices: with the real SDK
 * against the sandbox (whose price table makes cn-shanghai a quarter dearer than cn-hangzhou) and the cost boundary's
 * query on H2 with the product's migrations, two servers of one profile (region cn-hangzhou) with the same
 * configuration, one in each region, cost what their own regions ask.
 */
class RegionalCostsSandboxTest {

    private static final JobKind DEPLOY = JobKind.of("DEPLOY", "Deploy");
    private static final StepName STEP = StepName.of("INSTANCE", "Create the instance", Duration.ofMinutes(5));

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
    void aServerInShanghaiIsPricedWithShanghaisPrices() {
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());
        AccessKey key = sandbox.accounts().stream().filter(a -> a.userName().equals("sandbox-read-only")).findFirst().orElseThrow();
        AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
        List<String> regionsAsked = new ArrayList<>();
        db.open();
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        Server home = deployed(em, "home", "cn-hangzhou");
        Server away = deployed(em, "away", "cn-shanghai");
        em.getTransaction().commit();

        Prices prices = new Prices();
        prices.access = new ProfileAccess() {
            @Override
            public CloudRegion cloudFor(long profileId, String regionId) {
                String region = regionId == null ? "cn-hangzhou" : regionId;
                regionsAsked.add(region);
                return cloud.region(new CloudConnection(key.id(), key.secret(), region,
                        Optional.of(URI.create("http://" + sandbox.endpoint()))));
            }
        };
        // Each read asks the cloud: keeping an answer needs the JSON-B provider the application server brings.
        prices.cache = new CatalogCache() {
            @Override
            public <T> Cached<T> get(long profileId, CatalogEntry.Kind kind, String scope, Class<T> type, Supplier<List<T>> fetch) {
                return new Cached<>(fetch.get(), Instant.now());
            }
        };
        Costs costs = new Costs();
        costs.em = em;
        costs.prices = prices;
        costs.profiles = new ProviderProfiles() {
            @Override
            public CatalogCache.Cached<CloudTypes.InstanceType> instanceTypes(long id) {
                throw new Rejected("not read here: the stop mode is not what this test is about");
            }
        };

        ServerCost atHome = costs.serverCost(home.getId());
        ServerCost awayCost = costs.serverCost(away.getId());
        // cn-hangzhou: 0.084 an hour for ecs.c7.large, 0.0002 per GiB-hour of cloud_essd (40 GiB): 0.092, 67.16 a month.
        assertEquals(new BigDecimal("67.16"), atHome.runningPerMonth(), atHome.text());
        // cn-shanghai: the same a quarter dearer, 0.115 an hour.
        assertEquals(new BigDecimal("83.95"), awayCost.runningPerMonth(), awayCost.text());
        assertTrue(regionsAsked.contains("cn-shanghai"), "the server's own region was asked: " + regionsAsked);

        Costs.Resize resize = costs.resizePrice(away.getId(), "ecs.c7.xlarge");
        assertEquals(new BigDecimal("83.95"), resize.before().perMonth(), "a resize is priced in the server's region too");
    }

    private static Server deployed(EntityManager em, String name, String region) {
        Instant t = Instant.now();
        Server s = new Server(name, 7, region, "ecs.c7.large", "ubuntu", t);
        em.persist(s);
        em.flush();
        em.persist(new Job(DEPLOY, List.of(STEP), s.getId(), 7, JobPlan.deployment(region, null, ZonePolicy.FIRST_ZONE,
                NetworkPolicy.PER_SERVER, name, "ecs.c7.large", "ubuntu", "cloud_essd", 40, 5, "key", 22), "alice", t));
        s.startProvisioning(t);
        s.recordInstance("i-" + name, t);
        return s;
    }
}

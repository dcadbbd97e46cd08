package com.ecsprovisioner.cleanup;

import static com.ecsprovisioner.testsupport.Transactions.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A profile whose servers were deployed to another region than its own has its orphans looked for there too: against
 * the in-process sandbox (the real Alibaba SDK) and H2 with the product's migrations, a network left behind in
 * cn-shanghai, where one of the profile's servers lives, is found, recorded in its region and deleted by a job
 * there; a region the profile never deployed to is not listed (the product made nothing there).
 */
class OrphansInOtherRegionsSandboxTest {

    private static final long PROFILE = 7;
    private static final String OWN = "cn-hangzhou";
    private static final String AWAY = "cn-shanghai";

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private final Sandbox sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());
    private EntityManager em;

    @AfterEach
    void stop() {
        if (em != null) {
            em.close();
        }
        sandbox.close();
    }

    @Test
    void anOrphanLeftInAnotherRegionOfTheProfilesServersIsFoundAndDeletedThere() {
        db.open();
        em = db.createEntityManager();
        AccessKey key = sandbox.accounts().stream().filter(k -> k.userName().equals("sandbox-admin")).findFirst().orElseThrow();
        AlibabaCloud alibaba = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
        Function<String, CloudRegion> cloudIn = region -> alibaba.region(new CloudConnection(key.id(), key.secret(), region,
                Optional.of(URI.create("http://" + sandbox.endpoint()))));
        inTransaction(em, () -> {
            em.persist(new Server("away-1", PROFILE, AWAY, "ecs.t6-c1m1.large", "ubuntu", Instant.now()));
            return null;
        });
        String leftInShanghai = vpc(cloudIn.apply(AWAY), "left-in-shanghai");
        String neverDeployedTo = vpc(cloudIn.apply("cn-beijing"), "left-in-beijing");
        String leftAtHome = vpc(cloudIn.apply(OWN), "left-at-home");

        OrphanBook book = new OrphanBook(em, new CleanupSettings(Optional.of(Duration.ofHours(1)), Optional.empty(),
                Duration.ofMinutes(10), Duration.ofMinutes(5)));
        Set<String> regions = inTransaction(em, () -> book.regions(PROFILE, OWN));
        assertEquals(Set.of(OWN, AWAY), regions, "the profile's region and its servers' regions");

        Instant t0 = Instant.now();
        List<OrphanFinder.Tagged> tagged = OrphanFinder.tagged(cloudIn, regions, PROFILE);
        inTransaction(em, () -> book.recordLook(PROFILE, tagged, t0));
        List<OrphanRecord> records = inTransaction(em, () -> book.records(PROFILE));
        assertEquals(Set.of(leftInShanghai + "@" + AWAY, leftAtHome + "@" + OWN),
                records.stream().map(r -> r.getResourceId() + "@" + r.getRegionId()).collect(Collectors.toSet()),
                "each orphan in its own region; nothing from " + neverDeployedTo + " in a region never deployed to");

        Instant t1 = t0.plus(Duration.ofHours(1)).plusSeconds(1);
        List<OrphanFinder.Tagged> again = OrphanFinder.tagged(cloudIn, regions, PROFILE);
        List<Job> jobs = inTransaction(em, () -> book.recordLook(PROFILE, again, t1));
        assertEquals(2, jobs.size(), "one deletion job per orphan once its grace passed");
        Long jobId = inTransaction(em, () -> book.records(PROFILE)).stream().filter(r -> r.getResourceId().equals(leftInShanghai))
                .findFirst().orElseThrow().getDeletionJobId();
        Job shanghai = jobs.stream().filter(j -> j.getId().equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("no deletion job for " + leftInShanghai + ": " + jobs));
        assertEquals(AWAY, shanghai.plan().regionId(), "the deletion works in the orphan's region");
    }

    private static String vpc(CloudRegion cloud, String name) {
        return cloud.createVpc(new CloudTypes.VpcSpec(name, "172.16.0.0/12", "", Tags.forServer(PROFILE, 995)),
                UUID.randomUUID().toString());
    }
}

package com.ecsprovisioner.cleanup;

import static com.ecsprovisioner.testsupport.Transactions.inTransaction;
import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditRecord;
import com.ecsprovisioner.audit.AuditTrails;
import com.ecsprovisioner.audit.Origin;
import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clean-up by itself against the in-process sandbox (the real Alibaba SDK), H2 with the product's migrations and
 * the engine's moves as the worker makes them, on a clock the test turns: orphaned instances and networks are found
 * and recorded with their age, the profile's shared network and a live server's resources never are, the deletion
 * jobs come only once the grace period has passed (and never for an instance while instance deletion is off), they
 * delete what they name, and each deletion is in the audit trail with who asked.
 */
class OrphanCleanupSandboxTest {

    private static final long PROFILE = 7;
    private static final String REGION = "cn-hangzhou";
    private static final String ZONE = "cn-hangzhou-h";

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private final Sandbox sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());
    private CloudRegion cloud;
    private EntityManager em;
    private OrphanDeletion handler;
    /** Network orphans are deleted an hour after they were first seen; instances never, unless a profile says so. */
    private final CleanupSettings settings = new CleanupSettings(Optional.of(Duration.ofHours(1)), Optional.empty(),
            Duration.ofMinutes(10), Duration.ofMinutes(5));

    private String sharedVpc;
    private String sharedVSwitch;
    private String sharedGroup;
    private String liveVpc;
    private String otherProfileVpc;
    private String orphanVpc;
    private String orphanVSwitch;
    private String orphanGroup;
    private String orphanInstance;

    @BeforeEach
    void cloudWithOrphans() {
        db.open();
        em = db.createEntityManager();
        AccessKey key = sandbox.accounts().stream().filter(k -> k.userName().equals("sandbox-admin")).findFirst().orElseThrow();
        cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5)).region(new CloudConnection(key.id(),
                key.secret(), REGION, Optional.of(URI.create("http://" + sandbox.endpoint()))));
        handler = new OrphanDeletion(ProvisioningSettings.defaults(), new Random(3), AuditTrails.on(em, null));

        Map<String, String> shared = Tags.forSharedNetwork(PROFILE);
        sharedVpc = vpc("shared", shared);
        sharedVSwitch = cloud.createVSwitch(new CloudTypes.VSwitchSpec(sharedVpc, ZONE, "shared", "172.16.1.0/24", shared), token());
        sharedGroup = cloud.createSecurityGroup(new CloudTypes.SecurityGroupSpec(sharedVpc, "shared", "web", shared), token());

        Server live = inTransaction(em, () -> {
            Server s = new Server("live-1", PROFILE, REGION, "ecs.t6-c1m1.large", "ubuntu", Instant.now());
            em.persist(s);
            return s;
        });
        liveVpc = vpc("live", Tags.forServer(PROFILE, live.getId()));
        otherProfileVpc = vpc("other-profile", Tags.forServer(PROFILE + 1, 997));

        Map<String, String> leftBehind = Tags.forServer(PROFILE, 999);
        orphanVpc = vpc("left-behind", leftBehind);
        orphanVSwitch = cloud.createVSwitch(new CloudTypes.VSwitchSpec(orphanVpc, ZONE, "left", "172.16.2.0/24", leftBehind), token());
        orphanGroup = cloud.createSecurityGroup(new CloudTypes.SecurityGroupSpec(orphanVpc, "left", "web", leftBehind), token());
        // An instance whose server is gone, in the shared network (which stays).
        orphanInstance = cloud.runInstance(new CloudTypes.InstanceSpec("forgotten", "forgotten", ZONE, "ecs.t6-c1m1.large",
                "ubuntu_22_04_x64_20G_alibase_20240130.vhd", sharedVSwitch, sharedGroup, null, "cloud_essd", 40, 5,
                Tags.forServer(PROFILE, 998)), token());
    }

    @AfterEach
    void stop() {
        if (em != null) {
            em.close();
        }
        sandbox.close();
    }

    @Test
    void orphansAreListedWithTheirAgeAndDeletedByJobsOnceTheirGracePassedInstancesOnlyWhenEnabled() {
        OrphanBook book = new OrphanBook(em, settings);
        Instant t0 = Instant.now();
        assertTrue(look(book, t0).isEmpty(), "nothing is deleted when first seen");

        List<Cleanup.Orphan> listed = Cleanup.views(book, PROFILE, t0.plusSeconds(60));
        assertEquals(Set.of(orphanInstance, orphanGroup, orphanVSwitch, orphanVpc), ids(listed), listed.toString());
        assertEquals(List.of(ResourceKind.INSTANCE, ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC),
                listed.stream().map(Cleanup.Orphan::kind).toList(), "listed in deletion order");
        for (Cleanup.Orphan o : listed) {
            assertNotNull(o.createdAt(), o.toString());
            assertTrue(o.age().compareTo(Duration.ofSeconds(59)) >= 0 && o.age().compareTo(Duration.ofMinutes(5)) < 0, o.toString());
            assertTrue(o.why().contains("its server (99"), o.why());
            assertNull(o.jobId());
        }
        assertNull(orphan(listed, orphanInstance).deleteAt(), "instances are never deleted by themselves by default");
        assertEquals(t0.plus(Duration.ofHours(1)), orphan(listed, orphanVpc).deleteAt());
        for (String never : List.of(sharedVpc, sharedVSwitch, sharedGroup, liveVpc, otherProfileVpc)) {
            assertFalse(ids(listed).contains(never), never + " is not an orphan");
        }

        assertTrue(look(book, t0.plus(Duration.ofMinutes(30))).isEmpty(), "the grace period has not passed yet");

        Instant t1 = t0.plus(Duration.ofMinutes(61));
        List<Job> jobs = look(book, t1);
        assertEquals(3, jobs.size(), "the network orphans are deleted, the instance is not");
        List<Cleanup.Orphan> deleting = Cleanup.views(book, PROFILE, t1);
        assertTrue(orphan(deleting, orphanVpc).age().compareTo(Duration.ofMinutes(61)) >= 0);
        assertNull(orphan(deleting, orphanInstance).jobId());
        assertNotNull(orphan(deleting, orphanVSwitch).jobId());
        run(t1);
        assertTrue(allSucceeded(), jobs.toString());
        waitUntilGone(orphanVpc, orphanVSwitch, orphanGroup);
        assertTrue(exists(sharedVpc) && exists(liveVpc), "the shared network and the live server's stay");

        List<AuditRecord> records = deletions();
        assertEquals(Set.of("security group " + orphanGroup + " of profile 7", "vSwitch " + orphanVSwitch + " of profile 7",
                "VPC " + orphanVpc + " of profile 7"), records.stream().map(AuditRecord::getSubject).collect(Collectors.toSet()));
        assertTrue(records.stream().allMatch(r -> r.getActor().equals("system") && r.getOrigin() == Origin.TIMER));

        Instant t2 = t1.plus(Duration.ofDays(10));
        assertTrue(look(book, t2).isEmpty(), "an orphaned instance is not deleted while instance deletion is off");
        assertEquals(Set.of(orphanInstance), ids(Cleanup.views(book, PROFILE, t2)), "the deleted ones are no longer listed");
        assertTrue(cloud.describeInstances(List.of(orphanInstance)).containsKey(orphanInstance));

        inTransaction(em, () -> {
            book.watch(PROFILE, t2).setGrace(GracePeriods.of(null, 120));
            return null;
        });
        Instant t3 = t2.plus(Duration.ofMinutes(1));
        List<Job> instanceJob = look(book, t3);
        assertEquals(1, instanceJob.size(), "the profile turned instance deletion on; the instance was an orphan for 10 days");
        run(t3);
        assertTrue(allSucceeded());
        assertFalse(cloud.describeInstances(List.of(orphanInstance)).containsKey(orphanInstance), "the instance is released");
        assertTrue(deletions().stream().anyMatch(r -> r.getSubject().equals("instance " + orphanInstance + " of profile 7")
                && r.getActor().equals("system")));
    }

    @Test
    void aPersonsDeletionIsAJobAuditedAsTheirsAndOnlyOrphansCanBeChosen() {
        CleanupSettings off = new CleanupSettings(Optional.empty(), Optional.empty(), Duration.ofMinutes(10), Duration.ofMinutes(5));
        OrphanBook book = new OrphanBook(em, off);
        Instant t0 = Instant.now();
        assertTrue(look(book, t0).isEmpty());
        assertTrue(look(book, t0.plus(Duration.ofDays(30))).isEmpty(), "no grace period set: nothing is deleted by itself");

        Rejected shared = assertThrows(Rejected.class, () -> inTransaction(em, () ->
                book.requestDeletion(PROFILE, Set.of(orphanGroup, sharedVpc), "alice", t0)));
        assertTrue(shared.getMessage().contains(sharedVpc), shared.getMessage());
        assertTrue(allSucceeded(), "a refused request makes no job");

        Instant t1 = t0.plus(Duration.ofDays(30)).plusSeconds(1);
        List<Job> jobs = inTransaction(em, () -> book.requestDeletion(PROFILE, Set.of(orphanInstance, orphanGroup), "alice", t1));
        assertEquals(2, jobs.size());
        assertTrue(jobs.stream().allMatch(j -> j.getServerId() == null && j.getRequestedBy().equals("alice")));
        run(t1);
        assertTrue(allSucceeded());
        assertFalse(exists(orphanGroup));
        List<AuditRecord> records = deletions();
        assertEquals(2, records.size(), AuditTrails.describe(records));
        assertTrue(records.stream().allMatch(r -> r.getActor().equals("alice") && r.getOrigin() == Origin.CONSOLE));
    }

    @Test
    void ofTwoNodesLookingAtOnceTheDatabaseLetsOneLook() {
        OrphanBook first = new OrphanBook(em, settings);
        // The database keeps microseconds: a time it rounded up would not be due yet at the same instant.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        inTransaction(em, () -> first.watch(PROFILE, now));
        EntityManager otherNode = db.createEntityManager();
        OrphanBook second = new OrphanBook(otherNode, settings);
        em.getTransaction().begin();
        otherNode.getTransaction().begin();
        assertTrue(first.claimLook(PROFILE, now));
        assertTrue(second.claimLook(PROFILE, now));
        em.getTransaction().commit();
        assertThrows(RuntimeException.class, () -> otherNode.getTransaction().commit(), "the version check refuses the second claim");
        otherNode.close();
        em.clear();
        assertFalse(inTransaction(em, () -> first.claimLook(PROFILE, now.plusSeconds(60))), "the first node holds the look");
        assertTrue(inTransaction(em, () -> first.claimLook(PROFILE, now.plus(Duration.ofMinutes(6)))), "a dead node's lease runs out");
    }

    // ---- the moves of the sweep and the engine, on the test's clock --------------------------------------------------

    private List<Job> look(OrphanBook book, Instant now) {
        List<OrphanFinder.Tagged> tagged = OrphanFinder.tagged(cloud, REGION, PROFILE);
        return inTransaction(em, () -> book.recordLook(PROFILE, tagged, now));
    }

    /** What the engine's worker does with each due job: claim, prepare, execute (no transaction), apply, release. */
    private void run(Instant start) {
        Instant now = start;
        for (int round = 0; round < 200; round++) {
            Instant t = now;
            List<Job> due = inTransaction(em, () -> em.createNamedQuery("Job.dueJobs", Job.class).setParameter("now", t).getResultList());
            if (due.isEmpty() && allSucceededOrFailed()) {
                return;
            }
            for (Job job : due) {
                inTransaction(em, () -> {
                    Job j = em.find(Job.class, job.getId());
                    if (j.claim(t, Duration.ofMinutes(2)).isPresent()) {
                        handler.prepare(j, null, t);
                        Outcome outcome = handler.execute(j, null, cloud, CloudObservations.direct(cloud), t);
                        outcome.applyTo(j, null, t);
                        j.releaseClaim();
                    }
                    return null;
                });
            }
            now = now.plusSeconds(5);
        }
        throw new AssertionError("the deletion jobs did not finish");
    }

    private boolean allSucceeded() {
        return jobs().stream().allMatch(j -> j.getState() == JobState.SUCCEEDED);
    }

    private boolean allSucceededOrFailed() {
        return jobs().stream().noneMatch(j -> j.getState().isActive());
    }

    private List<Job> jobs() {
        em.clear();
        return em.createQuery("SELECT j FROM Job j", Job.class).getResultList();
    }

    private List<AuditRecord> deletions() {
        return AuditTrails.all(em).stream().filter(r -> r.getAction() == AuditAction.ORPHAN_DELETED).toList();
    }

    private boolean exists(String id) {
        return cloud.networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE)).stream().anyMatch(r -> r.id().equals(id));
    }

    /** DeleteVpc is asynchronous in the cloud: the VPC is listed a moment longer. */
    private void waitUntilGone(String... ids) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (List.of(ids).stream().anyMatch(this::exists)) {
            assertTrue(System.nanoTime() < end, "still listed after 5 s");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String vpc(String name, Map<String, String> tags) {
        return cloud.createVpc(new CloudTypes.VpcSpec(name, "172.16.0.0/12", "", tags), token());
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    private static Set<String> ids(List<Cleanup.Orphan> orphans) {
        return orphans.stream().map(Cleanup.Orphan::id).collect(Collectors.toSet());
    }

    private static Cleanup.Orphan orphan(List<Cleanup.Orphan> orphans, String id) {
        return orphans.stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " not listed"));
    }
}

package com.ecsprovisioner.engine;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.deployment.BootstrapStep;
import com.ecsprovisioner.deployment.DeploymentProcess;
import com.ecsprovisioner.deployment.MemoryBootstrapAccess;
import com.ecsprovisioner.deployment.SshProbe;
import com.ecsprovisioner.launch.LaunchSettings;
import com.ecsprovisioner.platform.MigratedH2;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.RollbackException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V2's tables and the server and job mappings agree (H2 in the product's mode), and the version column makes two
 * claims of the same job from the same state conflict, which is what keeps two deliveries from advancing one step
 * twice.
 */
class JobMappingTest {

    @TempDir
    Path dir;
    EntityManagerFactory factory;
    private String postgresSchema;

    /** H2 always; PostgreSQL too when one answers (as in SchemaAndMappingTest), in a schema of its own. */
    static java.util.stream.Stream<String> databases() {
        return java.util.stream.Stream.of("h2", "postgresql");
    }

    void open(String database) {
        String url;
        String user;
        String password;
        if (database.equals("h2")) {
            url = LaunchSettings.defaultJdbcUrl(dir);
            user = "ecs";
            password = "ecs";
            assertTrue(Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate().success);
        } else {
            String base = System.getenv().getOrDefault("ECS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            user = System.getenv().getOrDefault("ECS_TEST_POSTGRES_USER", "postgres");
            password = "";
            org.junit.jupiter.api.Assumptions.assumeTrue(reachable(base, user), "PostgreSQL not reachable at " + base);
            postgresSchema = "ecs_job_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            assertTrue(Flyway.configure().dataSource(base, user, password).schemas(postgresSchema).createSchemas(true)
                    .locations("classpath:db/migration").load().migrate().success);
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + postgresSchema;
            dropSchema = () -> {
                try (java.sql.Connection c = java.sql.DriverManager.getConnection(base, user, "");
                     java.sql.Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + postgresSchema + " CASCADE");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        factory = MigratedH2.persistenceUnit(url, user, password);
    }

    private Runnable dropSchema = () -> { };

    private static boolean reachable(String url, String user) {
        try (java.sql.Connection ignored = java.sql.DriverManager.getConnection(url, user, "")) {
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
        dropSchema.run();
    }

    /**
     * A kind the engine has never heard of (V11 dropped the schema's list) is stored and read back with the labels it
     * was made with, so the console shows it even when no handler declares it; the worker finds no handler for it.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("databases")
    void aJobOfAKindNoHandlerDeclaresIsReadBackWithItsLabels(String database) {
        open(database);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JobKind archive = JobKind.of("ARCHIVE", "Archive");
        StepName pack = StepName.of("PACK", "Pack the disk", Duration.ofMinutes(5));
        EntityManager em = factory.createEntityManager();
        em.getTransaction().begin();
        Server server = new Server("web-3", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t0);
        em.persist(server);
        em.flush();
        Job job = new Job(archive, List.of(pack), server.getId(), 7, JobPlan.bootstrapOnly("cn-hangzhou", "web-3", 22), "alice", t0);
        job.log(t0, JobLogEntry.Level.INFO, "Archive of web-3 requested");
        em.persist(job);
        em.getTransaction().commit();
        long jobId = job.getId();
        em.close();

        EntityManager reader = factory.createEntityManager();
        Job read = reader.find(Job.class, jobId);
        assertEquals(archive, read.getKind());
        assertEquals("Archive", read.getKind().label());
        assertEquals("archive", read.getKind().dbName());
        assertEquals("Pack the disk", read.getCurrentStep().label());
        assertEquals("Pack the disk", read.log().get(0).getStep().label());
        assertEquals("queued", read.getResult());
        assertTrue(JobHandlers.of().find(read.getKind()).isEmpty());
        reader.close();
    }

    /**
     * The waits' usual durations are read from the database: the median of the finished steps of succeeded jobs by
     * step name; a failed job's step teaches nothing, and the answer is kept in memory between two reads.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("databases")
    void theUsualDurationOfAStepIsLearnedFromSucceededJobs(String database) {
        open(database);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StepName pack = StepName.of("PACK", "Pack the disk", Duration.ofMinutes(5));
        EntityManager em = factory.createEntityManager();
        em.getTransaction().begin();
        for (long seconds : new long[]{8, 9, 30, 7, 2}) {
            Server server = new Server("pack-" + seconds, 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t0);
            em.persist(server);
            em.flush();
            Job job = new Job(JobKind.of("ARCHIVE", "Archive"), List.of(pack), server.getId(), 7,
                    JobPlan.bootstrapOnly("cn-hangzhou", "pack-" + seconds, 22), "alice", t0);
            job.start(t0);
            job.steps().beginCurrent(t0, Duration.ofMinutes(5));
            if (seconds == 2) {
                job.fail(pack, "broken", null, null, t0.plusSeconds(seconds));
            } else {
                job.steps().complete(t0.plusSeconds(seconds), "Packed");
            }
            em.persist(job);
        }
        em.getTransaction().commit();
        em.close();

        StoredStepDurations usual = new StoredStepDurations();
        usual.em = factory.createEntityManager();
        assertEquals(Optional.of(Duration.ofSeconds(9)), usual.of(pack), "the median of 7, 8, 9 and 30 s; the failed 2 s not counted");
        assertEquals(Optional.empty(), usual.of(StepName.of("OTHER", "Other", Duration.ofMinutes(1))));
        usual.em.close();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("databases")
    void aServerAndItsJobRoundTrip(String database) {
        open(database);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EntityManager em = factory.createEntityManager();
        em.getTransaction().begin();
        Server server = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t0);
        em.persist(server);
        em.flush();
        Job job = DeploymentJobs.create(server.getId(), JobTest.plan(), "alice", t0);
        em.persist(job);
        em.getTransaction().commit();
        long jobId = job.getId();
        em.close();

        EntityManager work = factory.createEntityManager();
        work.getTransaction().begin();
        Job loaded = work.find(Job.class, jobId);
        Server s = work.find(Server.class, loaded.getServerId());
        loaded.claim(t0, Duration.ofMinutes(2)).orElseThrow();
        new DeploymentProcess(ProvisioningSettings.defaults(), new java.util.Random(1), SshProbe.TCP,
                BootstrapStep.standard(new MemoryBootstrapAccess("root", 22, "unused: this test stops before the bootstrap"),
                        ProvisioningSettings.defaults(), null))
                .prepare(loaded, s, t0);
        loaded.resources().record(ResourceKind.VPC, "vpc-1", null, true, t0);
        loaded.waitUntil(t0.plusSeconds(2), t0);
        loaded.releaseClaim();
        work.getTransaction().commit();
        work.close();

        EntityManager read = factory.createEntityManager();
        Job again = read.find(Job.class, jobId);
        assertEquals(JobState.RUNNING, again.getState());
        assertEquals("alice", again.getRequestedBy());
        assertEquals(DeploymentJobs.STEPS, again.getSteps().stream().map(JobStep::getName).toList());
        assertEquals(StepStatus.WAITING, again.steps().current().getStatus());
        assertNotNull(again.steps().current().getClientToken());
        assertEquals(t0.plusSeconds(2), again.getNextRunAt());
        assertEquals("vpc-1", again.resources().id(ResourceKind.VPC).orElseThrow());
        assertTrue(again.log().size() >= 3, again.log().toString());
        assertEquals(ServerStatus.PROVISIONING, read.find(Server.class, again.getServerId()).getStatus());
        assertEquals(2, read.find(Server.class, again.getServerId()).getHistory().size());
        List<Long> due = read.createNamedQuery("Job.due", Long.class).setParameter("now", t0.plusSeconds(2)).getResultList();
        assertEquals(List.of(jobId), due);
        assertEquals(List.of(), read.createNamedQuery("Job.due", Long.class).setParameter("now", t0.plusSeconds(1)).getResultList());
        read.close();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("databases")
    void twoClaimsFromTheSameVersionConflict(String database) {
        open(database);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EntityManager em = factory.createEntityManager();
        em.getTransaction().begin();
        Server server = new Server("web-2", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t0);
        em.persist(server);
        em.flush();
        Job job = DeploymentJobs.create(server.getId(), JobTest.plan(), "admin", t0);
        em.persist(job);
        em.getTransaction().commit();
        em.close();

        EntityManager a = factory.createEntityManager();
        EntityManager b = factory.createEntityManager();
        a.getTransaction().begin();
        b.getTransaction().begin();
        Job ja = a.find(Job.class, job.getId());
        Job jb = b.find(Job.class, job.getId());
        assertTrue(ja.claim(t0, Duration.ofMinutes(2)).isPresent());
        assertTrue(jb.claim(t0, Duration.ofMinutes(2)).isPresent(), "both saw the job due");
        a.getTransaction().commit();
        RollbackException lost = assertThrows(RollbackException.class, () -> b.getTransaction().commit());
        assertInstanceOf(OptimisticLockException.class, lost.getCause());
        a.close();
        b.close();
    }
}

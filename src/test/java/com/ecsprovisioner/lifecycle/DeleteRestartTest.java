package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.DeployRequestCheck;
import com.ecsprovisioner.deployment.EngineHarness;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.deployment.DeploymentPlan;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobAdvancer;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobWorker;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.lifecycle.LifecycleRequests.NetworkChoice;
import com.ecsprovisioner.lifecycle.LifecycleRequests.Options;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Objects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static com.ecsprovisioner.deployment.EngineHarness.PROFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deletion that crashes in the middle is finished after a restart: the job lives in the database (H2 with the
 * product's migrations), the node that held it dies twice (after releasing the instance was asked, and after the
 * security group was deleted, each time before writing the answer back), a new node opens the database again, and
 * once the dead node's claim has run out the job picks up where the database says it is.
 */
class DeleteRestartTest {

    private static final Duration LEASE = Duration.ofMillis(300);

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();
    private EngineHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aDeletionThatCrashesTwiceIsFinishedAfterEachRestart() {
        ProvisioningSettings fast = EngineHarness.fastSettings();
        ProvisioningSettings settings = new ProvisioningSettings(fast.stepDeadlines(), fast.rollbackDeadline(), fast.retryFirst(),
                fast.retryMax(), fast.pollNetwork(), fast.pollInstance(), fast.pollSsh(), fast.pollMax(), fast.pollNear(), fast.pollBootstrap(),
                fast.pollBootstrapEnd(), fast.sweep(), fast.sshTimeout(), LEASE);
        h = new EngineHarness(b -> { }, settings, "sandbox-admin", true);
        db.open();

        // Deploy through the database, then hand over as the bootstrap would.
        long serverId = inTransaction(em -> {
            Instant now = Instant.now();
            DeploymentPlan plan = DeployRequestCheck.plan(DeployRequest.withDefaults("crash-1", PROFILE), h.defaults, h.cloud);
            Server server = new Server(plan.serverName(), plan.profileId(), plan.regionId(), plan.instanceType(), plan.imageId(), now);
            em.persist(server);
            em.flush();
            em.persist(DeploymentJobs.create(server.getId(), plan, "admin", now));
            return server.getId();
        });
        long deployId = jobIds(serverId).get(0);
        run(deployId, j -> false);
        assertEquals(JobState.SUCCEEDED, inTransaction(em -> em.find(Job.class, deployId).getState()));
        // The deployment includes the bootstrap, so the server is active now.
        assertEquals(com.ecsprovisioner.server.ServerStatus.ACTIVE, inTransaction(em -> em.find(Server.class, serverId).getStatus()));

        // Delete with the whole network.
        long deleteId = inTransaction(em -> {
            Server server = em.find(Server.class, serverId);
            List<NetworkChoice> offer = LifecycleRequests.deletionOffer(h.cloud, serverId, server, Map.of());
            assertEquals(3, offer.size());
            LifecycleRequests.Requested requested = LifecycleRequests.request(ServerAction.DELETE, serverId, server,
                    em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultList(),
                    Options.deleting(offer.stream().map(NetworkChoice::id).collect(Collectors.toSet())), offer, "admin", Instant.now());
            Job job = requested.job();
            em.persist(job);
            em.flush();
            em.persist(requested.actionOfJob());
            return job.getId();
        });

        // The step first looks for instances carrying the server's tag; the crash comes with the release call.
        run(deleteId, j -> j.log().stream().anyMatch(l -> l.getMessage().startsWith("Instances tagged with server")));
        crash(deleteId);
        assertEquals(0, h.region("sandbox-admin").instancesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE)).size(),
                "the dead node had asked for the release");
        restart();
        Job afterFirst = inTransaction(em -> em.find(Job.class, deleteId));
        assertEquals(JobState.RUNNING, afterFirst.getState());
        assertEquals(LifecycleStep.DELETE_INSTANCE.step, afterFirst.getCurrentStep());
        assertNotNull(afterFirst.getClaimedUntil(), "the dead node's claim is still in the database");

        run(deleteId, j -> Objects.equals(j.getCurrentStep(), LifecycleStep.DELETE_NETWORK.step));
        crash(deleteId);
        assertEquals(2, h.region("sandbox-admin").networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE)).size(),
                "the dead node had deleted the security group");
        restart();
        run(deleteId, j -> false);

        Job done = inTransaction(em -> {
            Job j = em.find(Job.class, deleteId);
            j.log().size();
            return j;
        });
        assertEquals(JobState.SUCCEEDED, done.getState(), done.log().toString());
        assertEquals(ServerStatus.DELETED, inTransaction(em -> em.find(Server.class, serverId).getStatus()));
        assertTrue(h.region("sandbox-admin").instancesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE)).isEmpty());
        assertTrue(h.region("sandbox-admin").networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE)).isEmpty());
        String report = done.log().stream().map(JobLogEntry::getMessage).filter(m -> m.startsWith("Deleted: ")).findFirst().orElseThrow();
        assertTrue(report.contains("instance ") && report.contains("security group ") && report.contains("vSwitch ")
                && report.contains("VPC "), report);
    }

    private List<Long> jobIds(long serverId) {
        return inTransaction(em -> em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId)
                .getResultList().stream().map(Job::getId).toList());
    }

    /** The node dies after its calls and before writing the answer: the claim (and the step's start) stay committed. */
    private void crash(long jobId) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            Optional<Claimed> claimed = claim(jobId);
            if (claimed.isPresent()) {
                Claimed c = claimed.get();
                h.execute(c.job, c.server, h.cloud, CloudObservations.direct(h.cloud), Instant.now());
                return;
            }
            EngineHarness.pause(5);
        }
        throw new AssertionError("job " + jobId + " never became due");
    }

    private void restart() {
        db.open();
    }

    private record Claimed(String claimId, Job job, Server server) {
    }

    private Optional<Claimed> claim(long jobId) {
        return inTransaction(em -> {
            Job job = em.find(Job.class, jobId);
            Instant now = Instant.now();
            Optional<String> claim = job.claim(now, LEASE);
            if (claim.isEmpty()) {
                return Optional.empty();
            }
            Server server = em.find(Server.class, job.getServerId());
            h.prepare(job, server, now);
            job.getSteps().size();
            job.resources().size();
            job.log().size();
            return Optional.of(new Claimed(claim.get(), job, server));
        });
    }

    /** What JobWorker and JobAdvancer do, until the job is finished or {@code stop} says so. */
    private void run(long jobId, Predicate<Job> stop) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            Job current = inTransaction(em -> {
                Job j = em.find(Job.class, jobId);
                j.log().size();
                return j;
            });
            if (!current.getState().isActive() || stop.test(current)) {
                return;
            }
            Optional<Claimed> claimed = claim(jobId);
            if (claimed.isEmpty()) {
                EngineHarness.pause(5);
                continue;
            }
            Claimed c = claimed.get();
            Outcome outcome = h.execute(c.job, c.server, h.cloud, CloudObservations.direct(h.cloud), Instant.now());
            inTransaction(em -> {
                Job job = em.find(Job.class, jobId);
                if (job.holdsClaim(c.claimId)) {
                    outcome.applyTo(job, em.find(Server.class, job.getServerId()), Instant.now());
                    job.releaseClaim();
                }
                return null;
            });
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
        EntityManager em = db.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}

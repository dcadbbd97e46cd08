package com.ecsprovisioner.deployment;

import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.platform.outbox.TestOutbox;
import com.ecsprovisioner.engine.JobHandlers;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.lifecycle.LifecycleProcess;
import com.ecsprovisioner.lifecycle.MemoryLifecycleActions;
import com.ecsprovisioner.lifecycle.LifecycleRequests;
import com.ecsprovisioner.lifecycle.OsReboot;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.ejb.SessionContext;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment boundary keeps who asked for what it does to a job: a retry of a failed job says in the job's log
 * who asked for it, next to who asked for the job itself (H2 with the product's migrations, the caller from the
 * session context as the container gives it).
 */
class DeploymentsRequesterTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @Test
    void aRetryNamesWhoAskedForIt() {
        db.open();

        // A hard reboot asked by alice that failed.
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EntityManager setup = db.createEntityManager();
        setup.getTransaction().begin();
        Server server = new Server("web-9", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        server.startProvisioning(t);
        server.recordInstance("i-9", t);
        server.markSshReachable("127.0.0.9", null, t);
        server.markActive(t);
        setup.persist(server);
        setup.flush();
        Job job = LifecycleRequests.request(ServerAction.HARD_REBOOT, server.getId(), server, List.of(),
                LifecycleRequests.Options.none(), List.of(), "alice", t).job();
        setup.persist(job);
        job.start(t);
        job.fail(job.getCurrentStep(), "throttled until the deadline", "Throttling", null, t);
        server.fail("Reboot the instance through the API failed", t);
        setup.getTransaction().commit();
        setup.close();

        EntityManager em = db.createEntityManager();
        Deployments boundary = new Deployments();
        boundary.em = em;
        boundary.requester = new com.ecsprovisioner.security.Requester();
        boundary.events = new JobEvents(TestOutbox.on(em));
        MemoryBootstrapAccess access = new MemoryBootstrapAccess("root", 22, "unused: no SSH in this test");
        boundary.process = new DeploymentProcess(ProvisioningSettings.defaults(), new Random(1), SshProbe.TCP,
                BootstrapStep.standard(access, ProvisioningSettings.defaults(), null));
        boundary.handlers = JobHandlers.of(boundary.process, new LifecycleProcess(ProvisioningSettings.defaults(),
                new Random(1), new OsReboot(access, SshTimeouts.defaults()), new MemoryLifecycleActions()));
        Principal carol = () -> "carol";
        boundary.context = (SessionContext) Proxy.newProxyInstance(SessionContext.class.getClassLoader(),
                new Class<?>[]{SessionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getCallerPrincipal")) {
                        return carol;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        List<Long> advanced = new ArrayList<>();
        boundary.queue = new JobQueue() {
            @Override
            public void advance(long jobId) {
                advanced.add(jobId);
            }
        };
        em.getTransaction().begin();
        boundary.retry(job.getId());
        em.getTransaction().commit();
        em.close();

        EntityManager read = db.createEntityManager();
        Job again = read.find(Job.class, job.getId());
        assertEquals(JobState.RUNNING, again.getState());
        assertEquals("alice", again.getRequestedBy(), "the job still says who asked for it");
        assertTrue(again.log().stream().anyMatch(l -> l.getMessage().equals("Retry requested by carol")), again.log().toString());
        assertEquals(ServerStatus.REBOOTING, read.find(Server.class, server.getId()).getStatus());
        assertEquals(List.of(job.getId()), advanced);
        // The retry is told in its own transaction: the server back to rebooting, the job running again.
        assertEquals(List.of(JobEvents.SERVER_STATUS_CHANGED, JobEvents.STATE_CHANGED),
                TestOutbox.rows(read).stream().map(r -> r.type()).toList());
        read.close();
    }
}

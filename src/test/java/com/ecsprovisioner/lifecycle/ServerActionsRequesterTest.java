package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.security.Callers;
import com.ecsprovisioner.server.Server;
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
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle boundary records who asked for each job: the caller's login name, or "system" when the container
 * has no person behind the call. The boundary runs as the container would run it (its entity manager on H2 with
 * the product's migrations, its caller from the session context), and the requester is read back from the database.
 */
class ServerActionsRequesterTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    /** A session context whose caller is {@code name} (Payara hands "ANONYMOUS" to calls with no login). */
    private static SessionContext callerNamed(String name) {
        Principal principal = () -> name;
        return (SessionContext) Proxy.newProxyInstance(SessionContext.class.getClassLoader(), new Class<?>[]{SessionContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCallerPrincipal")) {
                        return principal;
                    }
                    throw new UnsupportedOperationException(method.getName() + " is not used by the boundary here");
                });
    }

    private long activeServer(String name) {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        Server s = new Server(name, 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        s.startProvisioning(t);
        s.recordInstance("i-" + name, t);
        s.markSshReachable("127.0.0.9", null, t);
        s.markActive(t);
        em.persist(s);
        em.getTransaction().commit();
        em.close();
        return s.getId();
    }

    /** Runs one action through the boundary in its own transaction, as {@code caller}; answers the job's id. */
    private long asCaller(String caller, ToLongFunction<ServerActions> action, List<Long> advanced) {
        EntityManager em = db.createEntityManager();
        ServerActions boundary = new ServerActions();
        boundary.em = em;
        boundary.context = callerNamed(caller);
        boundary.requester = new com.ecsprovisioner.security.Requester();
        if (caller.startsWith("jms:")) {
            // The JMS command consumer runs as the product's run-as identity and names the broker's sender itself.
            boundary.context = callerNamed("ECS_SYSTEM");
            boundary.requester.actFor(caller);
        }
        boundary.queue = new JobQueue() {
            @Override
            public void advance(long jobId) {
                advanced.add(jobId);
            }
        };
        em.getTransaction().begin();
        long jobId = action.applyAsLong(boundary);
        em.getTransaction().commit();
        em.close();
        return jobId;
    }

    @Test
    void everyJobRecordsWhoAskedForIt() {
        db.open();
        long first = activeServer("blog-1");
        long second = activeServer("blog-2");
        List<Long> advanced = new ArrayList<>();

        long reboot = asCaller("alice", b -> b.reboot(first), advanced);
        long hardReboot = asCaller("bob", b -> b.hardReboot(second), advanced);
        assertEquals(List.of(reboot, hardReboot), advanced, "each job is sent to the engine once");
        long stop = asCaller("jms:billing", b -> b.stop(activeServer("blog-3")), new ArrayList<>());

        EntityManager read = db.createEntityManager();
        Job byAlice = read.find(Job.class, reboot);
        assertEquals(JobKind.REBOOT, byAlice.getKind());
        assertEquals("alice", byAlice.getRequestedBy());
        assertTrue(byAlice.log().get(0).getMessage().contains("requested by alice"), byAlice.log().toString());
        Job byBob = read.find(Job.class, hardReboot);
        assertEquals(JobKind.HARD_REBOOT, byBob.getKind());
        assertEquals("bob", byBob.getRequestedBy());
        assertEquals("queued", byBob.getResult());
        Job byJms = read.find(Job.class, stop);
        assertEquals("jms:billing", byJms.getRequestedBy(), "the broker's sender, not the consumer's run-as identity");
        assertTrue(byJms.log().get(0).getMessage().contains("requested by jms:billing"), byJms.log().toString());
        // The soft reboot's steps were skipped when it was asked (the server has no pinned host key): the skipped
        // status and the new kind are stored as V6 allows them.
        assertEquals(com.ecsprovisioner.engine.StepStatus.SKIPPED, byAlice.getSteps().get(0).getStatus());
        read.close();
    }

    @Test
    void aCallWithNoPersonBehindItIsRecordedAsTheSystem() {
        db.open();
        long server = activeServer("shop-1");
        long stop = asCaller("ANONYMOUS", b -> b.stop(server), new ArrayList<>());
        EntityManager read = db.createEntityManager();
        assertEquals(Callers.SYSTEM, read.find(Job.class, stop).getRequestedBy());
        read.close();
        assertEquals(Callers.SYSTEM, Callers.nameOf(null));
        assertEquals(Callers.SYSTEM, Callers.nameOf(() -> "anonymous"));
        assertEquals("carol", Callers.nameOf(() -> " carol "));
    }
}

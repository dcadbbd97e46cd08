package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.lifecycle.LifecycleRequests.Options;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V5 and the lifecycle mappings agree (H2 with the product's migrations): a lifecycle job round-trips with its kind,
 * its own steps and its snapshot; what the status sync noticed is kept; and the queries the sync and the boundary
 * use pick the right rows.
 */
class LifecycleQueriesTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private static Server activeServer(String name, String instance, Instant t) {
        Server s = new Server(name, 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        s.startProvisioning(t);
        s.recordInstance(instance, t);
        s.markSshReachable("127.0.0.9", null, t);
        s.markActive(t);
        return s;
    }

    @Test
    void lifecycleJobsAndSyncColumnsRoundTripAndTheSyncQueriesPickTheRightServers() {
        db.open();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        Server idle = activeServer("idle", "i-1", t);
        Server busy = activeServer("busy", "i-2", t);
        Server noticed = activeServer("noticed", "i-3", t);
        Server requested = new Server("requested", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        Server other = activeServer("other-profile", "i-5", t);
        for (Server s : List.of(idle, busy, noticed, requested, other)) {
            em.persist(s);
        }
        em.flush();
        noticed.observe(Optional.of(com.ecsprovisioner.cloud.CloudTypes.InstanceState.STOPPED), "Stopped", null, null, t);
        LifecycleRequests.Requested snapshotRequest = LifecycleRequests.request(ServerAction.SNAPSHOT, busy.getId(), busy, List.of(),
                Options.snapshotNamed("nightly"), List.of(), "admin", t);
        Job snapshot = snapshotRequest.job();
        em.persist(snapshot);
        LifecycleRequests.Requested resizeRequest = LifecycleRequests.request(ServerAction.RESIZE, idle.getId(), idle, List.of(),
                Options.resizeTo("ecs.c7.large"), List.of(), "admin", t);
        Job resize = resizeRequest.job();
        em.persist(resize);
        em.flush();
        em.persist(snapshotRequest.actionOfJob());
        em.persist(resizeRequest.actionOfJob());
        resize.start(t);
        resize.fail(LifecycleStep.STOP_INSTANCE.step, "broken", "Code", null, t); // finished: the server is not busy any more
        idle.fail("Stop the instance failed: broken", t);
        em.getTransaction().commit();
        em.close();

        EntityManager read = db.createEntityManager();
        Job s = read.find(Job.class, snapshot.getId());
        assertEquals(LifecycleKinds.SNAPSHOT, s.getKind());
        assertEquals("nightly", read.find(LifecycleAction.class, snapshot.getId()).snapshotName());
        assertEquals(List.of(LifecycleStep.CREATE_SNAPSHOT.step), s.getSteps().stream().map(JobStep::getName).toList());
        assertEquals("i-2", s.resources().id(com.ecsprovisioner.cloud.CloudTypes.ResourceKind.INSTANCE).orElseThrow());
        Job r = read.find(Job.class, resize.getId());
        assertEquals(LifecycleKinds.RESIZE, r.getKind());
        assertEquals("ecs.c7.large", r.plan().instanceType());
        assertTrue(read.find(LifecycleAction.class, resize.getId()).startAfter());
        assertEquals(null, r.plan().zonePolicy());
        Server n = read.find(Server.class, noticed.getId());
        assertEquals(ServerStatus.STOPPED, n.getStatus());
        assertEquals(t, n.getStatusNoticedAt());
        assertNotNull(n.getSyncedAt());

        List<Long> busyIds = read.createNamedQuery("Job.busyServers", Long.class).setParameter("active", StatusSync.ACTIVE_JOBS).getResultList();
        assertEquals(List.of(busy.getId()), busyIds);
        Set<String> synced = Set.copyOf(read.createNamedQuery("Server.synced", Server.class).setParameter("statuses", Server.SYNCED)
                .getResultList().stream().map(Server::getName).toList());
        assertEquals(Set.of("busy", "noticed", "other-profile", "idle"), synced, "the failed one is synced, the requested one is not");
        assertEquals(5, read.createNamedQuery("Server.ofProfile", Server.class).setParameter("profileId", 7L).getResultList().size());
        assertEquals(List.of(), read.createNamedQuery("Server.deletedOutside", Server.class).setParameter("deleted", ServerStatus.DELETED)
                .getResultList(), "stopped outside is not deleted outside");
        read.close();

        EntityManager sync = db.createEntityManager();
        sync.getTransaction().begin();
        Server gone = sync.find(Server.class, other.getId());
        gone.observe(Optional.empty(), null, null, null, t.plusSeconds(60));
        Server deletedByUs = sync.find(Server.class, requested.getId());
        deletedByUs.delete("deletion requested", t);
        deletedByUs.markDeleted(t);
        sync.getTransaction().commit();
        sync.close();
        read = db.createEntityManager();
        List<Server> outside = read.createNamedQuery("Server.deletedOutside", Server.class).setParameter("deleted", ServerStatus.DELETED)
                .getResultList();
        assertEquals(List.of("other-profile"), outside.stream().map(Server::getName).toList());
        assertEquals(t.plusSeconds(60), outside.get(0).getStatusNoticedAt());
        read.close();
    }
}

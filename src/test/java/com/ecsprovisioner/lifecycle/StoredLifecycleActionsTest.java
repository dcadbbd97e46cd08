package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.lifecycle.LifecycleRequests.Options;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The lifecycle's details as the container keeps them, on the product's migrated schema: what a request persisted is
 * read back by its job's id; a change made in the write-back's transaction commits with it; a lifecycle job whose
 * details were never kept reads as empty and gets a row at its first change.
 */
class StoredLifecycleActionsTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @Test
    void detailsAreKeptByTheJobsIdAndAChangeCommitsWithTheWriteBack() {
        db.open();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        Server server = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        server.startProvisioning(t);
        server.recordInstance("i-1", t);
        server.markSshReachable("127.0.0.9", null, t);
        server.markActive(t);
        em.persist(server);
        em.flush();
        LifecycleRequests.Requested snapshot = LifecycleRequests.request(ServerAction.SNAPSHOT, server.getId(), server, List.of(),
                Options.snapshotNamed("nightly"), List.of(), "admin", t);
        em.persist(snapshot.job());
        em.flush();
        em.persist(snapshot.actionOfJob());
        // A job made before its details were kept apart (or by a test without them): no row.
        Job bare = LifecycleKinds.create(LifecycleKinds.HARD_REBOOT, server.getId(), server, "ecs.t6-c1m1.large", null, "admin", t);
        em.persist(bare);
        em.getTransaction().commit();
        em.close();
        long snapshotId = snapshot.job().getId();
        long bareId = bare.getId();

        StoredLifecycleActions reading = stored();
        Job snapshotJob = reading.em.find(Job.class, snapshotId);
        assertEquals("nightly", reading.read(snapshotJob).snapshotName());
        assertNull(reading.read(snapshotJob).snapshotId());
        Job bareJob = reading.em.find(Job.class, bareId);
        assertNull(reading.read(bareJob).osBootId(), "no row reads as empty details");
        assertNull(reading.em.find(LifecycleAction.class, bareId), "reading made no row");
        reading.em.close();

        StoredLifecycleActions writing = stored();
        writing.em.getTransaction().begin();
        writing.change(writing.em.find(Job.class, snapshotId)).recordSnapshot("s-1");
        writing.change(writing.em.find(Job.class, bareId)).startAfterResize();
        writing.em.getTransaction().commit();
        writing.em.close();

        StoredLifecycleActions after = stored();
        assertEquals("s-1", after.read(after.em.find(Job.class, snapshotId)).snapshotId());
        assertEquals("nightly", after.read(after.em.find(Job.class, snapshotId)).snapshotName());
        assertEquals(true, after.em.find(LifecycleAction.class, bareId).startAfter(), "the first change made the row");
        after.em.close();
    }

    private StoredLifecycleActions stored() {
        StoredLifecycleActions s = new StoredLifecycleActions();
        s.em = db.createEntityManager();
        return s;
    }
}

package com.ecsprovisioner.firewall;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.MigratedH2;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the migrated schema (V21): a firewall job and its change are stored together and read back, and a deployment
 * into the shared network is stored at all (its policy's name did not fit the column before).
 */
class FirewallChangeStoredTest {

    @Test
    void aFirewallJobAndItsChangeAndASharedNetworkDeploymentAreStored(@TempDir Path dir) {
        EntityManagerFactory factory = MigratedH2.open(dir);
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            EntityManager em = factory.createEntityManager();
            em.getTransaction().begin();
            Server server = Server.custom("byo-1", "198.51.100.4", 5, "cn-hangzhou", now);
            server.startBootstrap(now);
            server.markActive(now);
            em.persist(server);
            em.flush();
            Job shared = new Job(FirewallKinds.FIREWALL, FirewallKinds.STEPS, server.getId(), 5, JobPlan.deployment("cn-hangzhou",
                    null, ZonePolicy.FIRST_IN_STOCK, NetworkPolicy.SHARED_PER_PROFILE, "web-1", "ecs.t6-c1m1.large", "ubuntu",
                    "cloud_essd", 40, 5, "key", 22), "alice", now);
            em.persist(shared);
            FirewallRequests.Planned planned = FirewallRequests.request(server.getId(), server, List.of(), true,
                    FirewallRule.of(8080, "203.0.113.0/24"), FirewallRequests.Where.BOTH,
                    new FirewallRequests.Context(false, 22, Optional.empty(), List.of()), "alice", now);
            em.persist(planned.job());
            em.flush();
            em.persist(planned.change(server.getId(), now));
            em.getTransaction().commit();
            long jobId = planned.job().getId();
            long sharedId = shared.getId();
            em.close();

            EntityManager reader = factory.createEntityManager();
            FirewallChange change = reader.find(FirewallChange.class, jobId);
            assertEquals(FirewallRule.of(8080, "203.0.113.0/24"), change.rule());
            assertTrue(change.isOpening() && change.isOnServer() && !change.isInCloud(), change.describe());
            assertEquals(NetworkPolicy.SHARED_PER_PROFILE, reader.find(Job.class, sharedId).plan().networkPolicy());
            assertEquals("firewall", reader.find(Job.class, jobId).getKind().dbName());
            reader.close();
        } finally {
            factory.close();
        }
    }
}

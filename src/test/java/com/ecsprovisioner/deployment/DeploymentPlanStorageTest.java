package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every choice of the deploy form (and of a deploy command) fits the job's columns as the migrations make them (H2
 * with the product's migrations): SHARED_PER_PROFILE once did not fit, and every shared-network deployment failed
 * when its job was stored.
 */
class DeploymentPlanStorageTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @Test
    void everyZoneAndNetworkPolicyIsStoredAndReadBack() {
        db.open();
        EntityManager em = db.createEntityManager();
        for (NetworkPolicy network : NetworkPolicy.values()) {
            for (ZonePolicy zones : ZonePolicy.values()) {
                em.getTransaction().begin();
                Server server = new Server("web-" + network.ordinal() + zones.ordinal(), 7, "cn-hangzhou",
                        "ecs.t6-c1m1.large", "ubuntu", T0);
                em.persist(server);
                em.flush();
                Job job = DeploymentJobs.create(server.getId(), new DeploymentPlan(server.getName(), 7, "cn-hangzhou", null,
                        zones, network, "ecs.t6-c1m1.large", "ubuntu_22_04", "cloud_essd", 40, 5, "ecs-key", 22), "admin", T0);
                em.persist(job);
                em.getTransaction().commit();
                em.clear();
                Job read = em.find(Job.class, job.getId());
                assertEquals(network, read.plan().networkPolicy());
                assertEquals(zones, read.plan().zonePolicy());
                em.clear();
            }
        }
        em.close();
    }
}

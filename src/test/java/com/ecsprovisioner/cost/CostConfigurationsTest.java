package com.ecsprovisioner.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.MigratedH2;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which servers a profile's total prices, and with what, read by the cost boundary's query on H2 with the product's
 * migrations: every server with a cloud instance that is not deleted, at its instance type now (after a resize) with
 * the system disk and bandwidth its deployment made; no custom server, none without an instance.
 */
class CostConfigurationsTest {

    private static final JobKind DEPLOY = JobKind.of("DEPLOY", "Deploy");
    private static final JobKind RESIZE = JobKind.of("RESIZE", "Resize");
    private static final StepName STEP = StepName.of("INSTANCE", "Create the instance", Duration.ofMinutes(5));

    @Test
    void eachServerWithAnInstanceIsPricedAtItsTypeNowWithTheDiskItsDeploymentMade(@TempDir Path dir) {
        EntityManagerFactory factory = MigratedH2.open(dir);
        try {
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            EntityManager em = factory.createEntityManager();
            em.getTransaction().begin();
            Server active = deployed(em, "blog", "ecs.c7.large", "cloud_essd", 40, t);
            withInstance(active, t);
            Server resized = deployed(em, "shop", "ecs.t6-c1m1.large", "cloud_auto", 80, t);
            withInstance(resized, t);
            resized.markSshReachable("127.0.0.9", "10.0.0.9", t);
            resized.markActive(t);
            resized.resize("ecs.g7.large", t);
            resized.changeType("ecs.g7.large", t);
            resized.markStopped(t);
            em.persist(new Job(RESIZE, List.of(STEP), resized.getId(), 7, JobPlan.action(resized, "ecs.g7.large"), "alice", t));
            Server noInstance = deployed(em, "late", "ecs.c7.large", "cloud_essd", 40, t);
            Server deleted = deployed(em, "gone", "ecs.c7.large", "cloud_essd", 40, t);
            withInstance(deleted, t);
            deleted.delete("asked", t);
            deleted.markDeleted(t);
            Server otherProfile = new Server("else", 8, "cn-hangzhou", "ecs.c7.large", "ubuntu", t);
            em.persist(otherProfile);
            em.flush();
            em.persist(new Job(DEPLOY, List.of(STEP), otherProfile.getId(), 8, plan("else", "ecs.c7.large", "cloud_essd", 40), "alice", t));
            withInstance(otherProfile, t);
            em.getTransaction().commit();

            Costs costs = new Costs();
            costs.em = factory.createEntityManager();
            List<Costs.Configuration> priced = costs.configurations(7).stream()
                    .sorted(java.util.Comparator.comparing(Costs.Configuration::name)).toList();
            assertEquals(List.of("blog|ecs.c7.large|cloud_essd|40|5", "shop|ecs.g7.large|cloud_auto|80|5"),
                    priced.stream().map(c -> c.name() + "|" + c.type() + "|" + c.diskCategory() + "|" + c.diskGiB() + "|" + c.bandwidth()).toList(),
                    "no server without an instance (" + noInstance.getName() + "), deleted or of another profile");
            assertEquals(ServerStatus.PROVISIONING, priced.get(0).status());
            assertEquals(ServerStatus.STOPPED, priced.get(1).status(), "a stopped server is still billed");
            assertEquals(2, costs.billedServers(7));
        } finally {
            factory.close();
        }
    }

    private static Server deployed(EntityManager em, String name, String type, String disk, int gib, Instant t) {
        Server s = new Server(name, 7, "cn-hangzhou", type, "ubuntu", t);
        em.persist(s);
        em.flush();
        em.persist(new Job(DEPLOY, List.of(STEP), s.getId(), 7, plan(name, type, disk, gib), "alice", t));
        return s;
    }

    private static void withInstance(Server s, Instant t) {
        s.startProvisioning(t);
        s.recordInstance("i-" + s.getName(), t);
    }

    private static JobPlan plan(String name, String type, String disk, int gib) {
        return JobPlan.deployment("cn-hangzhou", null, ZonePolicy.FIRST_ZONE, NetworkPolicy.PER_SERVER, name, type,
                "ubuntu", disk, gib, 5, "key", 22);
    }
}

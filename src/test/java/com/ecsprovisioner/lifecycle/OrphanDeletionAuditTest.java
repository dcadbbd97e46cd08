package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditRecord;
import com.ecsprovisioner.audit.AuditTrails;
import com.ecsprovisioner.audit.Origin;
import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.engine.DeploymentTargets;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.security.Requester;
import jakarta.ejb.SessionContext;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clean-up deletion through the boundary is in the audit trail, one record per resource deleted, attributed to who
 * asked: here the JMS interface's sender (the real Alibaba SDK against the sandbox, H2 with the product's migrations).
 */
class OrphanDeletionAuditTest {

    private static final long PROFILE = 7;

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private final Sandbox sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void eachDeletedOrphanIsRecordedWithWhoAskedAndWhyItWasAnOrphan() {
        db.open();
        AccessKey key = sandbox.accounts().stream().filter(k -> k.userName().equals("sandbox-admin")).findFirst().orElseThrow();
        CloudRegion cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5)).region(new CloudConnection(key.id(),
                key.secret(), "cn-hangzhou", Optional.of(URI.create("http://" + sandbox.endpoint()))));
        // A VPC the product tagged for a server the database does not know: an orphan.
        String vpc = cloud.createVpc(new CloudTypes.VpcSpec("left-behind", "172.16.0.0/12", "", Tags.forServer(PROFILE, 999)),
                UUID.randomUUID().toString());

        EntityManager em = db.createEntityManager();
        ServerActions boundary = new ServerActions();
        boundary.em = em;
        boundary.requester = new Requester();
        boundary.requester.actFor("jms:ops");
        Principal runAs = () -> "ECS_SYSTEM";
        boundary.context = (SessionContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{SessionContext.class},
                (proxy, method, args) -> method.getName().equals("getCallerPrincipal") ? runAs : null);
        boundary.audit = AuditTrails.on(em, null);
        DeploymentTargets targets = new DeploymentTargets() {
            @Override
            public CloudRegion cloudFor(long profileId) {
                return cloud;
            }

            @Override
            public DeploymentDefaults defaultsFor(long profileId) {
                return new DeploymentDefaults("cn-hangzhou", "pair", 22, "ecs.t6-c1m1.large", "ubuntu", "cloud_essd", 40, 5,
                        ZonePolicy.FIRST_ZONE, NetworkPolicy.PER_SERVER);
            }
        };
        boundary.targets = new TargetsLookup() {
            @Override
            public DeploymentTargets get() {
                return targets;
            }
        };

        em.getTransaction().begin();
        List<NetworkCleanup.Outcome> outcomes = boundary.deleteOrphans(PROFILE, Set.of(vpc));
        em.getTransaction().commit();
        assertEquals(List.of(NetworkCleanup.Result.DELETED), outcomes.stream().map(NetworkCleanup.Outcome::result).toList());

        AuditRecord deleted = AuditTrails.only(em, AuditAction.ORPHAN_DELETED);
        assertEquals("jms:ops", deleted.getActor());
        assertEquals(Origin.JMS, deleted.getOrigin());
        assertNull(deleted.getClientAddress());
        assertEquals("vpc " + vpc + " of profile " + PROFILE, deleted.getSubject());
        assertTrue(deleted.getChanges().contains("name: 'left-behind'\nregion: 'cn-hangzhou'"), deleted.getChanges());
        assertTrue(deleted.getChanges().contains("why: 'its server (999) is deleted or unknown'"), deleted.getChanges());
        AuditTrails.holdNoSecret(em, key.secret());
        em.close();
    }
}

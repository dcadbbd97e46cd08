package com.ecsprovisioner.provider;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditRecord;
import com.ecsprovisioner.audit.AuditTrails;
import com.ecsprovisioner.audit.Origin;
import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.SecretBox;
import jakarta.ejb.SessionContext;
import com.ecsprovisioner.testsupport.Transactions;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every change to a provider profile through its boundary is in the audit trail with who, where from and what
 * changed, and no record holds the AccessKey secret or the private key: the real Alibaba SDK against the sandbox
 * (the boundary checks the private key against the cloud's key pair), H2 with the product's migrations.
 */
class ProviderProfilesAuditTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private final Sandbox sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createEditClearCopyAndDeleteAreRecordedWithoutASecret() {
        db.open();
        EntityManager em = db.createEntityManager();
        AccessKey key = sandbox.accounts().stream().filter(k -> k.userName().equals("sandbox-admin")).findFirst().orElseThrow();
        String endpoint = "http://" + sandbox.endpoint();
        AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
        CloudTypes.CreatedKeyPair hangzhou = cloud.region(new CloudConnection(key.id(), key.secret(), "cn-hangzhou",
                Optional.of(URI.create(endpoint)))).createKeyPair("audit-hz");
        CloudTypes.CreatedKeyPair shanghai = cloud.region(new CloudConnection(key.id(), key.secret(), "cn-shanghai",
                Optional.of(URI.create(endpoint)))).createKeyPair("audit-sh");

        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        SecretBox box = new SecretBox(master);
        ProviderProfiles profiles = new ProviderProfiles();
        profiles.em = em;
        profiles.cloud = cloud;
        profiles.box = box;
        profiles.access = new ProfileAccess();
        profiles.access.em = em;
        profiles.access.box = box;
        profiles.access.cloud = cloud;
        profiles.cache = new CatalogCache();
        profiles.cache.em = em;
        profiles.cache.maxAge = Duration.ofHours(6);
        profiles.requester = new Requester();
        Principal alice = () -> "alice";
        profiles.context = (SessionContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{SessionContext.class},
                (proxy, method, args) -> method.getName().equals("getCallerPrincipal") ? alice : null);
        profiles.audit = AuditTrails.on(em, "192.0.2.9");

        ProviderProfile created = inTransaction(em, () -> profiles.save(null, draft("prod-hz", key.id(), key.secret(), endpoint,
                "cn-hangzhou", "audit-hz", hangzhou.privateKeyPem(), "ecs.t6-c1m1.large")));
        long id = created.getId();
        AuditRecord creation = AuditTrails.only(em, AuditAction.PROFILE_CREATED);
        assertEquals("alice", creation.getActor());
        assertEquals(Origin.CONSOLE, creation.getOrigin());
        assertEquals("192.0.2.9", creation.getClientAddress());
        assertEquals("profile 'prod-hz' (" + id + ")", creation.getSubject());
        assertTrue(creation.getChanges().contains("name: 'prod-hz'\naccessKeyId: '" + key.id() + "'"), creation.getChanges());
        assertTrue(creation.getChanges().contains("instanceType: 'ecs.t6-c1m1.large'"), creation.getChanges());

        // An edit: a new name, another instance type, the secret entered again; the private key kept.
        inTransaction(em, () -> profiles.save(id, draft("prod-hangzhou", key.id(), key.secret(), endpoint, "cn-hangzhou",
                "audit-hz", null, "ecs.g7.large")));
        assertEquals("name: 'prod-hz' → 'prod-hangzhou'\ninstanceType: 'ecs.t6-c1m1.large' → 'ecs.g7.large'\naccessKeySecret: secret replaced",
                AuditTrails.only(em, AuditAction.PROFILE_EDITED).getChanges());
        // Saving what is already there changes nothing and records nothing.
        inTransaction(em, () -> profiles.save(id, draft("prod-hangzhou", key.id(), null, endpoint, "cn-hangzhou",
                "audit-hz", null, "ecs.g7.large")));
        AuditTrails.only(em, AuditAction.PROFILE_EDITED);

        inTransaction(em, () -> {
            profiles.clearCache(id);
            return null;
        });
        assertEquals("profile 'prod-hangzhou' (" + id + ")", AuditTrails.only(em, AuditAction.PROFILE_CACHE_CLEARED).getSubject());

        ProviderProfile copy = inTransaction(em, () -> profiles.copyToRegion(id, "prod-sh", "cn-shanghai", "audit-sh",
                shanghai.privateKeyPem(), null));
        AuditRecord copied = AuditTrails.only(em, AuditAction.PROFILE_COPIED);
        assertEquals("profile 'prod-sh' (" + copy.getId() + ")", copied.getSubject());
        assertEquals("copiedFrom: 'profile 'prod-hangzhou' (" + id + ")'\nregion: 'cn-hangzhou' → 'cn-shanghai'\n"
                + "keyPair: 'audit-hz' → 'audit-sh'\nprivateKey: secret replaced", copied.getChanges());

        inTransaction(em, () -> {
            profiles.delete(copy.getId());
            return null;
        });
        AuditRecord deleted = AuditTrails.only(em, AuditAction.PROFILE_DELETED);
        assertEquals("profile 'prod-sh' (" + copy.getId() + ")", deleted.getSubject());
        assertTrue(deleted.getChanges().contains("region: 'cn-shanghai'"), deleted.getChanges());

        AuditTrails.holdNoSecret(em, key.secret(), hangzhou.privateKeyPem(), shanghai.privateKeyPem());
        em.close();
    }

    private static ProfileDraft draft(String name, String keyId, String secret, String endpoint, String region, String pair,
                                      String privateKey, String instanceType) {
        return new ProfileDraft(name, keyId, secret, endpoint, region, pair, privateKey, null, 22, "root",
                ZonePolicy.FIRST_ZONE, NetworkPolicy.PER_SERVER, instanceType, null, 40, "cloud_essd", null);
    }

    /** Each transaction reads afresh: what the last one loaded is not kept. */
    private static <T> T inTransaction(EntityManager em, Supplier<T> work) {
        try {
            return Transactions.inTransaction(em, work);
        } finally {
            em.clear();
        }
    }
}

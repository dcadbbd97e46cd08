package com.ecsprovisioner.customservers;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.platform.outbox.TestOutbox;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.security.SecretBox;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import jakarta.persistence.EntityManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V4's columns and table against the mappings (H2 in the product's mode, migrated by Flyway): a custom server with
 * its sealed login, a bootstrap-only job with its progress, the server's pinned key, sealed password and versions;
 * and {@link ServerLogins} opening the login it stored.
 */
class CustomServerMappingTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private static String privateKey() throws Exception {
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pair.writeOpenSSHv1PrivateKey(out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCustomServerItsLoginAndItsBootstrapJobRoundTrip() throws Exception {
        db.open();
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        SecretBox box = new SecretBox(master);
        String key = privateKey();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        Server server = Server.custom("byo-1", "203.0.113.7", 0, "cn-shanghai", t0);
        em.persist(server);
        em.flush();
        em.persist(CustomServer.withOwnKey(server.getId(), 2222, "ubuntu", box.seal(ServerLogins.PRIVATE_KEY, key),
                box.seal(ServerLogins.PASSPHRASE, "not-really-used"), "ssh-ed25519", t0));
        Job job = DeploymentJobs.bootstrapOnly(server.getId(), 0, "cn-shanghai", "byo-1", 2222, "admin", t0);
        em.persist(job);
        em.getTransaction().commit();
        long serverId = server.getId();
        long jobId = job.getId();
        em.close();

        EntityManager work = db.createEntityManager();
        work.getTransaction().begin();
        Server s = work.find(Server.class, serverId);
        Job j = work.find(Job.class, jobId);
        j.claim(t0, java.time.Duration.ofMinutes(1)).orElseThrow();
        j.start(t0);
        s.startBootstrap(t0);
        j.steps().beginCurrent(t0, java.time.Duration.ofMinutes(45));
        j.bootstrap().newAttempt(t0);
        s.recordDatabaseRootPassword(box.seal(ServerLogins.DB_ROOT_PASSWORD, "a-long-random-password-123"), t0);
        s.pinHostKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", t0);
        j.bootstrap().started(t0);
        j.bootstrap().follow(4096, "packages", t0);
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("nginx", "1.24.0");
        versions.put("php", "8.3.6");
        s.markActive(versions, t0);
        j.steps().complete(t0, "done");
        j.releaseClaim();
        work.getTransaction().commit();
        work.close();

        EntityManager read = db.createEntityManager();
        Server again = read.find(Server.class, serverId);
        assertTrue(again.isCustom());
        assertEquals("203.0.113.7", again.getPublicIp());
        assertNull(again.getInstanceId());
        assertEquals(ServerStatus.ACTIVE, again.getStatus());
        assertEquals(versions, again.getComponentVersions());
        assertTrue(again.getHostKey().startsWith("ssh-ed25519 AAAAC3"));
        assertEquals("a-long-random-password-123", box.open(ServerLogins.DB_ROOT_PASSWORD, again.getSealedDbRootPassword()));
        Job done = read.find(Job.class, jobId);
        assertTrue(DeploymentJobs.isBootstrapOnly(done));
        assertEquals(JobState.SUCCEEDED, done.getState());
        assertEquals(List.of(DeploymentJobs.BOOTSTRAP), done.getSteps().stream().map(st -> st.getName()).toList());
        assertEquals(1, done.bootstrap().attempt());
        assertEquals(4096, done.bootstrap().offset());
        assertNull(done.plan().instanceType(), "no cloud plan");

        CustomServers boundary = new CustomServers();
        boundary.em = read;
        assertEquals(List.of(jobId), boundary.list().stream().map(CustomServers.Listed::latestJobId).toList(), "its job is linked");

        ServerLogins logins = new ServerLogins();
        logins.em = read;
        logins.box = box;
        BootstrapAccess.Login login = logins.loginFor(again);
        assertEquals("ubuntu", login.user());
        assertEquals(2222, login.port());
        assertEquals(key, login.privateKey());
        assertEquals("not-really-used", login.passphrase());
        assertFalse(login.toString().contains("PRIVATE KEY"), login.toString());
        assertEquals(BootstrapAccess.Options.defaults(), logins.optionsFor(again), "no profile: the region's defaults");
        assertEquals("x-password-of-sixteen", logins.openDatabasePassword(logins.sealDatabasePassword("x-password-of-sixteen")));
        // A sealed login copied into the password column does not open there (purposes differ).
        String sealedKey = box.seal(ServerLogins.PRIVATE_KEY, key);
        assertThrows(RuntimeException.class, () -> logins.openDatabasePassword(sealedKey));
        read.close();
    }
    /** The boundary as the container wires it for a registration by alice from 192.0.2.8, on the migrated database. */
    private CustomServers registeringBoundary() {
        db.open();
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        CustomServers boundary = new CustomServers();
        boundary.em = db.createEntityManager();
        boundary.box = new SecretBox(master);
        boundary.events = new JobEvents(TestOutbox.on(boundary.em));
        boundary.requester = new com.ecsprovisioner.security.Requester();
        java.security.Principal alice = () -> "alice";
        boundary.context = (jakarta.ejb.SessionContext) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{jakarta.ejb.SessionContext.class}, (proxy, method, args) -> method.getName().equals("getCallerPrincipal") ? alice : null);
        boundary.audit = com.ecsprovisioner.audit.AuditTrails.on(boundary.em, "192.0.2.8");
        return boundary;
    }

    /** People read the Audit page: a server that logs in with a profile's key names that profile, not its number. */
    @Test
    void aServerThatLogsInWithAProfilesKeyIsAuditedWithTheProfilesName() throws Exception {
        CustomServers boundary = registeringBoundary();
        String key = privateKey();
        boundary.em.getTransaction().begin();
        com.ecsprovisioner.provider.ProviderProfile profile = new com.ecsprovisioner.provider.ProviderProfile("Shop production",
                "LTAI-test", "sealed", null, "cn-hangzhou", "key-pair", "fingerprint", "sealed-key", null, Instant.EPOCH);
        boundary.em.persist(profile);
        boundary.em.getTransaction().commit();
        boundary.profiles = new com.ecsprovisioner.provider.ProfileAccess() {
            @Override
            public LoginKey loginKeyFor(long profileId) {
                return new LoginKey("root", 22, key, null, "fingerprint");
            }
        };

        boundary.em.getTransaction().begin();
        long id = boundary.register(new CustomServerRequest("byo-3", "198.51.100.9", 22, "root", null, null, profile.getId(), null));
        boundary.em.getTransaction().commit();

        com.ecsprovisioner.audit.AuditRecord registered = com.ecsprovisioner.audit.AuditTrails.only(boundary.em,
                com.ecsprovisioner.audit.AuditAction.CUSTOM_SERVER_REGISTERED);
        assertEquals("custom server 'byo-3' (" + id + ")", registered.getSubject());
        assertEquals("address: '198.51.100.9'\nsshPort: '22'\nsshUser: 'root'\nregion: 'cn-hangzhou'\n"
                + "login: 'the key of profile \"Shop production\"'", registered.getChanges());
        com.ecsprovisioner.audit.AuditTrails.holdNoSecret(boundary.em, key);
        boundary.em.close();
    }

    @Test
    void registeringChecksEverythingFirstThenStoresTheKeySealedAndRemovingForgetsIt() throws Exception {
        CustomServers boundary = registeringBoundary();
        String key = privateKey();

        java.util.function.Function<CustomServerRequest, String> refusal = r -> assertThrows(IllegalArgumentException.class, () -> {
            boundary.em.getTransaction().begin();
            try {
                boundary.register(r);
            } finally {
                boundary.em.getTransaction().rollback();
            }
        }).getMessage();
        assertTrue(refusal.apply(new CustomServerRequest("byo-2", "198.51.100.4", 22, "root", null, null, null, "cn-hangzhou"))
                .contains("Paste the server's private key, or choose a provider profile"));
        assertTrue(refusal.apply(new CustomServerRequest("byo-2", "198.51.100.4", 22, "root", key, null, null, null))
                .contains("Choose the region nearest to the server"));
        assertTrue(refusal.apply(new CustomServerRequest("byo-2", "198.51.100.4", 22, "root", "ssh-ed25519 AAAAC3Nza test", null, null, "cn-hangzhou"))
                .contains("This is a public key"));
        assertTrue(refusal.apply(new CustomServerRequest("byo-2", "198.51.100.4 ; rm", 22, "root", key, null, null, "cn-hangzhou"))
                .contains("is not a valid server address"));
        assertTrue(refusal.apply(new CustomServerRequest("byo-2", "198.51.100.4", 70000, "root", key, null, null, "cn-hangzhou"))
                .contains("outside 1..65535"));
        assertTrue(refusal.apply(new CustomServerRequest("byo-2", "198.51.100.4", 22, "root", key, null, null, "Hangzhou"))
                .contains("is not an Alibaba Cloud region id"));
        assertTrue(refusal.apply(new CustomServerRequest("2-bad", "198.51.100.4", 22, "root", key, null, null, "cn-hangzhou"))
                .contains("A server name is 2 to 64 letters"));

        boundary.em.getTransaction().begin();
        long id = boundary.register(new CustomServerRequest("byo-2", "198.51.100.4", 2200, "deploy", key, null, null, "cn-hangzhou"));
        boundary.em.getTransaction().commit();
        assertTrue(refusal.apply(new CustomServerRequest("byo-2", "198.51.100.5", 22, "root", key, null, null, "cn-hangzhou"))
                .contains("exists already"));

        List<CustomServers.Listed> listed = boundary.list();
        assertEquals(1, listed.size());
        CustomServer login = listed.get(0).login();
        assertEquals(id, listed.get(0).server().getId());
        assertEquals(ServerStatus.REQUESTED, listed.get(0).server().getStatus());
        assertNull(listed.get(0).latestJobId(), "never bootstrapped");
        assertEquals("deploy", login.getLoginUser());
        assertEquals(2200, login.getSshPort());
        assertEquals("ssh-ed25519", login.getKeyType());
        assertTrue(login.sealedPrivateKey().startsWith("v1:") && !login.sealedPrivateKey().contains("PRIVATE"));
        assertNull(login.sealedPassphrase());

        boundary.em.getTransaction().begin();
        boundary.delete(id);
        boundary.em.getTransaction().commit();
        assertEquals(List.of(), boundary.list());
        assertEquals(ServerStatus.DELETED, boundary.em.find(Server.class, id).getStatus());
        assertEquals(0L, boundary.em.createQuery("SELECT COUNT(c) FROM CustomServer c", Long.class).getSingleResult(), "the key is gone");

        // Both are in the audit trail, with who, where from and what; the refused registrations left no record.
        com.ecsprovisioner.audit.AuditRecord registered = com.ecsprovisioner.audit.AuditTrails.only(boundary.em,
                com.ecsprovisioner.audit.AuditAction.CUSTOM_SERVER_REGISTERED);
        assertEquals("alice", registered.getActor());
        assertEquals("console (192.0.2.8)", registered.getWhere());
        assertEquals("custom server 'byo-2' (" + id + ")", registered.getSubject());
        assertEquals("address: '198.51.100.4'\nsshPort: '2200'\nsshUser: 'deploy'\nregion: 'cn-hangzhou'\nlogin: 'its own private key'",
                registered.getChanges());
        com.ecsprovisioner.audit.AuditRecord removed = com.ecsprovisioner.audit.AuditTrails.only(boundary.em,
                com.ecsprovisioner.audit.AuditAction.CUSTOM_SERVER_REMOVED);
        assertEquals("custom server 'byo-2' (" + id + ")", removed.getSubject());
        assertEquals(2, com.ecsprovisioner.audit.AuditTrails.all(boundary.em).size());
        com.ecsprovisioner.audit.AuditTrails.holdNoSecret(boundary.em, key);
        boundary.em.close();
    }
}

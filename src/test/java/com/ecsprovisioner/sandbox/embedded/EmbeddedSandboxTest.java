package com.ecsprovisioner.sandbox.embedded;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.platform.DataFolder;
import com.ecsprovisioner.platform.StartupWork;
import com.ecsprovisioner.sandbox.SandboxKeys;
import jakarta.ejb.SessionContext;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedSandboxTest {

    @TempDir
    Path data;

    /** MicroProfile Config answering from a map, as the application's would. */
    private static Config config(Map<String, String> values) {
        return (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[]{Config.class}, (proxy, method, args) -> {
            if (method.getName().equals("getOptionalValue")) {
                String value = values.get((String) args[0]);
                if (value == null) {
                    return Optional.empty();
                }
                return Optional.of(args[1] == Boolean.class ? (Object) Boolean.valueOf(value) : value);
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private static SessionContext caller(boolean admin) {
        return (SessionContext) Proxy.newProxyInstance(SessionContext.class.getClassLoader(), new Class<?>[]{SessionContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("isCallerInRole")) {
                        return admin && "admin".equals(args[0]);
                    }
                    if (method.getName().equals("getCallerPrincipal")) {
                        return (java.security.Principal) () -> admin ? "alice" : "victor";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private EmbeddedSandbox sandbox(Map<String, String> settings, boolean admin) {
        EmbeddedSandbox sandbox = new EmbeddedSandbox();
        sandbox.config = config(settings);
        sandbox.dataFolder = DataFolder.at(data);
        sandbox.context = caller(admin);
        sandbox.startup = StartupWork.unmanaged();
        sandbox.start();
        sandbox.startup.awaitAll().ifPresent(failure -> {
            throw failure;
        });
        return sandbox;
    }

    @Test
    void theSandboxIsOffUnlessAskedFor() {
        EmbeddedSandbox sandbox = sandbox(Map.of(), true);
        assertFalse(sandbox.isRunning());
        assertTrue(sandbox.endpoint().isEmpty());
    }

    @Test
    void aViewerGetsTheKeysIdsWithoutTheirSecrets() {
        Map<String, String> on = Map.of("ecs.sandbox.enabled", "true", "ecs.sandbox.port", "0", "ecs.sandbox.ssh.port", String.valueOf(FreePort.next()));
        EmbeddedSandbox forViewer = sandbox(on, false);
        try {
            assertTrue(forViewer.isRunning());
            List<EmbeddedSandbox.ShownKey> shown = forViewer.shownKeys();
            assertEquals(SandboxKeys.forInstallation(data).get(0).id(), shown.get(0).id());
            shown.forEach(key -> assertNull(key.secret(), key.id()));
        } finally {
            forViewer.stop();
        }
        EmbeddedSandbox forAdmin = sandbox(on, true);
        try {
            assertEquals(SandboxKeys.forInstallation(data).get(0).secret(), forAdmin.shownKeys().get(0).secret());
        } finally {
            forAdmin.stop();
        }
    }

    @Test
    void aResetIsRecordedInTheAuditTrailWithWhoAskedAndNoKeySecret() {
        Map<String, String> on = Map.of("ecs.sandbox.enabled", "true", "ecs.sandbox.port", "0", "ecs.sandbox.ssh.port", String.valueOf(FreePort.next()));
        EmbeddedSandbox admin = sandbox(on, true);
        jakarta.persistence.EntityManagerFactory factory = com.ecsprovisioner.platform.MigratedH2.open(data.resolve("db"));
        jakarta.persistence.EntityManager em = factory.createEntityManager();
        try {
            admin.requester = new com.ecsprovisioner.security.Requester();
            admin.audit = com.ecsprovisioner.audit.AuditTrails.on(em, "192.0.2.44");
            em.getTransaction().begin();
            admin.reset();
            em.getTransaction().commit();
            com.ecsprovisioner.audit.AuditRecord reset = com.ecsprovisioner.audit.AuditTrails.only(em,
                    com.ecsprovisioner.audit.AuditAction.SANDBOX_RESET);
            assertEquals("alice", reset.getActor());
            assertEquals("console (192.0.2.44)", reset.getWhere());
            assertEquals("sandbox cloud at " + admin.endpoint().orElseThrow().replace("http://", ""), reset.getSubject());
            SandboxKeys.forInstallation(data).forEach(k -> com.ecsprovisioner.audit.AuditTrails.holdNoSecret(em, k.secret()));
        } finally {
            em.close();
            factory.close();
            admin.stop();
        }
    }
}

package com.ecsprovisioner.server;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a server keeps across bootstraps, and who may start one. */
class ServerBootstrapTest {

    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void aCustomServerBootstrapsFromRequestedAndAgainFromActiveOrFailed() {
        Server server = Server.custom("byo-1", "198.51.100.9", 0, "cn-hangzhou", T0);
        assertTrue(server.isCustom());
        assertEquals("198.51.100.9", server.getPublicIp());
        server.startBootstrap(T0);
        assertEquals(ServerStatus.BOOTSTRAPPING, server.getStatus());
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("nginx", "1.24.0");
        versions.put("php", "8.3.6-0ubuntu0.24.04.2");
        server.markActive(versions, T0);
        assertEquals(versions, server.getComponentVersions());
        server.startBootstrap(T0);
        server.fail("Bootstrap step 'packages' failed with exit code 100", T0);
        server.startBootstrap(T0);
        assertEquals(ServerStatus.BOOTSTRAPPING, server.getStatus());

        Server deploying = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", T0);
        deploying.startProvisioning(T0);
        assertThrows(IllegalTransition.class, () -> deploying.startBootstrap(T0), "a server being provisioned is not bootstrapped on the side");
        assertEquals(Map.of(), deploying.getComponentVersions());
    }

    @Test
    void theHostKeyIsPinnedOnceAndOnlyForgottenOnPurpose() {
        Server server = Server.custom("byo-2", "198.51.100.9", 0, "cn-hangzhou", T0);
        server.pinHostKey("ssh-ed25519 AAAA1", T0);
        server.pinHostKey("ssh-ed25519 AAAA1", T0); // the same key again changes nothing
        assertThrows(IllegalStateException.class, () -> server.pinHostKey("ssh-ed25519 BBBB2", T0));
        server.forgetHostKey(T0);
        assertNull(server.getHostKey());
        server.pinHostKey("ssh-ed25519 BBBB2", T0);
        assertEquals("ssh-ed25519 BBBB2", server.getHostKey());
    }

    @Test
    void theDatabasePasswordIsMadeOnce() {
        Server server = Server.custom("byo-3", "198.51.100.9", 0, "cn-hangzhou", T0);
        server.recordDatabaseRootPassword("v1:sealed", T0);
        assertThrows(IllegalStateException.class, () -> server.recordDatabaseRootPassword("v1:other", T0));
        assertEquals("v1:sealed", server.getSealedDbRootPassword());
    }
}

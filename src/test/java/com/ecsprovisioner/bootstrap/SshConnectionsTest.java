package com.ecsprovisioner.bootstrap;

import com.ecsprovisioner.bootstrap.BootstrapRun.Refused;
import com.ecsprovisioner.bootstrap.BootstrapRun.Report;
import com.ecsprovisioner.bootstrap.BootstrapRun.Running;
import com.ecsprovisioner.bootstrap.BootstrapRun.Succeeded;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import com.jcraft.jsch.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Connections kept between the looks at a running bootstrap, against the sandbox's real SSH hosts (MINA SSHD), which
 * count the sessions they see: the server's count, not the pool's own, is what these tests hold the pool to.
 */
class SshConnectionsTest {

    private static final SshTimeouts TIMEOUTS = new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
    private static final String DIRECTORY = BootstrapRun.DEFAULT_DIRECTORY + "/attempt-1";

    private final BootstrapScripts scripts = BootstrapScripts.load();
    private final BootstrapSettings settings = BootstrapSettings.withDefaults("Zq8!kept-connections-pw",
            DownloadSources.forRegion("cn-hangzhou", DownloadSourceOverrides.none()));
    private final SecretMasker masker = new SecretMasker(settings.secrets());
    private final AtomicLong clock = new AtomicLong();
    private final SshConnections pool = new SshConnections(Duration.ofSeconds(15), 8, clock::get);
    private SandboxServers servers;

    @AfterEach
    void stop() {
        pool.close();
        if (servers != null) {
            servers.close();
        }
    }

    private BootstrapRun run(SshTarget target) {
        return new BootstrapRun(target, DIRECTORY, masker, TIMEOUTS, pool);
    }

    /** Starts a run on a new instance on first contact, as the engine does; answers the target with the key it pinned. */
    private SshTarget started(String instanceId, ClientKey key) {
        return started(servers.target(servers.instance(instanceId, key), key));
    }

    private SshTarget started(SshTarget firstContact) {
        Running running = assertInstanceOf(Running.class, run(firstContact).start(scripts, BootstrapEnvironment.renderBytes(settings)));
        return firstContact.withPinnedHostKey(running.hostKey().line());
    }

    /** The instance reached through the proxy instead of directly. */
    private static SshTarget via(BreakableProxy proxy, ClientKey key) {
        return new SshTarget("127.0.0.1", proxy.port(), "root", key.privateKeyText(), null, null);
    }

    @Test
    void theLooksAtARunningBootstrapShareOneConnectionAndItEndsWithTheRun() throws Exception {
        servers = new SandboxServers(0.01);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        SshTarget pinned = started("i-kept", key);

        int looks = 0;
        Report report;
        long deadline = System.currentTimeMillis() + 30_000;
        long offset = 0;
        do {
            report = run(pinned).poll(offset);
            looks++;
            if (report instanceof Running running) {
                offset = running.offset();
                assertEquals(1, servers.ssh.openSessions("i-kept"), "one connection stays open while the run goes on");
                Thread.sleep(50);
            }
        } while (report instanceof Running && System.currentTimeMillis() < deadline);

        assertInstanceOf(Succeeded.class, report);
        assertTrue(looks >= 3, "the run lasted several looks: " + looks);
        assertEquals(1, servers.ssh.sessionsOpened("i-kept"), "the start and " + looks + " looks used one SSH session");
        assertEquals(1, pool.opened());
        assertEquals(0, pool.idle(), "a finished run's connection is not kept");
        awaitNoSession("i-kept", 5000);
    }

    @Test
    void onFirstContactAConnectionIsNeverReusedSoThatTheServerIsAskedForItsKey() throws Exception {
        servers = new SandboxServers(0);
        ClientKey key = ClientKey.generate(KeyPair.ECDSA);
        String ip = servers.instance("i-unpinned", key);
        SshTarget firstContact = servers.target(ip, key);

        run(firstContact).poll(0);
        run(firstContact).poll(0);

        assertEquals(2, servers.ssh.sessionsOpened("i-unpinned"));
    }

    @Test
    void aKeptConnectionThatDroppedBetweenLooksCostsANewConnectionNotALook() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        SshTarget pinned = started("i-dropped", key);
        assertInstanceOf(Running.class, run(pinned).poll(0));

        assertEquals(1, servers.ssh.dropConnections("i-dropped"));
        Report afterDrop = run(pinned).poll(0);

        assertInstanceOf(Running.class, afterDrop, "the look after the drop is made on a new connection");
        assertEquals(2, servers.ssh.sessionsOpened("i-dropped"));
    }

    @Test
    void aKeptConnectionThatWentQuietlyDeadIsReplacedWithinTheSameLook() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        String ip = servers.instance("i-stale", key);
        try (BreakableProxy proxy = new BreakableProxy(ip, servers.port)) {
            SshTarget pinned = started(via(proxy, key));
            assertEquals(1, pool.idle());

            proxy.breakConnections();
            Report look = run(pinned).poll(0);

            assertInstanceOf(Running.class, look, "the look was made again on a new connection, not reported lost");
            assertEquals(2, pool.opened());
            assertEquals(1, pool.idle(), "the new connection is kept, the dead one is not");
        }
    }

    @Test
    void aKeptConnectionToAHostThatWentSilentIsGivenUpWithinSecondsAndTheLookMadeOnANewOne() throws Exception {
        servers = new SandboxServers(0.5); // a run of minutes: still running however long the look takes
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        String ip = servers.instance("i-silent", key);
        try (BreakableProxy proxy = new BreakableProxy(ip, servers.port)) {
            SshTarget pinned = started(via(proxy, key));

            proxy.freezeConnections();
            long began = System.nanoTime();
            Report look = run(pinned).poll(0);
            long millis = (System.nanoTime() - began) / 1_000_000;

            assertInstanceOf(Running.class, look, "the look was made again on a new connection");
            assertTrue(millis < 10_000, "the dead connection was given up after the first channel's short wait, not 20 s: " + millis + " ms");
            assertEquals(2, pool.opened());
        }
    }

    @Test
    void aKeptConnectionIsNotTriedAgainWhenTheLookWasAnsweredBeforeItFailed() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        SshTarget pinned = started("i-answered", key);

        try (SshConnection kept = pool.open(pinned, TIMEOUTS)) {
            assertTrue(kept.reused());
            assertEquals(0, kept.exec("true").exitCode());
            assertEquals(1, servers.ssh.dropConnections("i-answered"));
            SshFailure lost = assertThrows(SshFailure.class, () -> kept.exec("true"));
            assertEquals(SshFailure.Kind.CONNECTION_LOST, lost.kind());
            assertFalse(kept.wentStale(), "part of the call was done: repeating it is the engine's business, at its next turn");
        }
        assertEquals(0, pool.idle(), "a connection that failed is not kept");
    }

    @Test
    void theTimerClosesIdleConnectionsEvenWhenNothingUsesThePool() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        started("i-timer", key);
        assertEquals(1, servers.ssh.openSessions("i-timer"));

        clock.addAndGet(Duration.ofSeconds(15).toNanos());
        pool.closeIdle();

        assertEquals(0, pool.idle());
        awaitNoSession("i-timer", 5000);
    }

    @Test
    void aConnectionIdleLongerThanItsKeepingTimeIsClosedAndNotUsedAgain() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        SshTarget pinned = started("i-idle", key);
        assertEquals(1, pool.idle());

        clock.addAndGet(Duration.ofSeconds(15).toNanos());
        assertInstanceOf(Running.class, run(pinned).poll(0));

        assertEquals(2, servers.ssh.sessionsOpened("i-idle"), "the idle one was not used");
        assertEquals(1, pool.idle(), "and it was closed: only the new one is kept");
    }

    @Test
    void aConnectionServesOnlyTheLoginItWasMadeFor() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        ClientKey stranger = ClientKey.generate(KeyPair.ED25519);
        SshTarget pinned = started("i-owned", key);
        SshTarget otherKey = new SshTarget(pinned.host(), pinned.port(), "root", stranger.privateKeyText(), null,
                pinned.pinnedHostKey());

        Report refused = run(otherKey).poll(0);

        assertEquals(SshFailure.Kind.AUTHENTICATION_REFUSED, assertInstanceOf(Refused.class, refused).kind(),
                "another key logs in for itself, and is refused, instead of borrowing the open connection");
        assertEquals(1, pool.idle(), "the owner's connection is still kept");
        assertInstanceOf(Running.class, run(pinned).poll(0));
        assertEquals(2, servers.ssh.sessionsOpened("i-owned"), "the owner's first connection and the stranger's attempt");
    }

    @Test
    void atMostMaxIdleConnectionsAreKeptTheOldestClosedFirst() throws Exception {
        servers = new SandboxServers(0.05);
        try (SshConnections one = new SshConnections(Duration.ofSeconds(15), 1, clock::get)) {
            ClientKey key = ClientKey.generate(KeyPair.ED25519);
            for (String id : new String[]{"i-first", "i-second"}) {
                String ip = servers.instance(id, key);
                new BootstrapRun(servers.target(ip, key), DIRECTORY, masker, TIMEOUTS, one).poll(0);
            }
            assertEquals(1, one.idle());
            awaitNoSession("i-first", 5000);
            assertEquals(1, servers.ssh.openSessions("i-second"));
        }
        awaitNoSession("i-second", 5000);
    }

    @Test
    void closingAConnectionTwiceHandsItBackOnceAndLeavesItOpen() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        SshTarget pinned = started("i-twice", key);

        SshConnection first = pool.open(pinned, TIMEOUTS);
        assertTrue(first.reused());
        first.close();
        first.close();
        assertEquals(1, pool.idle());

        SshConnection second = pool.open(pinned, TIMEOUTS);
        first.close();
        assertEquals(0, pool.idle(), "a late close of the first lease does not hand back the second");
        assertEquals(0, second.exec("true").exitCode());
        second.close();

        assertEquals(1, pool.idle());
        assertEquals(1, servers.ssh.openSessions("i-twice"));
        assertEquals(1, servers.ssh.sessionsOpened("i-twice"));
    }

    @Test
    void aKeptConnectionNobodyUsesAgainClosesItselfAfterACommandTimeOutOfSilence() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        String ip = servers.instance("i-forgotten", key);
        SshTimeouts oneSecond = new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));

        try (SshConnection ssh = pool.open(servers.target(ip, key), oneSecond)) {
            assertEquals(0, ssh.exec("true").exitCode());
        }
        assertEquals(1, pool.idle(), "kept, and this pool is not used again");
        assertEquals(1, servers.ssh.openSessions("i-forgotten"));

        awaitNoSession("i-forgotten", 15_000);
    }

    private void awaitNoSession(String instanceId, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (servers.ssh.openSessions(instanceId) > 0) {
            if (System.currentTimeMillis() > deadline) {
                fail(instanceId + " still has " + servers.ssh.openSessions(instanceId) + " open SSH sessions");
            }
            Thread.sleep(20);
        }
    }
}

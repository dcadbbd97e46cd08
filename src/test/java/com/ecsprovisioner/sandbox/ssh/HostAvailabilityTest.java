package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.ecsprovisioner.sandbox.ssh.BootstrapOverSshTest.DIR;
import static com.ecsprovisioner.sandbox.ssh.BootstrapOverSshTest.agent;
import static com.ecsprovisioner.sandbox.ssh.SshClientKit.connect;
import static com.ecsprovisioner.sandbox.ssh.SshClientKit.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stopped or rebooting instance does not answer, and what it was running is lost, as on a real server. */
class HostAvailabilityTest {

    private static final String INSTANCE = "i-bp1avail001";

    private final InMemoryHostDirectory directory = new InMemoryHostDirectory();
    private final ClientKey key = ClientKey.generate(KeyPair.ED25519);
    private final String ip = SshClientKit.randomLoopback();
    private SandboxSshHosts hosts;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = FreePort.next();
        hosts = SandboxSshHosts.start(directory, SshHostsConfig.defaults().withPort(port).withStepDurationScale(0.01));
        directory.assign(ip, INSTANCE, key.publicLine(), "Debian 12.6 64 bit");
    }

    @AfterEach
    void stop() {
        hosts.close();
    }

    @Test
    void aStoppedInstanceRefusesConnectionsAtOnce() {
        directory.setAnswering(ip, false);
        long started = System.nanoTime();
        assertThrows(JSchException.class, () -> connect(ip, port, key));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 2000, "refusal took " + tookMillis + " ms: the client must not hang");

        directory.setAnswering(ip, true);
        assertDoesConnect();
    }

    @Test
    void anAddressWithoutInstanceRefusesConnections() {
        directory.forget(ip);
        assertTrue(hosts.boundAddresses().contains(ip), "still bound, only the instance is gone");
        assertThrows(JSchException.class, () -> connect(ip, port, key));
    }

    @Test
    void openSessionsEndWhenTheInstanceStops() throws Exception {
        Session session = connect(ip, port, key);
        directory.setAnswering(ip, false);
        waitUntilDisconnected(session);
        assertFalse(session.isConnected());
    }

    @Test
    void aRunInProgressIsLostWhenTheInstanceStopsAndItsLogIsKept() throws Exception {
        Session session = connect(ip, port, key);
        BootstrapOverSshTest.uploadScripts(session);
        exec(session, agent("start " + DIR + " main.sh"));
        String before = "";
        long deadline = System.currentTimeMillis() + 5000;
        while (!before.contains("@@ecs step apt-update ok") && System.currentTimeMillis() < deadline) {
            before = exec(session, agent("log " + DIR + " 0")).stdout();
            SshClientKit.pause(10);
        }
        assertTrue(before.contains("@@ecs step apt-update ok"), before);

        directory.setAnswering(ip, false); // a reboot begins
        waitUntilDisconnected(session);
        SshClientKit.pause(800); // longer than the whole planned run: it would have finished by now
        directory.setAnswering(ip, true); // and the instance is back

        Session after = connect(ip, port, key);
        try {
            String log = exec(after, agent("log " + DIR + " 0")).stdout();
            assertTrue(log.startsWith(before), "the log written before the stop is kept");
            assertFalse(log.contains("@@ecs result"), "the run never finished:\n" + log);
            assertEquals("running\n", exec(after, agent("status " + DIR)).stdout(), "status stays what it was when lost");
            assertFalse(exec(after, "test -e " + DIR + "/bootstrap.exit").exitCode() == 0);
            SshClientKit.pause(100);
            assertEquals(log, exec(after, agent("log " + DIR + " 0")).stdout(), "a lost run writes nothing more");

            // Its process is gone, so the agent can start it again.
            assertEquals("started\n", exec(after, agent("start " + DIR + " main.sh")).stdout());
        } finally {
            after.disconnect();
        }
    }

    private void assertDoesConnect() {
        try {
            connect(ip, port, key).disconnect();
        } catch (JSchException e) {
            throw new AssertionError("the running instance should answer", e);
        }
    }

    private static void waitUntilDisconnected(Session session) {
        long deadline = System.currentTimeMillis() + 3000;
        while (session.isConnected() && System.currentTimeMillis() < deadline) {
            SshClientKit.pause(10);
        }
    }
}

package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static com.ecsprovisioner.sandbox.ssh.SshClientKit.connect;
import static com.ecsprovisioner.sandbox.ssh.SshClientKit.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bootstrap contract as the product's runner will use it over JSch: upload the scripts, {@code ecs-agent.sh
 * start}, follow {@code log} by byte offset, read {@code status}; with a small duration scale so runs take a second.
 */
class BootstrapOverSshTest {

    static final String DIR = "/root/ecs-bootstrap";
    static final String INSTANCE = "i-bp1boot0001";

    private final InMemoryHostDirectory directory = new InMemoryHostDirectory();
    private final ClientKey key = ClientKey.generate(KeyPair.ECDSA);
    private final String ip = SshClientKit.randomLoopback();
    private SandboxSshHosts hosts;
    private int port;

    private void startHosts(SshHostsConfig config) throws Exception {
        port = FreePort.next();
        hosts = SandboxSshHosts.start(directory, config.withPort(port));
        directory.assign(ip, INSTANCE, key.publicLine(), "Ubuntu 24.04 64 bit");
    }

    @AfterEach
    void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    /** Uploads a main script that declares steps itself and through two sourced files. */
    static void uploadScripts(Session session) throws Exception {
        exec(session, "mkdir -p " + DIR);
        SshClientKit.sftpUpload(session, DIR + "/ecs-agent.sh", "#!/bin/bash\n# the real agent\n".getBytes(StandardCharsets.UTF_8));
        SshClientKit.sftpUpload(session, DIR + "/lib.sh", """
                ecs_step() {
                  echo "@@ecs step $1 start $2"
                }
                """.getBytes(StandardCharsets.UTF_8));
        SshClientKit.sftpUpload(session, DIR + "/php.sh", """
                  ecs_step install-php "Install PHP-FPM"
                """.getBytes(StandardCharsets.UTF_8));
        SshClientKit.sftpUpload(session, DIR + "/main.sh", """
                #!/bin/bash
                set -euo pipefail
                DIR="$(cd "$(dirname "$0")" && pwd)"
                source "$DIR/lib.sh"
                ecs_step apt-update "Update package lists"
                ecs_step install-nginx "Install nginx"
                . "$DIR/php.sh"
                ecs_step install-wordpress "Install WordPress"
                """.getBytes(StandardCharsets.UTF_8));
    }

    static String agent(String args) {
        return "bash " + DIR + "/ecs-agent.sh " + args;
    }

    /** Follows the log from an offset until the result line, as the runner does; returns the chunks read. */
    static List<String> follow(Session session, long offset, long timeoutMillis) throws Exception {
        List<String> chunks = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        StringBuilder all = new StringBuilder();
        while (!all.toString().contains("@@ecs result")) {
            if (System.currentTimeMillis() > deadline) {
                fail("No result line within " + timeoutMillis + " ms; log so far:\n" + all);
            }
            String chunk = exec(session, agent("log " + DIR + " " + offset)).stdout();
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
                all.append(chunk);
                offset += chunk.getBytes(StandardCharsets.UTF_8).length;
            }
            SshClientKit.pause(15);
        }
        return chunks;
    }

    @Test
    void aDetachedRunProgressesOverTimeAndFinishes() throws Exception {
        startHosts(SshHostsConfig.defaults().withStepDurationScale(0.01));
        Session session = connect(ip, port, key);
        try {
            uploadScripts(session);
            assertEquals("not-started\n", exec(session, agent("status " + DIR)).stdout());

            long started = System.nanoTime();
            assertEquals("started\n", exec(session, agent("start " + DIR + " main.sh")).stdout());
            assertEquals("running\n", exec(session, agent("status " + DIR)).stdout());
            assertEquals("already-running\n", exec(session, agent("start " + DIR + " main.sh")).stdout());

            List<String> chunks = follow(session, 0, 10_000);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            String log = String.join("", chunks);

            assertTrue(chunks.size() >= 2, "the log should grow over time, not appear at once: " + chunks.size() + " chunks");
            // 12 + 8 + 15 + 25 s of realistic work, ±20%, scaled by 0.01.
            assertTrue(tookMillis >= 400, "a run of four steps took only " + tookMillis + " ms");
            assertMarkersInOrder(log,
                    "@@ecs step apt-update start Update package lists", "Reading package lists...",
                    "@@ecs step apt-update ok ",
                    "@@ecs step install-nginx start Install nginx", "Setting up nginx (1.24.0",
                    "@@ecs step install-nginx ok ",
                    "@@ecs step install-php start Install PHP-FPM", "@@ecs step install-php ok ",
                    "@@ecs step install-wordpress start Install WordPress", "Success: WordPress installed successfully.",
                    "@@ecs step install-wordpress ok ",
                    "@@ecs version nginx 1.24.0", "@@ecs version php 8.3.6", "@@ecs version mariadb ",
                    "@@ecs version redis ", "@@ecs version wp-cli ", "@@ecs version certbot ",
                    "@@ecs result ok");
            for (String line : log.split("\n")) {
                if (line.startsWith("@@ecs")) {
                    assertTrue(line.matches("@@ecs (step [a-z0-9][a-z0-9-]* (start .+|ok \\d+|fail \\d+ .+)"
                            + "|version \\S+ \\S+|result (ok|fail \\S+ \\d+))"), "marker outside the grammar: " + line);
                }
            }

            assertEquals("finished 0\n", exec(session, agent("status " + DIR)).stdout());
            assertEquals("already-finished 0\n", exec(session, agent("start " + DIR + " main.sh")).stdout());
            assertEquals("0\n", exec(session, "cat " + DIR + "/bootstrap.exit").stdout());
            assertEquals(log, exec(session, "cat " + DIR + "/bootstrap.log").stdout());
            assertEquals("", exec(session, agent("log " + DIR + " " + log.getBytes(StandardCharsets.UTF_8).length)).stdout());
        } finally {
            session.disconnect();
        }
    }

    @Test
    void anInjectedFailureStopsTheRunWithItsExitCode() throws Exception {
        startHosts(SshHostsConfig.defaults().withStepDurationScale(0.005));
        hosts.injectFailure(new InjectedFailure(INSTANCE, "install-php", 42));
        Session session = connect(ip, port, key);
        try {
            uploadScripts(session);
            exec(session, agent("start " + DIR + " main.sh"));
            String log = String.join("", follow(session, 0, 10_000));

            assertMarkersInOrder(log, "@@ecs step install-nginx ok ", "@@ecs step install-php start Install PHP-FPM",
                    "E: Unable to fetch some archives", "@@ecs step install-php fail 42 ",
                    "@@ecs result fail install-php 42");
            assertFalse(log.contains("install-wordpress"), "no step runs after the failed one");
            assertFalse(log.contains("@@ecs version"), "a failed run reports no versions");
            assertEquals("finished 42\n", exec(session, agent("status " + DIR)).stdout());
            assertEquals("42\n", exec(session, "cat " + DIR + "/bootstrap.exit").stdout());
            assertEquals("already-finished 42\n", exec(session, agent("start " + DIR + " main.sh")).stdout());
        } finally {
            session.disconnect();
        }
    }

    @Test
    void aFailureFromTheConfigurationAppliesToEveryInstance() throws Exception {
        startHosts(SshHostsConfig.defaults().withStepDurationScale(0.005)
                .withFailures(List.of(InjectedFailure.parse("*:apt-update:100"))));
        Session session = connect(ip, port, key);
        try {
            uploadScripts(session);
            exec(session, agent("start " + DIR + " main.sh"));
            String log = String.join("", follow(session, 0, 10_000));
            assertTrue(log.endsWith("@@ecs step apt-update fail 100 Update package lists failed with exit code 100\n"
                    + "@@ecs result fail apt-update 100\n"), log);
            assertEquals("finished 100\n", exec(session, agent("status " + DIR)).stdout());
        } finally {
            session.disconnect();
        }
    }

    @Test
    void aDroppedConnectionLeavesTheRunGoingAndTheLogResumesAtItsOffset() throws Exception {
        startHosts(SshHostsConfig.defaults().withStepDurationScale(0.015));
        Session first = connect(ip, port, key);
        uploadScripts(first);
        exec(first, agent("start " + DIR + " main.sh"));
        StringBuilder seen = new StringBuilder();
        long deadline = System.currentTimeMillis() + 5000;
        while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
            seen.append(exec(first, agent("log " + DIR + " 0")).stdout());
            SshClientKit.pause(15);
        }
        assertFalse(seen.isEmpty(), "the run printed nothing");

        assertEquals(1, hosts.dropConnections(INSTANCE));
        long until = System.currentTimeMillis() + 3000;
        while (first.isConnected() && System.currentTimeMillis() < until) {
            SshClientKit.pause(10);
        }
        assertFalse(first.isConnected(), "the dropped session is still connected");

        Session second = connect(ip, port, key);
        try {
            assertEquals("running\n", exec(second, agent("status " + DIR)).stdout());
            String rest = String.join("", follow(second, seen.toString().getBytes(StandardCharsets.UTF_8).length, 15_000));
            String whole = exec(second, "cat " + DIR + "/bootstrap.log").stdout();
            assertEquals(whole, seen + rest);
            assertEquals(1, whole.split("@@ecs step apt-update start", -1).length - 1, "the run was not restarted");
            assertEquals("finished 0\n", exec(second, agent("status " + DIR)).stdout());
        } finally {
            second.disconnect();
        }
    }

    @Test
    void theAgentMustHaveBeenUploadedAndTheMainScriptMustExist() throws Exception {
        startHosts(SshHostsConfig.defaults().withStepDurationScale(0));
        Session session = connect(ip, port, key);
        try {
            SshClientKit.Exec noAgent = exec(session, agent("start " + DIR + " main.sh"));
            assertEquals(127, noAgent.exitCode());
            assertEquals("bash: " + DIR + "/ecs-agent.sh: No such file or directory\n", noAgent.stderr());

            exec(session, "mkdir -p " + DIR);
            SshClientKit.sftpUpload(session, DIR + "/ecs-agent.sh", new byte[]{'#'});
            SshClientKit.Exec noMain = exec(session, agent("start " + DIR + " main.sh"));
            assertEquals(2, noMain.exitCode());
            assertTrue(noMain.stderr().contains("main script " + DIR + "/main.sh not found"), noMain.stderr());

            SshClientKit.Exec badOffset = exec(session, agent("log " + DIR + " -5"));
            assertEquals(2, badOffset.exitCode());
        } finally {
            session.disconnect();
        }
    }

    static void assertMarkersInOrder(String log, String... fragments) {
        int from = 0;
        for (String fragment : fragments) {
            int at = log.indexOf(fragment, from);
            if (at < 0) {
                fail("'" + fragment + "' missing or out of order in:\n" + log);
            }
            from = at + fragment.length();
        }
    }
}

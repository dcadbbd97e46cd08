package com.ecsprovisioner.bootstrap;

import com.ecsprovisioner.bootstrap.BootstrapRun.Failed;
import com.ecsprovisioner.bootstrap.BootstrapRun.Report;
import com.ecsprovisioner.bootstrap.BootstrapRun.Succeeded;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict on finished runs the sandbox cannot produce: a runner that vanished (the real agent's exit 255), a
 * script that exited 0 without its result marker, long and secret-laden output before a failure.
 */
class BootstrapVerdictTest {

    private static final HostKeyPin HOST = HostKeyPin.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGnMq6bPBr8L2tBnFG6B0pCuQ7dh4cK3zSKfOoJjWmUT");
    private static final String DB_PASSWORD = "s3cret-Root-Pw-42";

    private static Report judge(String log, int exitCode) {
        LogFollower follower = new LogFollower(new SecretMasker(List.of(DB_PASSWORD)), 0);
        List<ProgressEvent> events = new ArrayList<>(follower.accept(log.getBytes(StandardCharsets.UTF_8)));
        events.addAll(follower.finish());
        return BootstrapRun.verdict(HOST, follower.committedOffset(), events, events, follower.recentOutput(), exitCode);
    }

    @Test
    void successNeedsExitZeroAndTheResultMarker() {
        String log = """
                @@ecs step preflight start Check the server and the settings
                @@ecs step preflight ok 1
                @@ecs version nginx 1.24.0
                @@ecs version php 8.3.6
                @@ecs result ok
                """;
        Succeeded done = assertInstanceOf(Succeeded.class, judge(log, 0));
        assertEquals(Map.of("nginx", "1.24.0", "php", "8.3.6"), done.versions());
        assertEquals(log.getBytes(StandardCharsets.UTF_8).length, done.offset());

        Failed cutShort = assertInstanceOf(Failed.class, judge("@@ecs step preflight start Check\n@@ecs step preflight ok 1\n", 0));
        assertEquals("unknown", cutShort.stepId());
        assertEquals("the script ended without reporting its result", cutShort.message());

        assertInstanceOf(Failed.class, judge(log, 1), "a non-zero exit code is a failure whatever the log says");
    }

    @Test
    void aVanishedRunnerFailsTheStepThatWasRunning() {
        Failed failed = assertInstanceOf(Failed.class, judge("""
                @@ecs step preflight start Check the server and the settings
                @@ecs step preflight ok 1
                @@ecs step packages start Install nginx, PHP-FPM, MariaDB, Redis and certbot
                Unpacking nginx-common (1.24.0-2ubuntu7) ...
                ecs-agent: the bootstrap runner stopped without an exit code (killed or server restarted)
                """, 255));
        assertEquals("packages", failed.stepId());
        assertEquals(255, failed.exitCode());
        assertTrue(failed.message().contains("stopped without an exit code"), failed.message());
        assertEquals(List.of("Unpacking nginx-common (1.24.0-2ubuntu7) ...",
                "ecs-agent: the bootstrap runner stopped without an exit code (killed or server restarted)"), failed.lastLines());
    }

    @Test
    void aFailureCarriesItsStepMessageAndOnlyTheLastTwentyLinesMasked() {
        StringBuilder log = new StringBuilder("@@ecs step mariadb start Secure MariaDB\n");
        for (int i = 1; i <= 30; i++) {
            log.append("output line ").append(i).append('\n');
        }
        log.append("-----BEGIN OPENSSH PRIVATE KEY-----\n")
                .append("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n")
                .append("-----END OPENSSH PRIVATE KEY-----\n")
                .append("ERROR 1045 (28000): ALTER USER root IDENTIFIED BY 'typed-by-hand'\n")
                .append("mysql: using password ").append(DB_PASSWORD).append(" failed\n")
                .append("@@ecs step mariadb fail 1 Secure MariaDB failed with exit code 1\n")
                .append("@@ecs result fail mariadb 1\n");
        Failed failed = assertInstanceOf(Failed.class, judge(log.toString(), 1));

        assertEquals("mariadb", failed.stepId());
        assertEquals(1, failed.exitCode());
        assertEquals("Secure MariaDB failed with exit code 1", failed.message());
        assertEquals(BootstrapRun.LAST_LINES, failed.lastLines().size());
        assertEquals("output line 16", failed.lastLines().get(0));
        String text = failed.describe();
        assertFalse(text.contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmU"), text);
        assertFalse(text.contains("typed-by-hand"), text);
        assertFalse(text.contains(DB_PASSWORD), text);
        assertTrue(text.contains("IDENTIFIED BY " + SecretMasker.MASK), text);
        assertTrue(text.contains("mysql: using password " + SecretMasker.MASK + " failed"), text);
        assertTrue(text.startsWith("Bootstrap step 'mariadb' failed with exit code 1: Secure MariaDB failed"), text);
    }
}

package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.sandbox.MutableClock;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detached run derived from the clock, step scanning, and the configuration's validation, without SSH. */
class SimulatedBootstrapRunTest {

    /** Moved by hand, so that "later" is exact. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T04:00:00Z"));
    private final SimulatedMachine machine = new SimulatedMachine("i-bp1run", "Debian 12.6 64 bit", "127.1.0.12");

    private ExecResult agent(SimulatedBootstrapAgent agent, String... args) {
        return agent.run(machine, machine.path("/opt/b/ecs-agent.sh"), "/opt/b/ecs-agent.sh", List.of(args));
    }

    private void upload(String name, String content) throws Exception {
        Files.createDirectories(machine.path("/opt/b"));
        Files.writeString(machine.path("/opt/b/" + name), content, StandardCharsets.UTF_8);
    }

    @Test
    void theLogAndStatusFollowTheClock() throws Exception {
        upload("ecs-agent.sh", "#");
        upload("main.sh", "ecs_step install-redis \"Install Redis\"\necs_step configure-firewall \"Firewall\"\n");
        SimulatedBootstrapAgent agent = new SimulatedBootstrapAgent(clock, 1.0, 5L, (i, s) -> Optional.empty());

        assertEquals("started\n", agent(agent, "start", "/opt/b", "main.sh").stdoutText());
        assertEquals("@@ecs step install-redis start Install Redis\n", agent(agent, "log", "/opt/b", "0").stdoutText());
        assertEquals("running\n", agent(agent, "status", "/opt/b").stdoutText());

        clock.advance(Duration.ofSeconds(5)); // redis takes 6 s ±20%, the firewall 3 s ±20%
        String partial = agent(agent, "log", "/opt/b", "0").stdoutText();
        assertTrue(partial.contains("Setting up redis-server (5:7.0.15-1~deb12u1) ..."), partial);
        assertFalse(partial.contains("@@ecs result"), partial);

        clock.advance(Duration.ofSeconds(10));
        String whole = agent(agent, "log", "/opt/b", "0").stdoutText();
        assertTrue(whole.startsWith(partial));
        assertTrue(whole.contains("@@ecs step install-redis ok "), whole);
        assertTrue(whole.contains("Firewall is active and enabled on system startup"), whole);
        assertTrue(whole.endsWith("@@ecs version nginx 1.22.1\n@@ecs version php 8.2.24\n@@ecs version mariadb 10.11.6\n"
                + "@@ecs version redis 7.0.15\n@@ecs version wp-cli 2.11.0\n@@ecs version certbot 2.1.0\n@@ecs result ok\n"), whole);
        assertEquals("finished 0\n", agent(agent, "status", "/opt/b").stdoutText());
        assertEquals(whole.substring(10), agent(agent, "log", "/opt/b", "10").stdoutText());
        assertEquals("0\n", Files.readString(machine.path("/opt/b/bootstrap.exit")));
        assertEquals(whole, Files.readString(machine.path("/opt/b/bootstrap.log")));
    }

    @Test
    void thePhpVersionInBootstrapEnvIsTheOneInstalledAndReported() throws Exception {
        upload("ecs-agent.sh", "#");
        upload("main.sh", "ecs_step install-php \"Install PHP\"\n");
        upload("bootstrap.env", "ECS_PHP_VERSION='8.4'\n");
        SimulatedBootstrapAgent agent = new SimulatedBootstrapAgent(clock, 1.0, 5L, (i, s) -> Optional.empty());
        agent(agent, "start", "/opt/b", "main.sh");
        clock.advance(Duration.ofMinutes(5));
        String log = agent(agent, "log", "/opt/b", "0").stdoutText();
        assertTrue(log.contains("Setting up php8.4-fpm") && !log.contains("php8.2"), log);
        assertTrue(log.contains("@@ecs version php 8.4.2\n"), log);

        // "default" is the distribution's, as steps.sh reads it.
        upload("bootstrap.env", "ECS_PHP_VERSION='default'\n");
        Files.createDirectories(machine.path("/opt/c"));
        Files.copy(machine.path("/opt/b/main.sh"), machine.path("/opt/c/main.sh"));
        Files.copy(machine.path("/opt/b/bootstrap.env"), machine.path("/opt/c/bootstrap.env"));
        agent.run(machine, machine.path("/opt/b/ecs-agent.sh"), "/opt/b/ecs-agent.sh", List.of("start", "/opt/c", "main.sh"));
        clock.advance(Duration.ofMinutes(5));
        String distribution = agent.run(machine, machine.path("/opt/b/ecs-agent.sh"), "/opt/b/ecs-agent.sh",
                List.of("log", "/opt/c", "0")).stdoutText();
        assertTrue(distribution.contains("Setting up php8.2-fpm") && distribution.contains("@@ecs version php 8.2.24\n"), distribution);
    }

    @Test
    void stepDurationsAreRealisticAndScaled() throws Exception {
        upload("ecs-agent.sh", "#");
        upload("main.sh", "ecs_step install-packages \"Install packages\"\n");
        SimulatedBootstrapAgent real = new SimulatedBootstrapAgent(clock, 1.0, 5L, (i, s) -> Optional.empty());
        agent(real, "start", "/opt/b", "main.sh");
        clock.advance(Duration.ofSeconds(31)); // 40 s ±20% is at least 32 s
        assertEquals("running\n", agent(real, "status", "/opt/b").stdoutText());
        clock.advance(Duration.ofSeconds(18));
        assertEquals("finished 0\n", agent(real, "status", "/opt/b").stdoutText());
        String okLine = agent(real, "log", "/opt/b", "0").stdoutText().lines()
                .filter(l -> l.startsWith("@@ecs step install-packages ok ")).findFirst().orElseThrow();
        int seconds = Integer.parseInt(okLine.substring(okLine.lastIndexOf(' ') + 1));
        assertTrue(seconds >= 32 && seconds <= 48, okLine);
    }

    @Test
    void stepsComeFromTheMainScriptAndTheFilesItSourcesInOrder() throws Exception {
        upload("main.sh", """
                #!/bin/bash
                source "$(dirname "$0")/common.sh"
                ecs_step apt-update "Update package lists"
                . ./web.sh
                source /opt/b/web.sh   # twice: scanned once
                  ecs_step finish "All done"
                echo 'ecs_step not-a-step "quoted away"'
                ecs_step Bad-Id "ignored: not a valid id"
                """);
        upload("common.sh", "ecs_step() { :; }\necs_step swap \"Add swap\"\n");
        upload("web.sh", "ecs_step install-nginx \"Install nginx\"\nsource missing.sh\n");

        List<SimulatedBootstrapRun.Step> steps = SimulatedBootstrapAgent.declaredSteps(machine, machine.path("/opt/b/main.sh"));
        assertEquals(List.of(new SimulatedBootstrapRun.Step("swap", "Add swap"),
                new SimulatedBootstrapRun.Step("apt-update", "Update package lists"),
                new SimulatedBootstrapRun.Step("install-nginx", "Install nginx"),
                new SimulatedBootstrapRun.Step("finish", "All done")), steps);
    }

    @Test
    void aLostRunKeepsWhatItWroteAndNeverFinishes() {
        Instant start = clock.instant();
        SimulatedBootstrapRun run = SimulatedBootstrapRun.plan(start, List.of(new SimulatedBootstrapRun.Step("install-php", "PHP"),
                new SimulatedBootstrapRun.Step("install-wordpress", "WordPress")), OsProfile.UBUNTU_2204, s -> Optional.empty(),
                1.0, new java.util.Random(1));
        Instant during = start.plusSeconds(14);
        byte[] before = run.log(during);
        run.lose(during);

        Instant later = start.plus(Duration.ofHours(1));
        assertTrue(run.isLost());
        assertEquals("running", run.status(later));
        assertEquals(new String(before, StandardCharsets.UTF_8), new String(run.log(later), StandardCharsets.UTF_8));
        assertFalse(run.isRunning(later));
        assertFalse(run.isFinished(later));
    }

    @Test
    void aFinishedRunCannotBeLost() {
        Instant start = clock.instant();
        SimulatedBootstrapRun run = SimulatedBootstrapRun.plan(start, List.of(new SimulatedBootstrapRun.Step("x", "X")), OsProfile.UBUNTU_2404,
                s -> Optional.empty(), 0.0, new java.util.Random(1));
        run.lose(start.plusSeconds(1));
        assertEquals("finished 0", run.status(start.plusSeconds(2)));
        assertFalse(run.isLost());
    }

    @Test
    void stepKindsAreRecognisedFromIdsFirst() {
        assertEquals(StepKind.NGINX, StepKind.of("install-nginx", "Install the web server"));
        assertEquals(StepKind.PACKAGES, StepKind.of("install-packages", "Install base packages"));
        assertEquals(StepKind.MARIADB, StepKind.of("database", "Create the WordPress database"));
        assertEquals(StepKind.WORDPRESS, StepKind.of("wp-config", "Configure"));
        assertEquals(StepKind.CERTBOT, StepKind.of("tls", "Let's Encrypt"));
        assertEquals(StepKind.GENERIC, StepKind.of("tune-kernel", "sysctl settings"));
        assertEquals(StepKind.PHP, StepKind.of("runtime", "Install PHP-FPM"));
    }

    @Test
    void osNamesMapToProfiles() {
        assertEquals(OsProfile.UBUNTU_2404, OsProfile.forOsName("Ubuntu  24.04 64 bit"));
        assertEquals(OsProfile.UBUNTU_2204, OsProfile.forOsName("Ubuntu 22.04 64 bit"));
        assertEquals(OsProfile.DEBIAN_12, OsProfile.forOsName("Debian  12.6 64 bit"));
        assertEquals(OsProfile.UBUNTU_2204, OsProfile.forOsName(null));
    }

    @Test
    void badConfigurationIsRefusedWithAReason() {
        IllegalArgumentException zeroPort = assertThrows(IllegalArgumentException.class,
                () -> SshHostsConfig.defaults().withPort(0));
        assertTrue(zeroPort.getMessage().contains("same, known port"), zeroPort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SshHostsConfig.defaults().withStepDurationScale(-1));
        assertThrows(IllegalArgumentException.class, () -> SshHostsConfig.defaults().withStepDurationScale(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> InjectedFailure.parse("*:install-php"));
        assertThrows(IllegalArgumentException.class, () -> InjectedFailure.parse("*:install-php:0"));
        assertThrows(IllegalArgumentException.class, () -> InjectedFailure.parse("*:Install PHP:3"));
        assertEquals(new InjectedFailure("i-1", "install-php", 3), InjectedFailure.parse(" i-1:install-php:3 "));
    }

    @Test
    void configurationCanComeFromSettings() {
        java.util.Map<String, String> settings = java.util.Map.of("sandbox.ssh.port", "2022",
                "sandbox.ssh.dataFolder", "/var/lib/ecs", "sandbox.ssh.stepDurationScale", "0.1",
                "sandbox.ssh.failures", "*:install-php:7, i-9:tls:3", "sandbox.ssh.seed", "42");
        SshHostsConfig config = SshHostsConfig.fromSettings(settings::get, "sandbox.ssh.");
        assertEquals(new SshHostsConfig(2022, java.nio.file.Path.of("/var/lib/ecs"), 0.1,
                List.of(new InjectedFailure("*", "install-php", 7), new InjectedFailure("i-9", "tls", 3)), 42L), config);
        assertEquals(SshHostsConfig.defaults(), SshHostsConfig.fromSettings(key -> null, "x."));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SshHostsConfig.fromSettings(java.util.Map.of("p.port", "22x")::get, "p."));
        assertEquals("Setting p.port = '22x' is not a number", bad.getMessage());
    }
}

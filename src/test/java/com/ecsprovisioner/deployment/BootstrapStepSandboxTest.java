package com.ecsprovisioner.deployment;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.bootstrap.BootstrapRun;
import com.ecsprovisioner.bootstrap.DownloadSources;
import com.ecsprovisioner.bootstrap.HostKeyPin;
import com.ecsprovisioner.bootstrap.SecretMasker;
import com.ecsprovisioner.bootstrap.SshTarget;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.bootstrap.WpCliRelease;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepStatus;
import com.ecsprovisioner.sandbox.ssh.InjectedFailure;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.Objects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.ecsprovisioner.deployment.EngineHarness.PROFILE;
import static com.ecsprovisioner.deployment.EngineHarness.fastSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap step through the engine harness: the sandbox cloud and its SSH hosts running the simulated
 * scripts, the real adapter, the real runner over real SSH, the step driven one call per round as the container
 * drives it.
 */
class BootstrapStepSandboxTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    private EngineHarness harness(double stepDurationScale) {
        EngineHarness h = new EngineHarness(b -> { }, fastSettings(), "sandbox-admin", true, stepDurationScale);
        open.add(h);
        return h;
    }

    /** The job log's lines that came from the script (progress markers and output), in order. */
    private static List<String> scriptLines(Job job) {
        return job.log().stream().filter(l -> Objects.equals(l.getStep(), DeploymentJobs.BOOTSTRAP))
                .map(JobLogEntry::getMessage)
                .filter(m -> m.startsWith("[") || m.startsWith("Installed: ") || m.startsWith("The bootstrap script"))
                .toList();
    }

    /** The whole log of an attempt read straight from the server, turned into lines as the step turns it. */
    private static List<String> wholeLog(EngineHarness h, Server server, String runName) {
        SshTarget target = new SshTarget(server.getPublicIp(), h.sshPort, "root", h.bootstrapAccess.privateKey, null, server.getHostKey());
        BootstrapRun run = new BootstrapRun(target, BootstrapStep.directory("root", runName),
                new SecretMasker(List.of(h.bootstrapAccess.openDatabasePassword(server.getSealedDbRootPassword()))),
                new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        BootstrapRun.Report report = run.poll(0);
        List<com.ecsprovisioner.bootstrap.ProgressEvent> events = report instanceof BootstrapRun.Succeeded s ? s.events()
                : ((BootstrapRun.Failed) report).events();
        return BootstrapStep.Transcript.of(events, null).lines().stream().map(BootstrapStep.Transcript.Line::text).toList();
    }

    @Test
    void aDeploymentEndsActiveWithTheVersionsAndTheScriptsProgressInItsLog() {
        EngineHarness h = harness(0.001);
        Job job = h.deploy(DeployRequest.withDefaults("blog-boot", PROFILE));
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        Server server = h.serverOf(job);
        assertEquals(ServerStatus.ACTIVE, server.getStatus());
        assertTrue(server.getComponentVersions().keySet().containsAll(List.of("nginx", "php", "mariadb", "redis")),
                server.getComponentVersions().toString());
        assertTrue(server.getComponentVersions().get("nginx").matches("\\d+\\.\\d+\\.\\d+.*"), server.getComponentVersions().toString());
        assertEquals(1, job.bootstrap().attempt());
        assertTrue(job.bootstrap().run().startsWith("attempt-1-"), job.bootstrap().run());

        // The host key pinned is the one the server shows.
        assertEquals(h.sshHosts.hostKeyFingerprint(server.getInstanceId()), HostKeyPin.parse(server.getHostKey()).fingerprint());
        // MariaDB's password is stored sealed, opens to a strong password, and shows nowhere in the log.
        assertTrue(server.getSealedDbRootPassword().startsWith("v1:"));
        String password = h.bootstrapAccess.openDatabasePassword(server.getSealedDbRootPassword());
        assertTrue(password.length() >= 32, "a long random password");
        assertTrue(job.log().stream().noneMatch(l -> l.getMessage().contains(password)));

        List<String> lines = scriptLines(job);
        assertTrue(lines.contains("[packages] started: " + lines.stream().filter(l -> l.startsWith("[packages] started: "))
                .findFirst().orElseThrow().substring("[packages] started: ".length())), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[packages] ") && l.contains("Setting up")), "output under its script step");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Installed: nginx ")), lines.toString());
        assertTrue(lines.contains("The bootstrap script finished successfully"));
        assertEquals(wholeLog(h, server, job.bootstrap().run()), lines, "every line of the server's log once, in order");
        assertTrue(job.log().stream().anyMatch(l -> l.getMessage().startsWith("Host key pinned on first contact")));
        assertEquals("Deployment finished: server active", job.log().get(job.log().size() - 1).getMessage());
    }

    @Test
    void aFailedScriptStopsTheJobAtItsStepWithTheLastLinesAndARetrySucceedsInTheNextAttempt() {
        EngineHarness h = harness(0.001);
        h.sshHosts.injectFailure(new InjectedFailure(InjectedFailure.ANY_INSTANCE, "packages", 100));
        Job job = h.deploy(DeployRequest.withDefaults("blog-fails", PROFILE));
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.FAILED, job.getState(), h.describe());
        assertEquals(DeploymentJobs.BOOTSTRAP, job.getCurrentStep());
        assertEquals(StepStatus.FAILED, job.steps().get(DeploymentJobs.BOOTSTRAP).getStatus());
        assertTrue(job.getFailureMessage().startsWith("Bootstrap step 'packages' failed with exit code 100"), job.getFailureMessage());
        assertTrue(job.getFailureMessage().contains("E: Unable to fetch some archives"), "with the last lines: " + job.getFailureMessage());
        assertEquals("BootstrapStep.packages.Exit100", job.getFailureCode());
        Server server = h.serverOf(job);
        assertEquals(ServerStatus.FAILED, server.getStatus());
        assertTrue(server.getStatusReason().contains("packages"), server.getStatusReason());
        assertFalse(scriptLines(job).stream().anyMatch(l -> l.startsWith("[php]")), "nothing ran after the failed step");
        String sealed = server.getSealedDbRootPassword();
        String instance = server.getInstanceId();
        String firstRun = job.bootstrap().run();

        h.sshHosts.clearInjectedFailures();
        h.retry(job, server, Instant.now());
        assertEquals(ServerStatus.BOOTSTRAPPING, server.getStatus(), "only the bootstrap runs again");
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        assertEquals(2, job.bootstrap().attempt(), "the retry ran in the next attempt's directory");
        assertTrue(job.bootstrap().run().startsWith("attempt-2-") && !job.bootstrap().run().equals(firstRun), job.bootstrap().run());
        assertEquals(ServerStatus.ACTIVE, server.getStatus());
        assertEquals(instance, server.getInstanceId(), "the same instance");
        assertEquals(sealed, server.getSealedDbRootPassword(), "the same MariaDB password on every attempt");
        assertTrue(job.log().stream().anyMatch(l -> l.getMessage().equals("Bootstrap attempt 2")));
        assertEquals(1, h.counting.calls("runInstance"), "no second instance");
    }

    @Test
    void aTamperedWpCliDownloadIsRefusedByThePinnedChecksumAndAnOperatorsSourceWithItsChecksumFinishesIt() {
        EngineHarness h = harness(0.001);
        // Every source of the region's preset serves other bytes (the GitHub release and, for a mainland region,
        // the CDN copies tried first).
        List<String> sources = DownloadSources.forRegion(EngineHarness.REGION, null).wpCliUrls();
        sources.forEach(url -> h.sshHosts.tamperDownloadsFrom(URI.create(url).getHost()));
        Job job = h.deploy(DeployRequest.withDefaults("blog-tampered", PROFILE));
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.FAILED, job.getState(), h.describe());
        assertEquals("wp-cli", job.bootstrap().scriptStep());
        for (String url : sources) {
            assertTrue(job.getFailureMessage().contains(url + ": SHA-512 mismatch (refused)"), job.getFailureMessage());
        }
        String pinned = "https://github.com/wp-cli/wp-cli/releases/download/v" + WpCliRelease.VERSION + "/wp-cli-"
                + WpCliRelease.VERSION + ".phar";
        assertTrue(sources.contains(pinned), "the preset installs the pinned release: " + sources);
        assertTrue(job.getFailureMessage().contains("'WP-CLI download URLs' (ECS_WP_CLI_URLS), with its 'WP-CLI SHA-512'"),
                "names the settings as the forms label them: " + job.getFailureMessage());
        assertTrue(scriptLines(job).stream().anyMatch(l -> l.startsWith("[wp-cli] WP-CLI from " + pinned + " has SHA-512 ")
                && l.endsWith("expected " + WpCliRelease.SHA512 + ": refused, not installed")), scriptLines(job).toString());
        Server server = h.serverOf(job);
        assertEquals(ServerStatus.FAILED, server.getStatus());

        // The operator points WP-CLI at a copy of the same release elsewhere, with the release's checksum.
        h.bootstrapAccess.options = new BootstrapAccess.Options("default", BootstrapOverrides.of(null, null, null, null, null,
                null, "http://oss.example/wp-cli-" + WpCliRelease.VERSION + ".phar", WpCliRelease.SHA512).downloadOverrides());
        h.retry(job, server, Instant.now());
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        assertTrue(scriptLines(job).contains("[wp-cli] WP-CLI installed from http://oss.example/wp-cli-" + WpCliRelease.VERSION
                + ".phar (SHA-512 verified)"), scriptLines(job).toString());
        assertEquals(ServerStatus.ACTIVE, server.getStatus());
    }

    @Test
    void droppedConnectionsWhileFollowingAreRetriedAndTheLogHasEveryLineOnce() throws Exception {
        EngineHarness h = harness(0.01);
        Job job = h.deploy(DeployRequest.withDefaults("blog-drops", PROFILE));
        long until = System.nanoTime() + LIMIT.toNanos();
        while (!(Objects.equals(job.getCurrentStep(), DeploymentJobs.BOOTSTRAP) && job.bootstrap().isStarted()) && System.nanoTime() < until) {
            Instant now = Instant.now();
            if (job.isDue(now)) {
                h.advance(job, CloudObservations.direct(h.cloud));
            } else {
                EngineHarness.pause(5);
            }
        }
        assertTrue(job.bootstrap().isStarted(), h.describe());
        String instance = h.serverOf(job).getInstanceId();

        long sessionsBefore = h.sshHosts.sessionsOpened(instance);
        AtomicBoolean dropping = new AtomicBoolean(true);
        AtomicInteger dropped = new AtomicInteger();
        ExecutorService chaos = Executors.newSingleThreadExecutor();
        Future<?> dropper = chaos.submit(() -> {
            while (dropping.get()) {
                dropped.addAndGet(h.sshHosts.dropConnections(instance));
                EngineHarness.pause(150); // a look takes ~100 ms (connect, log in, two commands): most get through
            }
        });
        try {
            h.runUntilSettled(LIMIT);
        } finally {
            dropping.set(false);
            dropper.get();
            chaos.shutdownNow();
        }

        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        assertTrue(dropped.get() > 0, "connections were dropped while the job followed the script");
        // A look cut off on a kept connection is made again on a new one at once; one cut off on a new connection is
        // retried at the job's next turn (a warning in its log). Either way the drops cost connections.
        long retries = job.log().stream().filter(l -> l.getLevel() == JobLogEntry.Level.WARN && l.getMessage().startsWith("SSH: ")).count();
        long sessions = h.sshHosts.sessionsOpened(instance) - sessionsBefore;
        assertTrue(sessions >= 2, "the drops cut the looks' connections, which were made again: " + sessions + " sessions");
        assertEquals(wholeLog(h, h.serverOf(job), job.bootstrap().run()), scriptLines(job), "no line lost or repeated");
        System.out.printf("Bootstrap step under dropped connections: %d connections dropped, %d SSH sessions, %d looks retried at a"
                        + " later turn, %d script lines%n", dropped.get(), sessions, retries, scriptLines(job).size());
    }

    @Test
    void aChangedHostKeyStopsTheBootstrapUntilAnOperatorAcceptsTheNewKey() throws Exception {
        EngineHarness h = harness(0.001);
        Job deployment = h.deploy(DeployRequest.withDefaults("blog-rebuilt", PROFILE));
        h.runUntilSettled(LIMIT);
        Server server = h.serverOf(deployment);
        assertEquals(ServerStatus.ACTIVE, server.getStatus(), h.describe());

        // The pinned key is not the one the server shows any more (as after a rebuild of the machine).
        KeyPair other = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
        server.forgetHostKey(Instant.now());
        server.pinHostKey(HostKeyPin.ofBlob(other.getPublicKeyBlob()).line(), Instant.now());
        Job again = DeploymentJobs.bootstrapOnly(deployment.getServerId(), PROFILE, EngineHarness.REGION, server.getName(), h.sshPort, "admin", Instant.now());
        h.jobs.put(deployment.getServerId(), again);
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.FAILED, again.getState(), h.describe());
        assertEquals("HostKeyChanged", again.getFailureCode());
        assertTrue(again.getFailureMessage().contains("Accept new host key"), again.getFailureMessage());
        assertTrue(again.getFailureMessage().contains(h.sshHosts.hostKeyFingerprint(server.getInstanceId())), again.getFailureMessage());
        assertEquals(ServerStatus.FAILED, server.getStatus());

        server.forgetHostKey(Instant.now());
        h.retry(again, server, Instant.now());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.SUCCEEDED, again.getState(), h.describe());
        assertEquals(ServerStatus.ACTIVE, server.getStatus());
        assertEquals(h.sshHosts.hostKeyFingerprint(server.getInstanceId()), HostKeyPin.parse(server.getHostKey()).fingerprint());
        assertEquals("Bootstrap finished: server active", again.log().get(again.log().size() - 1).getMessage());
    }

    @Test
    void aCustomServerIsBootstrappedByABootstrapOnlyJobWithoutTheCloud() {
        EngineHarness h = harness(0.001);
        // A machine that answers SSH: the sandbox instance of a finished deployment stands in for it.
        Job deployment = h.deploy(DeployRequest.withDefaults("machine-1", PROFILE));
        h.runUntilSettled(LIMIT);
        String address = h.serverOf(deployment).getPublicIp();
        int describesBefore = h.counting.calls("describeInstances");

        Instant now = Instant.now();
        Server custom = Server.custom("byo-blog", address, 0, "ap-southeast-1", now);
        Job job = DeploymentJobs.bootstrapOnly(4242, 0, "ap-southeast-1", "byo-blog", h.sshPort, "admin", now);
        h.servers.put(4242L, custom);
        h.jobs.put(4242L, job);
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        assertEquals(List.of(ServerStatus.REQUESTED, ServerStatus.BOOTSTRAPPING, ServerStatus.ACTIVE),
                custom.getHistory().stream().map(c -> c.getTo()).toList());
        assertTrue(custom.getComponentVersions().containsKey("mariadb"), custom.getComponentVersions().toString());
        assertNotNull(custom.getHostKey());
        assertTrue(job.log().stream().anyMatch(l -> l.getMessage().contains("download sources: global")), h.describe());
        assertEquals(describesBefore, h.counting.calls("describeInstances"), "a custom server's job never asks the cloud");
        assertEquals("Bootstrap finished: server active", job.log().get(job.log().size() - 1).getMessage());

        // Bootstrapped again and cancelled: nothing is deleted, the custom server stays and can run again.
        Job again = DeploymentJobs.bootstrapOnly(4242, 0, "ap-southeast-1", "byo-blog", h.sshPort, "admin", Instant.now());
        h.jobs.put(4242L, again);
        long until = System.nanoTime() + LIMIT.toNanos();
        while (!again.bootstrap().isStarted() && again.getState().isActive() && System.nanoTime() < until) {
            if (!h.advance(again, CloudObservations.direct(h.cloud))) {
                EngineHarness.pause(5);
            }
        }
        again.rollback().requestCancel(Instant.now());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.ROLLED_BACK, again.getState(), h.describe());
        assertEquals(ServerStatus.FAILED, custom.getStatus(), "not deleted: it is not ours to delete");
        assertEquals("Bootstrap cancelled", custom.getStatusReason());
        assertTrue(again.bootstrap().run().startsWith("attempt-1-") && !again.bootstrap().run().equals(job.bootstrap().run()),
                "a new job on the same machine gets a directory of its own");
    }

    @Test
    void aRefusedLoginFailsTheStepWithTheRunnersMessageAndNoRetries() throws Exception {
        EngineHarness h = harness(0.001);
        KeyPair stranger = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
        java.io.ByteArrayOutputStream pem = new java.io.ByteArrayOutputStream();
        stranger.writeOpenSSHv1PrivateKey(pem, null);
        h.bootstrapAccess.privateKey = pem.toString(java.nio.charset.StandardCharsets.UTF_8);
        Job job = h.deploy(DeployRequest.withDefaults("blog-wrong-key", PROFILE));
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.FAILED, job.getState(), h.describe());
        assertEquals(DeploymentJobs.BOOTSTRAP, job.getCurrentStep());
        assertEquals("AuthenticationRefused", job.getFailureCode());
        assertTrue(job.getFailureMessage().contains("authorized_keys"), job.getFailureMessage());
        assertFalse(job.log().stream().anyMatch(l -> l.getMessage().startsWith("SSH: ")), "a refusal is not retried");
        assertFalse(job.log().stream().anyMatch(l -> l.getMessage().contains("PRIVATE KEY")), "no key in the log");
        assertEquals(ServerStatus.FAILED, h.serverOf(job).getStatus());
    }
    @Test
    void aServerThatNeverAnswersIsRetriedUntilTheStepsDeadlineWithOneLogLinePerDistinctAnswer() {
        EngineHarness h = new EngineHarness(b -> { }, fastSettings().withDeadline(DeploymentJobs.BOOTSTRAP, Duration.ofMillis(400)),
                "sandbox-admin", true, 0.001);
        open.add(h);
        // Nothing listens at this loopback address: every connection is refused, a transient outcome.
        Server custom = Server.custom("byo-down", "127.251.7.9", 0, "eu-central-1", Instant.now());
        Job job = DeploymentJobs.bootstrapOnly(77, 0, "eu-central-1", "byo-down", h.sshPort, "admin", Instant.now());
        h.servers.put(77L, custom);
        h.jobs.put(77L, job);
        h.runUntilSettled(LIMIT);

        assertEquals(JobState.FAILED, job.getState(), h.describe());
        assertEquals("Timeout", job.getFailureCode());
        assertTrue(job.getFailureMessage().startsWith("The server did not answer SSH within the step's"), job.getFailureMessage());
        assertTrue(job.getFailureMessage().contains("127.251.7.9"), job.getFailureMessage());
        assertTrue(job.steps().get(DeploymentJobs.BOOTSTRAP).getAttempts() > 3, "looked several times: " + h.describe());
        List<String> warnings = job.log().stream().filter(l -> l.getMessage().startsWith("SSH: ")).map(JobLogEntry::getMessage).toList();
        assertEquals(warnings.stream().map(w -> w.substring(0, w.indexOf("; trying again"))).distinct().count(), warnings.size(),
                "the same answer is not logged twice: " + warnings);
        assertEquals(ServerStatus.FAILED, custom.getStatus());
        assertNull(custom.getHostKey(), "nothing was pinned");
    }
}

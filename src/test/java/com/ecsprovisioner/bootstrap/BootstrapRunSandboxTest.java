package com.ecsprovisioner.bootstrap;

import com.ecsprovisioner.bootstrap.BootstrapRun.Failed;
import com.ecsprovisioner.bootstrap.BootstrapRun.NotStarted;
import com.ecsprovisioner.bootstrap.BootstrapRun.Refused;
import com.ecsprovisioner.bootstrap.BootstrapRun.Report;
import com.ecsprovisioner.bootstrap.BootstrapRun.Running;
import com.ecsprovisioner.bootstrap.BootstrapRun.Succeeded;
import com.ecsprovisioner.bootstrap.BootstrapRun.Unreachable;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import com.ecsprovisioner.sandbox.ssh.InjectedFailure;
import com.jcraft.jsch.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The runner against the sandbox's SSH hosts (real SSH, real SFTP, the simulated agent) with the real bundled
 * scripts: the engine's calls, one at a time, as the provisioning job will make them.
 */
class BootstrapRunSandboxTest {

    private static final String DB_PASSWORD = "Zq8!wordpress-root-pw";
    private static final SshTimeouts TIMEOUTS = new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

    private final BootstrapScripts scripts = BootstrapScripts.load();
    private final BootstrapSettings settings = BootstrapSettings.withDefaults(DB_PASSWORD,
            DownloadSources.forRegion("cn-hangzhou", DownloadSourceOverrides.none()));
    private final SecretMasker masker = new SecretMasker(settings.secrets());
    private SandboxServers servers;

    @AfterEach
    void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private BootstrapRun run(SshTarget target, String dir) {
        return new BootstrapRun(target, dir, masker, TIMEOUTS);
    }

    /** Polls as the engine would (without its waits: the sandbox runs fast) until the run ends. */
    private static Report pollUntilEnd(BootstrapRun run, long offset, List<ProgressEvent> into) {
        return pollUntilEnd(run, offset, into, new ArrayList<>());
    }

    /** @param callMillis receives how long each poll took (connect, log in, status, log, close) */
    private static Report pollUntilEnd(BootstrapRun run, long offset, List<ProgressEvent> into, List<Long> callMillis) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            long began = System.nanoTime();
            Report report = run.poll(offset);
            callMillis.add((System.nanoTime() - began) / 1_000_000);
            if (report instanceof Running running) {
                assertTrue(running.offset() >= offset, "the offset never goes back");
                into.addAll(running.events());
                offset = running.offset();
            } else if (report instanceof Succeeded done) {
                into.addAll(done.events());
                return report;
            } else if (report instanceof Failed failed) {
                into.addAll(failed.events());
                return report;
            } else if (!(report instanceof Unreachable)) {
                fail("unexpected report while polling: " + report);
            }
            pause(40);
        }
        throw new AssertionError("the run did not end within 20 s");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {KeyPair.RSA, KeyPair.ECDSA, KeyPair.ED25519})
    void logsInWithEachKeyTypeAndOffersTheHostKeyToPin(int keyType) throws Exception {
        servers = new SandboxServers(0);
        ClientKey key = ClientKey.generate(keyType);
        String ip = servers.instance("i-keys" + keyType, key);
        SshTarget target = servers.target(ip, key);

        try (SshConnection ssh = SshConnection.open(target, TIMEOUTS)) {
            SshConnection.Result who = ssh.exec("id -un");
            assertEquals(0, who.exitCode());
            assertEquals("root", who.stdoutText().strip());
            // Our fingerprint of what JSch saw equals the one the server (MINA SSHD) computes for its own key.
            assertEquals(servers.ssh.hostKeyFingerprint("i-keys" + keyType), ssh.hostKey().fingerprint());
            assertEquals("ecdsa-sha2-nistp256", ssh.hostKey().type());
        }
        Report notYet = run(target, BootstrapRun.DEFAULT_DIRECTORY).poll(0);
        assertInstanceOf(NotStarted.class, notYet, "a fresh server has no run");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedForGood() throws Exception {
        servers = new SandboxServers(0);
        ClientKey known = ClientKey.generate(KeyPair.ED25519);
        ClientKey other = ClientKey.generate(KeyPair.ED25519);
        String ip = servers.instance("i-wrongkey", known);

        Report report = run(servers.target(ip, other), BootstrapRun.DEFAULT_DIRECTORY).start(scripts, new byte[0]);
        Refused refused = assertInstanceOf(Refused.class, report);
        assertEquals(SshFailure.Kind.AUTHENTICATION_REFUSED, refused.kind());
        assertFalse(refused.kind().isTransient());
        assertTrue(refused.message().contains("refused the login of user 'root'"), refused.message());
        assertTrue(refused.message().contains("authorized_keys"), refused.message());
    }

    @Test
    void aServerThatIsNotUpYetIsATransientOutcome() throws Exception {
        servers = new SandboxServers(0);
        ClientKey key = ClientKey.generate(KeyPair.ECDSA);
        String ip = servers.instance("i-booting", key);
        servers.setAnswering(ip, false);
        BootstrapRun run = run(servers.target(ip, key), BootstrapRun.DEFAULT_DIRECTORY);

        Unreachable booting = assertInstanceOf(Unreachable.class, run.poll(0));
        assertEquals(SshFailure.Kind.NOT_REACHABLE, booting.kind());
        assertTrue(booting.retryIn().toMillis() > 0);
        assertTrue(booting.message().contains(ip), booting.message());

        // Nothing listens at all on another address: connection refused, also transient.
        SshTarget nowhere = new SshTarget(SandboxServers.randomLoopback(), servers.port, "root", key.privateKeyText(), null, null);
        assertEquals(SshFailure.Kind.NOT_REACHABLE, assertInstanceOf(Unreachable.class, run(nowhere, "/root/x").poll(0)).kind());

        servers.setAnswering(ip, true);
        assertInstanceOf(NotStarted.class, run.poll(0), "once up, the same call gets through");
    }

    @Test
    void startUploadsTheBundlePrivatelyAndRunsItDetachedOnce() throws Exception {
        servers = new SandboxServers(0.05);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        String ip = servers.instance("i-upload", key);
        SshTarget target = servers.target(ip, key);
        String dir = BootstrapRun.attemptDirectory(BootstrapRun.DEFAULT_DIRECTORY, 1);
        BootstrapRun run = run(target, dir);

        Running started = assertInstanceOf(Running.class, run.start(scripts, BootstrapEnvironment.renderBytes(settings)));
        assertTrue(started.startedNow());
        assertEquals(0, started.offset());

        try (SshConnection ssh = SshConnection.open(target.withPinnedHostKey(started.hostKey().line()), TIMEOUTS)) {
            assertEquals("running", ssh.exec(BootstrapAgent.statusCommand(dir)).stdoutText().strip(), "detached and running");
            for (String file : List.of("ecs-agent.sh", "main.sh", "lib.sh", "steps.sh", "bootstrap.env")) {
                assertEquals(0600, servers.permissions(ip, key, dir + "/" + file), file);
            }
            assertEquals(0700, servers.permissions(ip, key, dir));
            assertEquals(scripts.files().get("steps.sh"), ssh.exec("cat " + dir + "/steps.sh").stdoutText());
            String env = ssh.exec("cat " + dir + "/bootstrap.env").stdoutText();
            assertTrue(env.contains("ECS_DB_ROOT_PASSWORD='" + DB_PASSWORD + "'"), "the rendered environment was uploaded");
        }

        // A repeated start (the engine crashed before storing "started") starts nothing twice and uploads nothing.
        Running again = assertInstanceOf(Running.class, run.start(scripts, "CHANGED=1\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(again.startedNow());
        try (SshConnection ssh = SshConnection.open(target, TIMEOUTS)) {
            assertTrue(ssh.exec("cat " + dir + "/bootstrap.env").stdoutText().contains("ECS_DB_ROOT_PASSWORD"),
                    "the running script's files were not replaced");
        }
    }

    @Test
    void progressReachesSuccessWithEveryDeclaredStepAndTheVersions() throws Exception {
        servers = new SandboxServers(0.005);
        ClientKey key = ClientKey.generate(KeyPair.ECDSA);
        String ip = servers.instance("i-success", key);
        BootstrapRun run = run(servers.target(ip, key), BootstrapRun.attemptDirectory(BootstrapRun.DEFAULT_DIRECTORY, 1));

        assertInstanceOf(Running.class, run.start(scripts, BootstrapEnvironment.renderBytes(settings)));
        List<ProgressEvent> events = new ArrayList<>();
        List<Long> callMillis = new ArrayList<>();
        Succeeded done = assertInstanceOf(Succeeded.class, pollUntilEnd(run, 0, events, callMillis));
        List<Long> sorted = callMillis.stream().sorted().toList();
        System.out.printf("BootstrapRun.poll against the sandbox: %d calls, median %d ms, max %d ms, %d events%n",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), events.size());

        List<String> declared = scripts.steps().stream().map(StepDeclaration::id).toList();
        assertEquals(16, declared.size());
        List<String> startedSteps = events.stream().filter(e -> e instanceof ProgressEvent.StepStarted)
                .map(e -> ((ProgressEvent.StepStarted) e).stepId()).toList();
        List<String> okSteps = events.stream().filter(e -> e instanceof ProgressEvent.StepSucceeded)
                .map(e -> ((ProgressEvent.StepSucceeded) e).stepId()).toList();
        assertEquals(declared, startedSteps, "every declared step started, in order, once");
        assertEquals(declared, okSteps);
        assertTrue(events.stream().anyMatch(e -> e instanceof ProgressEvent.Output o && o.line().startsWith("Setting up nginx")));
        assertTrue(done.versions().keySet().containsAll(List.of("nginx", "php", "mariadb", "redis")), done.versions().toString());
        assertTrue(done.versions().get("nginx").matches("\\d+\\.\\d+\\.\\d+.*"), done.versions().toString());

        // Polling again after the end gives the same verdict and nothing new.
        Succeeded again = assertInstanceOf(Succeeded.class, run.poll(done.offset()));
        assertEquals(List.of(), again.events());
        assertEquals(done.versions(), again.versions());
    }

    @Test
    void anInjectedFailureStopsAtItsStepWithTheLastLinesAndARetryRunsAgain() throws Exception {
        servers = new SandboxServers(0.005);
        ClientKey key = ClientKey.generate(KeyPair.RSA);
        String ip = servers.instance("i-fails", key);
        servers.ssh.injectFailure(new InjectedFailure("i-fails", "packages", 100));
        SshTarget target = servers.target(ip, key);
        BootstrapRun first = run(target, BootstrapRun.attemptDirectory(BootstrapRun.DEFAULT_DIRECTORY, 1));

        assertInstanceOf(Running.class, first.start(scripts, BootstrapEnvironment.renderBytes(settings)));
        List<ProgressEvent> events = new ArrayList<>();
        Failed failed = assertInstanceOf(Failed.class, pollUntilEnd(first, 0, events));

        assertEquals("packages", failed.stepId());
        assertEquals(100, failed.exitCode());
        assertTrue(failed.message().contains("failed with exit code 100"), failed.message());
        assertFalse(failed.lastLines().isEmpty());
        assertTrue(failed.lastLines().size() <= BootstrapRun.LAST_LINES);
        assertEquals("E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?",
                failed.lastLines().get(failed.lastLines().size() - 1));
        assertTrue(failed.describe().startsWith("Bootstrap step 'packages' failed with exit code 100"), failed.describe());
        assertTrue(failed.describe().contains("E: Unable to fetch some archives"), failed.describe());
        assertFalse(events.stream().anyMatch(e -> e instanceof ProgressEvent.StepStarted s && s.stepId().equals("php")),
                "no step runs after the failed one");

        // Retry: the cause is gone (here: the injection), the scripts run again from the start in the next attempt.
        servers.ssh.clearInjectedFailures();
        BootstrapRun second = run(target, BootstrapRun.attemptDirectory(BootstrapRun.DEFAULT_DIRECTORY, 2));
        Running restarted = assertInstanceOf(Running.class, second.start(scripts, BootstrapEnvironment.renderBytes(settings)));
        assertTrue(restarted.startedNow());
        assertInstanceOf(Succeeded.class, pollUntilEnd(second, 0, new ArrayList<>()));
        // The first attempt keeps its failure on record.
        assertInstanceOf(Failed.class, first.poll(0));
    }

    @Test
    void aDroppedConnectionIsTransientAndPollingResumesFromTheStoredOffsetWithoutLossOrRepeats() throws Exception {
        servers = new SandboxServers(0.01);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        String ip = servers.instance("i-drops", key);
        SshTarget target = servers.target(ip, key);
        BootstrapRun run = run(target, BootstrapRun.DEFAULT_DIRECTORY);
        assertInstanceOf(Running.class, run.start(scripts, BootstrapEnvironment.renderBytes(settings)));

        // A connection dropped under a command is reported as lost, a transient kind.
        try (SshConnection ssh = SshConnection.open(target, TIMEOUTS)) {
            assertEquals(1, servers.ssh.dropConnections("i-drops"));
            SshFailure lost = assertThrows(SshFailure.class, () -> ssh.exec(BootstrapAgent.statusCommand(BootstrapRun.DEFAULT_DIRECTORY)));
            assertEquals(SshFailure.Kind.CONNECTION_LOST, lost.kind());
            assertTrue(lost.isTransient());
        }

        // Some progress first, stored as the engine stores it.
        List<ProgressEvent> events = new ArrayList<>();
        long offset = 0;
        long firstDeadline = System.currentTimeMillis() + 5000;
        while (offset == 0 && System.currentTimeMillis() < firstDeadline) {
            Running running = assertInstanceOf(Running.class, run.poll(offset));
            events.addAll(running.events());
            offset = running.offset();
            pause(20);
        }
        assertTrue(offset > 0, "the run printed nothing");

        // Then poll while connections keep being dropped, keeping only what successful reports hand out.
        AtomicBoolean dropping = new AtomicBoolean(true);
        AtomicInteger dropped = new AtomicInteger();
        ExecutorService chaos = Executors.newSingleThreadExecutor();
        Future<?> dropper = chaos.submit(() -> {
            while (dropping.get()) {
                dropped.addAndGet(servers.ssh.dropConnections("i-drops"));
                pause(15);
            }
        });
        int lostCalls = 0;
        long slowest = 0;
        try {
            long until = System.currentTimeMillis() + 500;
            while (System.currentTimeMillis() < until) {
                long began = System.nanoTime();
                Report report = run.poll(offset);
                slowest = Math.max(slowest, (System.nanoTime() - began) / 1_000_000);
                if (report instanceof Running running) {
                    events.addAll(running.events());
                    offset = running.offset();
                } else if (report instanceof Unreachable unreachable) {
                    lostCalls++;
                    assertTrue(unreachable.kind().isTransient());
                    assertFalse(unreachable.message().contains("\tat "), "no stack trace in a message: " + unreachable.message());
                } else {
                    assertInstanceOf(Succeeded.class, report, () -> "only the end stops the polls early: " + report);
                    break; // ended during the chaos: its events are counted below
                }
            }
        } finally {
            dropping.set(false);
            dropper.get();
            chaos.shutdownNow();
        }
        assertTrue(dropped.get() > 0, "connections were dropped during the polls");
        assertTrue(lostCalls > 0, "some polls were cut off");
        assertTrue(slowest < 3000, "a cut-off poll returns promptly, not at its time-out: " + slowest + " ms");

        Report end = pollUntilEnd(run, offset, events);
        assertInstanceOf(Succeeded.class, end, "the run went on on the server while connections dropped");
        // What the polls handed out, piece by piece, is exactly the whole log read in one go.
        List<ProgressEvent> whole = ((Succeeded) run.poll(0)).events();
        assertEquals(whole, events);
    }

    @Test
    void aChangedHostKeyIsRefusedUntilAPersonAcceptsIt() throws Exception {
        servers = new SandboxServers(0);
        ClientKey key = ClientKey.generate(KeyPair.ECDSA);
        String ip = servers.instance("i-original", key);
        SshTarget firstContact = servers.target(ip, key);

        NotStarted first = assertInstanceOf(NotStarted.class, run(firstContact, "/root/ecs-bootstrap").poll(0));
        SshTarget pinned = firstContact.withPinnedHostKey(first.hostKey().line());
        assertInstanceOf(NotStarted.class, run(pinned, "/root/ecs-bootstrap").poll(0), "the same key passes");

        // The address now belongs to a rebuilt server (a new instance, a new host key).
        servers.assign(ip, "i-rebuilt", key);
        Refused refused = assertInstanceOf(Refused.class, run(pinned, "/root/ecs-bootstrap").poll(0));
        assertEquals(SshFailure.Kind.HOST_KEY_CHANGED, refused.kind());
        String oldPrint = servers.ssh.hostKeyFingerprint("i-original");
        String newPrint = servers.ssh.hostKeyFingerprint("i-rebuilt");
        assertNotEquals(oldPrint, newPrint);
        assertTrue(refused.message().contains(oldPrint) && refused.message().contains(newPrint), refused.message());
        assertTrue(refused.message().contains("accept the new host key"), refused.message());

        NotStarted accepted = assertInstanceOf(NotStarted.class, run(pinned.withoutPinnedHostKey(), "/root/ecs-bootstrap").poll(0));
        assertEquals(newPrint, accepted.hostKey().fingerprint());
    }

    @Test
    void secretsAreMaskedInEverythingTheCallerReceives() throws Exception {
        servers = new SandboxServers(0.005);
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        String ip = servers.instance("i-masked", key);
        servers.ssh.injectFailure(new InjectedFailure("i-masked", "apt-sources", 100));
        // The sandbox's simulated output holds none of the job's secrets, so a word it does print (the mirror's
        // host, in the failing step's output) stands in for one.
        SecretMasker withMirror = new SecretMasker(List.of(DB_PASSWORD, "mirrors.cloud.aliyuncs.com"));
        BootstrapRun run = new BootstrapRun(servers.target(ip, key), BootstrapRun.DEFAULT_DIRECTORY, withMirror, TIMEOUTS);

        assertInstanceOf(Running.class, run.start(scripts, BootstrapEnvironment.renderBytes(settings)));
        List<ProgressEvent> events = new ArrayList<>();
        Failed failed = assertInstanceOf(Failed.class, pollUntilEnd(run, 0, events));

        String lastLines = String.join("\n", failed.lastLines());
        assertTrue(lastLines.contains("Could not connect to " + SecretMasker.MASK), lastLines);
        assertFalse(lastLines.contains("aliyuncs"), lastLines);
        assertFalse(failed.describe().contains("aliyuncs"));
        for (ProgressEvent event : events) {
            assertFalse(event.toString().contains("mirrors.cloud.aliyuncs.com"), event.toString());
            assertFalse(event.toString().contains(DB_PASSWORD), event.toString());
        }
        assertTrue(events.stream().anyMatch(e -> e.toString().contains(SecretMasker.MASK)));
    }

    @Test
    void badTargetsAndDirectoriesAreRefusedWithClearMessages() throws Exception {
        ClientKey key = ClientKey.generate(KeyPair.ED25519);
        SshTarget target = new SshTarget("127.0.0.1", 22, "root", key.privateKeyText(), null, null);
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> new BootstrapRun(target, "ecs-bootstrap", masker, TIMEOUTS));
        assertTrue(relative.getMessage().contains("must be absolute"), relative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BootstrapRun(target, "/root/a b", masker, TIMEOUTS));
        assertThrows(IllegalArgumentException.class, () -> new BootstrapRun(target, "/root/../etc", masker, TIMEOUTS));
        assertThrows(IllegalArgumentException.class, () -> BootstrapRun.attemptDirectory("/root/ecs-bootstrap", 0));
        assertEquals("/root/ecs-bootstrap/attempt-3", BootstrapRun.attemptDirectory("/root/ecs-bootstrap/", 3));
        BootstrapRun run = new BootstrapRun(target, "/root/ecs-bootstrap", masker, TIMEOUTS);
        assertThrows(IllegalArgumentException.class, () -> run.poll(-1));

        // A custom server that only lets another user in: the agent runs through sudo, never asking for a password.
        SshTarget ubuntu = new SshTarget("127.0.0.1", 22, "ubuntu", key.privateKeyText(), null, null);
        BootstrapRun asUbuntu = new BootstrapRun(ubuntu, "/home/ubuntu/ecs-bootstrap", masker, TIMEOUTS);
        assertEquals("sudo -n bash '/home/ubuntu/ecs-bootstrap/ecs-agent.sh' status '/home/ubuntu/ecs-bootstrap'",
                asUbuntu.asRoot(BootstrapAgent.statusCommand(asUbuntu.directory())));
        assertEquals("bash x", run.asRoot("bash x"));
    }
}

package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.EngineHarness;
import com.ecsprovisioner.deployment.OpenHarnesses;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepStatus;
import com.ecsprovisioner.lifecycle.LifecycleRequests.Options;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import com.ecsprovisioner.server.ServerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static com.ecsprovisioner.deployment.EngineHarness.PROFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reboot against the sandbox through the real adapter and the sandbox's SSH hosts, driven as the container
 * drives jobs: an active server is rebooted by its OS over SSH (no RebootInstance reaches the cloud, and the OS
 * comes back with a new boot id); a server the product cannot reach over SSH, or whose SSH refuses it, and an OS
 * that ignores the request past its deadline, are rebooted through the API, with the reason in the job's log.
 */
class SoftRebootSandboxTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    private EngineHarness harness(ProvisioningSettings settings) {
        EngineHarness h = new EngineHarness(b -> { }, settings, "sandbox-admin", true);
        open.add(h);
        return h;
    }

    private static Server active(EngineHarness h, String name) {
        Job job = h.deploy(DeployRequest.withDefaults(name, PROFILE));
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        Server server = h.serverOf(job);
        assertEquals(ServerStatus.ACTIVE, server.getStatus());
        assertNotNull(server.getHostKey(), "the bootstrap pinned the host key");
        return server;
    }

    private static Job reboot(EngineHarness h, Server server, ServerAction action) {
        long id = h.servers.entrySet().stream().filter(e -> e.getValue() == server).findFirst().orElseThrow().getKey();
        List<Job> earlier = new ArrayList<>(h.actions.stream().filter(j -> j.getServerId() == id).toList());
        earlier.add(h.jobs.get(id));
        Job job = h.lifecycleActions.keep(LifecycleRequests.request(action, id, server, earlier, Options.none(), List.of(), "alice", Instant.now()));
        h.actions.add(job);
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.SUCCEEDED, job.getState(), log(job));
        assertEquals(ServerStatus.ACTIVE, server.getStatus(), log(job));
        return job;
    }

    private static String log(Job job) {
        return job.log().stream().map(Object::toString).collect(Collectors.joining("\n   ", "\n   ", ""));
    }

    private static boolean logged(Job job, String text) {
        return job.log().stream().anyMatch(l -> l.getMessage().contains(text));
    }

    private static StepStatus step(Job job, StepName name) {
        return job.getSteps().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow().getStatus();
    }

    private static String bootIdNow(EngineHarness h, Server server) {
        OsReboot.Answer answer = new OsReboot(h.bootstrapAccess, new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .look(server);
        return assertInstanceOf(OsReboot.BootId.class, answer, String.valueOf(answer)).id();
    }

    @Test
    void anActiveServerIsRebootedByItsOsWithoutAnApiCall() {
        EngineHarness h = harness(EngineHarness.fastSettings());
        Server server = active(h, "soft-1");
        String before = bootIdNow(h, server);

        Job job = reboot(h, server, ServerAction.REBOOT);

        assertEquals(before, h.lifecycleActions.read(job).osBootId(), "the boot id read just before the OS was asked");
        String after = bootIdNow(h, server);
        assertNotEquals(before, after, "the OS really rebooted:" + log(job));
        assertTrue(logged(job, "was asked to reboot over SSH (systemctl reboot || shutdown -r now)"), log(job));
        assertTrue(logged(job, "The OS rebooted: SSH answers again at " + server.getPublicIp()), log(job));
        assertTrue(logged(job, "requested by alice"), log(job));
        assertEquals(StepStatus.DONE, step(job, LifecycleStep.OS_REBOOT.step));
        assertEquals(StepStatus.DONE, step(job, LifecycleStep.OS_BACK.step));
        assertEquals(StepStatus.SKIPPED, step(job, LifecycleStep.REBOOT_INSTANCE.step));
        assertEquals(0, h.sandbox.apiCalls("RebootInstance"), "the sandbox received no RebootInstance");
        assertEquals(0, h.counting.calls("rebootInstance"));
    }

    @Test
    void aServerWithoutTrustedSshAccessIsRebootedThroughTheApiAndTheLogSaysWhy() {
        EngineHarness h = harness(EngineHarness.fastSettings());
        Server server = active(h, "nokey-1");
        server.forgetHostKey(Instant.now()); // as after "Accept new host key": no pin to check the connection against

        Job job = reboot(h, server, ServerAction.REBOOT);

        assertTrue(logged(job, "Soft reboot over SSH not possible: no SSH host key is pinned"), log(job));
        assertTrue(logged(job, "Rebooting through the API (hard) instead"), log(job));
        assertTrue(logged(job, "Cloud accepted: RebootInstance " + server.getInstanceId() + " (hard)"), log(job));
        assertEquals(StepStatus.SKIPPED, step(job, LifecycleStep.OS_REBOOT.step));
        assertEquals(StepStatus.SKIPPED, step(job, LifecycleStep.OS_BACK.step));
        assertEquals(StepStatus.DONE, step(job, LifecycleStep.REBOOT_INSTANCE.step));
        assertEquals(1, h.sandbox.apiCalls("RebootInstance"));
        assertEquals(null, h.lifecycleActions.read(job).osBootId(), "the OS was never asked");
    }

    @Test
    void aServerWhoseSshRefusesTheLoginIsRebootedThroughTheApi() {
        EngineHarness h = harness(EngineHarness.fastSettings());
        Server server = active(h, "refuses-1");
        // The profile's key no longer matches the one the instance was created with.
        h.bootstrapAccess.privateKey = h.region("sandbox-admin").createKeyPair("another-key").privateKeyPem();

        Job job = reboot(h, server, ServerAction.REBOOT);

        assertTrue(job.log().stream().anyMatch(l -> l.getLevel() == JobLogEntry.Level.WARN
                && l.getMessage().startsWith("Soft reboot over SSH not possible: SSH refused: ")
                && l.getMessage().contains("refused the login")), log(job));
        assertEquals(StepStatus.SKIPPED, step(job, LifecycleStep.OS_REBOOT.step));
        assertEquals(1, h.sandbox.apiCalls("RebootInstance"));
    }

    @Test
    void anOsThatIgnoresTheRebootIsRebootedThroughTheApiAfterTheShortDeadline() {
        Duration grace = Duration.ofMillis(800);
        EngineHarness h = harness(EngineHarness.fastSettings().withDeadline(LifecycleStep.OS_REBOOT.step, grace));
        Server server = active(h, "stuck-1");
        String before = bootIdNow(h, server);
        h.sshHosts.ignoreReboots(server.getInstanceId());

        long started = System.nanoTime();
        Job job = reboot(h, server, ServerAction.REBOOT);

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(grace) >= 0, "the OS had its deadline to go down");
        assertEquals(before, h.lifecycleActions.read(job).osBootId());
        assertTrue(logged(job, "was asked to reboot over SSH"), log(job));
        assertTrue(logged(job, "Soft reboot over SSH not possible: the OS did not go down within " + grace.toMillis()
                + " ms after it was asked to reboot (it still answers SSH with the same boot id)"), log(job));
        assertTrue(logged(job, "RebootInstance " + server.getInstanceId() + " (hard)"), log(job));
        assertEquals(StepStatus.SKIPPED, step(job, LifecycleStep.OS_REBOOT.step));
        assertEquals(StepStatus.SKIPPED, step(job, LifecycleStep.OS_BACK.step));
        assertEquals(StepStatus.DONE, step(job, LifecycleStep.REBOOT_INSTANCE.step));
        assertEquals(1, h.sandbox.apiCalls("RebootInstance"));
        assertNotEquals(before, bootIdNow(h, server), "the hard reboot rebooted it");
    }

    @Test
    void aHardRebootNeverAsksTheOs() {
        EngineHarness h = harness(EngineHarness.fastSettings());
        Server server = active(h, "hard-1");
        String before = bootIdNow(h, server);

        Job job = reboot(h, server, ServerAction.HARD_REBOOT);

        assertEquals(List.of(LifecycleStep.REBOOT_INSTANCE.step), job.getSteps().stream().map(JobStep::getName).toList());
        assertTrue(job.log().stream().noneMatch(l -> l.getMessage().contains("over SSH")), log(job));
        assertEquals(1, h.sandbox.apiCalls("RebootInstance"));
        assertNotEquals(before, bootIdNow(h, server));
        assertEquals(Optional.empty(), Optional.ofNullable(h.lifecycleActions.read(job).osBootId()));
    }
}

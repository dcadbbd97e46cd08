package com.ecsprovisioner.deployment;

import com.ecsprovisioner.bootstrap.ProgressEvent;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.JobTest;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.server.IllegalTransition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's bootstrap state as plain Java: attempts, the offset that never goes back, and the transcript's lines. */
class JobBootstrapTest {

    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    private static Job started() {
        Job job = DeploymentJobs.bootstrapOnly(1, 0, "cn-hangzhou", "byo-1", 22, "admin", T0);
        job.claim(T0, Duration.ofMinutes(1)).orElseThrow();
        job.start(T0);
        DeploymentJobs.beginCurrentStep(job, T0, Duration.ofMinutes(45));
        return job;
    }

    @Test
    void aBootstrapOnlyJobHasTheBootstrapStepAloneAndEachStartIsANewAttempt() {
        Job job = started();
        assertTrue(DeploymentJobs.isBootstrapOnly(job));
        assertEquals(List.of(DeploymentJobs.BOOTSTRAP), job.getSteps().stream().map(JobStep::getName).toList());
        assertEquals(1, job.bootstrap().attempt());
        String first = job.bootstrap().run();
        assertTrue(first.matches("attempt-1-[0-9a-f]{8}"), first);
        assertFalse(job.bootstrap().isStarted());

        DeploymentJobs.beginCurrentStep(job, T0.plusSeconds(1), Duration.ofMinutes(45)); // a repeated claim of the same attempt
        assertEquals(1, job.bootstrap().attempt(), "the same attempt until the step starts again");
        assertEquals(first, job.bootstrap().run());

        job.bootstrap().started(T0);
        job.bootstrap().follow(500, "packages", T0);
        job.fail(DeploymentJobs.BOOTSTRAP, "Bootstrap step 'packages' failed with exit code 100", "x", null, T0);
        job.retry(T0.plusSeconds(5));
        DeploymentJobs.beginCurrentStep(job, T0.plusSeconds(5), Duration.ofMinutes(45));
        assertEquals(2, job.bootstrap().attempt());
        assertTrue(job.bootstrap().run().startsWith("attempt-2-"));
        assertNotEquals(first, job.bootstrap().run());
        assertFalse(job.bootstrap().isStarted(), "the new attempt uploads and starts again");
        assertEquals(0, job.bootstrap().offset());
        assertNull(job.bootstrap().scriptStep());
        assertFalse(DeploymentJobs.isBootstrapOnly(DeploymentJobs.create(2, JobTest.plan(), "admin", T0)));
    }

    @Test
    void theOffsetOnlyMovesForward() {
        Job job = started();
        job.bootstrap().started(T0);
        job.bootstrap().follow(1200, "php", T0);
        job.bootstrap().follow(800, "php", T0); // a late answer from an older look
        assertEquals(1200, job.bootstrap().offset());
        job.bootstrap().notStarted(T0);
        assertEquals(0, job.bootstrap().offset());
        assertFalse(job.bootstrap().isStarted());
    }

    @Test
    void bootstrapVerbsNeedARunningJob() {
        Job queued = DeploymentJobs.bootstrapOnly(1, 0, "cn-hangzhou", "byo-1", 22, "admin", T0);
        assertThrows(IllegalTransition.class, () -> queued.bootstrap().started(T0));
        assertThrows(IllegalTransition.class, () -> queued.bootstrap().follow(1, null, T0));
    }

    @Test
    void theTranscriptTagsEveryLineWithItsScriptStepAcrossLooks() {
        BootstrapStep.Transcript first = BootstrapStep.Transcript.of(List.of(
                new ProgressEvent.Output("preparing"),
                new ProgressEvent.StepStarted("packages", "Install nginx, PHP-FPM, MariaDB, Redis and certbot"),
                new ProgressEvent.Output("Setting up nginx (1.24.0) ...")), null);
        assertEquals("packages", first.scriptStep());
        BootstrapStep.Transcript second = BootstrapStep.Transcript.of(List.of(
                new ProgressEvent.Output("Setting up php8.3-fpm ..."),
                new ProgressEvent.StepFailed("packages", 100, "apt-get install failed"),
                new ProgressEvent.ResultFailed("packages", 100)), first.scriptStep());
        assertEquals(List.of("[bootstrap] preparing",
                "[packages] started: Install nginx, PHP-FPM, MariaDB, Redis and certbot",
                "[packages] Setting up nginx (1.24.0) ..."), first.lines().stream().map(BootstrapStep.Transcript.Line::text).toList());
        assertEquals(List.of("[packages] Setting up php8.3-fpm ...",
                "[packages] failed with exit code 100: apt-get install failed",
                "The bootstrap script stopped at step 'packages' with exit code 100"),
                second.lines().stream().map(BootstrapStep.Transcript.Line::text).toList());
        assertEquals(JobLogEntry.Level.ERROR, second.lines().get(1).level());
        BootstrapStep.Transcript done = BootstrapStep.Transcript.of(List.of(new ProgressEvent.StepSucceeded("health", 3),
                new ProgressEvent.ComponentVersion("nginx", "1.24.0"), new ProgressEvent.ResultSucceeded()), "health");
        assertEquals(List.of("[health] done in 3 s", "Installed: nginx 1.24.0", "The bootstrap script finished successfully"),
                done.lines().stream().map(BootstrapStep.Transcript.Line::text).toList());
        assertNull(done.scriptStep());
    }

    @Test
    void theMariaDbPasswordIsLongRandomAndSafeToQuote() {
        String a = BootstrapStep.newPassword();
        String b = BootstrapStep.newPassword();
        assertEquals(32, a.length());
        assertNotEquals(a, b);
        assertTrue(a.matches("[A-Za-z0-9]+"), a);
        assertEquals("/root/ecs-bootstrap/attempt-1-abc", BootstrapStep.directory("root", "attempt-1-abc"));
        assertEquals("/home/deploy/ecs-bootstrap/attempt-1-abc", BootstrapStep.directory("deploy", "attempt-1-abc"));
    }
}

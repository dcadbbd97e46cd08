package com.ecsprovisioner.engine;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.deployment.DeploymentPlan;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.server.IllegalTransition;
import org.junit.jupiter.api.Test;

import java.util.Objects;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static com.ecsprovisioner.engine.JobState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's and the step's state machines: every verb in every state, claims, tokens, zones, resources. */
public class JobTest {

    static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");
    static final Duration MIN = Duration.ofMinutes(1);

    public static DeploymentPlan plan() {
        return new DeploymentPlan("web-1", 7, "cn-hangzhou", null, ZonePolicy.FIRST_IN_STOCK, NetworkPolicy.PER_SERVER,
                "ecs.t6-c1m1.large", "ubuntu_22_04", "cloud_essd", 40, 5, "ecs-key", 22);
    }

    static Job newJob() {
        return DeploymentJobs.create(42, plan(), "admin", T0);
    }

    private static final Map<JobState, List<Consumer<Job>>> PATHS = new EnumMap<>(JobState.class);

    static {
        Consumer<Job> start = j -> j.start(T0);
        Consumer<Job> fail = j -> j.fail(DeploymentJobs.ZONE, "broken", "Code", "req-1", T0);
        Consumer<Job> rollback = j -> j.rollback().begin(T0, MIN);
        PATHS.put(QUEUED, List.of());
        PATHS.put(RUNNING, List.of(start));
        PATHS.put(SUCCEEDED, List.of(start, j -> {
            for (int i = 0; i < DeploymentJobs.STEPS.size(); i++) {
                j.steps().beginCurrent(T0, MIN);
                j.steps().complete(T0, "done");
            }
        }));
        PATHS.put(FAILED, List.of(start, fail));
        PATHS.put(ROLLING_BACK, List.of(start, fail, rollback));
        PATHS.put(ROLLED_BACK, List.of(start, fail, rollback, j -> j.rollback().done(T0)));
        PATHS.put(ROLLBACK_FAILED, List.of(start, fail, rollback, j -> j.rollback().failed("stuck", "DependencyViolation", "r", T0)));
    }

    record Verb(Consumer<Job> action, Set<JobState> from, JobState to) {
    }

    private static final Map<String, Verb> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("start", new Verb(j -> j.start(T0), EnumSet.of(QUEUED), RUNNING));
        VERBS.put("beginCurrentStep", new Verb(j -> j.steps().beginCurrent(T0, MIN), EnumSet.of(RUNNING), RUNNING));
        VERBS.put("fail", new Verb(j -> j.fail(DeploymentJobs.VPC, "x", null, null, T0), EnumSet.of(QUEUED, RUNNING), FAILED));
        VERBS.put("retry", new Verb(j -> j.retry(T0), EnumSet.of(FAILED), RUNNING));
        VERBS.put("requestCancel", new Verb(j -> j.rollback().requestCancel(T0), EnumSet.of(QUEUED, RUNNING), null));
        VERBS.put("beginRollback", new Verb(j -> j.rollback().begin(T0, MIN), EnumSet.of(FAILED, ROLLBACK_FAILED, SUCCEEDED), ROLLING_BACK));
        VERBS.put("rolledBack", new Verb(j -> j.rollback().done(T0), EnumSet.of(ROLLING_BACK), ROLLED_BACK));
        VERBS.put("rollbackFailed", new Verb(j -> j.rollback().failed("x", null, null, T0), EnumSet.of(ROLLING_BACK), ROLLBACK_FAILED));
        VERBS.put("waitUntil", new Verb(j -> j.waitUntil(T0.plusSeconds(5), T0), EnumSet.of(RUNNING, ROLLING_BACK), null));
        VERBS.put("retryLater", new Verb(j -> j.retryLater(T0.plusSeconds(5), "busy", T0), EnumSet.of(RUNNING, ROLLING_BACK), null));
    }

    static Job in(JobState state) {
        Job job = newJob();
        PATHS.get(state).forEach(step -> step.accept(job));
        assertEquals(state, job.getState(), "path to " + state);
        return job;
    }

    @Test
    void everyVerbInEveryState() {
        Map<String, Verb> verbs = VERBS;
        int checked = 0;
        for (JobState from : JobState.values()) {
            for (Map.Entry<String, Verb> verb : verbs.entrySet()) {
                Job job = in(from);
                if (verb.getValue().from().contains(from)) {
                    verb.getValue().action().accept(job);
                    JobState expected = verb.getValue().to() == null ? from : verb.getValue().to();
                    assertEquals(expected, job.getState(), verb.getKey() + " from " + from);
                } else {
                    assertThrows(IllegalTransition.class, () -> verb.getValue().action().accept(job),
                            verb.getKey() + " from " + from + " should be refused");
                    assertEquals(from, job.getState());
                }
                checked++;
            }
        }
        assertEquals(JobState.values().length * verbs.size(), checked);
    }

    @Test
    void succeedsOnlyInRunningWithEveryStepDone() {
        Job running = in(RUNNING);
        assertThrows(IllegalTransition.class, () -> running.succeed(T0), "steps are not done");
        for (JobState state : JobState.values()) {
            if (state != RUNNING) {
                Job job = in(state);
                assertThrows(IllegalTransition.class, () -> job.succeed(T0), "succeed from " + state);
            }
        }
        Job done = in(SUCCEEDED);
        assertNull(done.getNextRunAt(), "a finished job is never due");
        assertNotNull(done.getFinishedAt());
        assertTrue(done.getSteps().stream().allMatch(s -> s.getStatus() == StepStatus.DONE));
    }

    @Test
    void cancelTurnsARunningOrQueuedJobIntoARollback() {
        for (JobState state : List.of(QUEUED, RUNNING)) {
            Job job = in(state);
            assertThrows(IllegalTransition.class, () -> job.rollback().begin(T0, MIN), "no rollback without cancel from " + state);
            job.rollback().requestCancel(T0.plusSeconds(1));
            assertTrue(job.rollback().isCancelRequested());
            assertEquals(T0.plusSeconds(1), job.getNextRunAt(), "a cancel is due at once");
            job.rollback().begin(T0.plusSeconds(1), MIN);
            assertEquals(ROLLING_BACK, job.getState());
            assertThrows(IllegalTransition.class, () -> job.rollback().requestCancel(T0));
        }
    }

    @Test
    void onlyOneClaimAtATimeAndOnlyWhenDue() {
        Job job = in(QUEUED);
        String first = job.claim(T0, MIN).orElseThrow();
        assertTrue(job.claim(T0, MIN).isEmpty(), "a second claim during the lease");
        assertTrue(job.claim(T0.plusSeconds(59), MIN).isEmpty());
        assertTrue(job.holdsClaim(first));
        String second = job.claim(T0.plusSeconds(60), MIN).orElseThrow();
        assertNotEquals(first, second, "an expired lease can be taken over");
        assertFalse(job.holdsClaim(first));
        job.releaseClaim();
        job.start(T0);
        job.waitUntil(T0.plusSeconds(300), T0);
        assertTrue(job.claim(T0.plusSeconds(299), MIN).isEmpty(), "not due yet");
        assertTrue(job.claim(T0.plusSeconds(300), MIN).isPresent());
        assertTrue(in(SUCCEEDED).claim(T0.plusSeconds(1000), MIN).isEmpty(), "finished jobs are never claimed");
        assertTrue(in(FAILED).claim(T0.plusSeconds(1000), MIN).isEmpty());
    }

    @Test
    void theClientTokenIsMadeWhenTheStepStartsAndKeptForItsRetries() {
        Job job = in(RUNNING);
        assertNull(job.steps().current().getClientToken());
        job.steps().beginCurrent(T0, MIN);
        String token = job.steps().current().getClientToken();
        assertNotNull(token);
        job.retryLater(T0.plusSeconds(2), "Throttling", T0);
        job.steps().beginCurrent(T0.plusSeconds(2), MIN);
        assertEquals(token, job.steps().current().getClientToken());
        assertEquals(2, job.steps().current().getAttempts());
        job.fail(job.getCurrentStep(), "quota", "QuotaExceeded", "r", T0);
        job.retry(T0.plusSeconds(3));
        job.steps().beginCurrent(T0.plusSeconds(3), MIN);
        assertEquals(token, job.steps().current().getClientToken(), "a retry after a failure reuses the token");
        assertEquals(T0.plusSeconds(3).plus(MIN), job.steps().current().getDeadline(), "a retry gets a fresh deadline");
    }

    @Test
    void leavingAZoneRestartsTheZoneBoundStepsWithNewTokens() {
        Job job = in(RUNNING);
        Map<StepName, String> tokens = new HashMap<>();
        while (!job.getCurrentStep().equals(DeploymentJobs.INSTANCE)) {
            job.steps().beginCurrent(T0, MIN);
            tokens.put(job.getCurrentStep(), job.steps().current().getClientToken());
            if (Objects.equals(job.getCurrentStep(), DeploymentJobs.ZONE)) {
                job.placeIn("zone-a", T0);
            }
            job.steps().complete(T0, "ok");
        }
        job.steps().beginCurrent(T0, MIN);
        String instanceToken = job.steps().current().getClientToken();
        DeploymentJobs.leaveZone(job, "OperationDenied.NoStock", T0);
        assertEquals(List.of("zone-a"), job.zone().excluded());
        assertEquals(DeploymentJobs.ZONE, job.getCurrentStep());
        assertNull(job.zone().zoneId());
        assertEquals(StepStatus.DONE, job.steps().get(DeploymentJobs.VPC).getStatus(), "the VPC is regional and stays");
        assertEquals(StepStatus.DONE, job.steps().get(DeploymentJobs.SECURITY_GROUP).getStatus());
        assertEquals(StepStatus.PENDING, job.steps().get(DeploymentJobs.VSWITCH).getStatus());
        job.steps().beginCurrent(T0, MIN);
        job.placeIn("zone-b", T0);
        job.steps().complete(T0, "ok");
        assertEquals(DeploymentJobs.VSWITCH, job.getCurrentStep(), "done steps are skipped");
        job.steps().beginCurrent(T0, MIN);
        assertNotEquals(tokens.get(DeploymentJobs.VSWITCH), job.steps().current().getClientToken());
        job.steps().complete(T0, "ok");
        assertEquals(DeploymentJobs.INSTANCE, job.getCurrentStep());
        job.steps().beginCurrent(T0, MIN);
        assertNotEquals(instanceToken, job.steps().current().getClientToken(), "another zone, another RunInstances");
    }

    @Test
    void resourcesAreRecordedOnceAndTheLatestUnreleasedIsCurrent() {
        Job job = in(RUNNING);
        job.resources().record(ResourceKind.VSWITCH, "vsw-1", "zone-a", true, T0);
        job.resources().record(ResourceKind.VSWITCH, "vsw-1", "zone-a", true, T0);
        assertEquals(1, job.resources().size());
        job.resources().record(ResourceKind.VSWITCH, "vsw-2", "zone-b", true, T0);
        assertEquals("vsw-2", job.resources().id(ResourceKind.VSWITCH).orElseThrow());
        job.resources().record(ResourceKind.VSWITCH, "vsw-2", "zone-b", true, T0).released(T0);
        assertEquals("vsw-1", job.resources().id(ResourceKind.VSWITCH).orElseThrow());
        assertTrue(job.resources().id(ResourceKind.INSTANCE).isEmpty());
    }

    @Test
    void failureKeepsTheCloudsCodeAndRequestIdAndLogsThem() {
        Job job = in(RUNNING);
        job.fail(DeploymentJobs.VPC, "The VPC quota is used up", "QuotaExceeded.Vpc", "REQ-9", T0);
        assertEquals("QuotaExceeded.Vpc", job.getFailureCode());
        assertEquals("REQ-9", job.getFailureRequestId());
        assertEquals(DeploymentJobs.VPC, job.getCurrentStep());
        assertEquals(StepStatus.FAILED, job.steps().get(DeploymentJobs.VPC).getStatus());
        String last = job.log().get(job.log().size() - 1).getMessage();
        assertTrue(last.contains("QuotaExceeded.Vpc") && last.contains("REQ-9"), last);
        job.retry(T0);
        assertNull(job.getFailureCode());
        assertEquals(StepStatus.PENDING, job.steps().get(DeploymentJobs.VPC).getStatus());
    }

    @Test
    void everyStepVerbInEveryStepStatus() {
        record StepVerb(Consumer<JobStep> action, Set<StepStatus> from, StepStatus to) {
        }
        Map<String, StepVerb> verbs = new LinkedHashMap<>();
        verbs.put("start", new StepVerb(s -> s.start(T0, T0.plus(MIN)), EnumSet.of(StepStatus.PENDING), StepStatus.RUNNING));
        verbs.put("waitUntil", new StepVerb(s -> s.waitUntil(T0), EnumSet.of(StepStatus.RUNNING, StepStatus.WAITING), StepStatus.WAITING));
        verbs.put("retryAt", new StepVerb(s -> s.retryAt(T0, "x"), EnumSet.of(StepStatus.RUNNING, StepStatus.WAITING), StepStatus.WAITING));
        verbs.put("resume", new StepVerb(JobStep::resume, EnumSet.of(StepStatus.RUNNING, StepStatus.WAITING), StepStatus.RUNNING));
        verbs.put("complete", new StepVerb(s -> s.complete(T0), EnumSet.of(StepStatus.RUNNING, StepStatus.WAITING), StepStatus.DONE));
        verbs.put("fail", new StepVerb(s -> s.fail(T0, "x"), EnumSet.of(StepStatus.PENDING, StepStatus.RUNNING, StepStatus.WAITING), StepStatus.FAILED));
        verbs.put("skip", new StepVerb(s -> s.skip(T0), EnumSet.of(StepStatus.PENDING, StepStatus.RUNNING, StepStatus.WAITING), StepStatus.SKIPPED));
        Map<StepStatus, List<Consumer<JobStep>>> paths = new EnumMap<>(StepStatus.class);
        paths.put(StepStatus.PENDING, List.of());
        paths.put(StepStatus.RUNNING, List.of(s -> s.start(T0, T0.plus(MIN))));
        paths.put(StepStatus.WAITING, List.of(s -> s.start(T0, T0.plus(MIN)), s -> s.waitUntil(T0)));
        paths.put(StepStatus.DONE, List.of(s -> s.start(T0, T0.plus(MIN)), s -> s.complete(T0)));
        paths.put(StepStatus.FAILED, List.of(s -> s.fail(T0, "x")));
        paths.put(StepStatus.SKIPPED, List.of(s -> s.skip(T0)));
        for (StepStatus from : StepStatus.values()) {
            for (Map.Entry<String, StepVerb> verb : verbs.entrySet()) {
                JobStep step = newJob().steps().get(DeploymentJobs.VPC);
                paths.get(from).forEach(p -> p.accept(step));
                assertEquals(from, step.getStatus());
                if (verb.getValue().from().contains(from)) {
                    verb.getValue().action().accept(step);
                    assertEquals(verb.getValue().to(), step.getStatus(), verb.getKey() + " from " + from);
                } else {
                    assertThrows(IllegalTransition.class, () -> verb.getValue().action().accept(step), verb.getKey() + " from " + from);
                    assertEquals(from, step.getStatus());
                }
            }
        }
    }

    @Test
    void aWaitingStepIsLateOnlyAfterItsDeadline() {
        JobStep step = newJob().steps().get(DeploymentJobs.RUNNING);
        step.start(T0, T0.plus(MIN));
        assertFalse(step.isPastDeadline(T0.plus(MIN)));
        assertTrue(step.isPastDeadline(T0.plus(MIN).plusMillis(1)));
    }

    @Test
    void aThirdInternalErrorInTheSameStepStopsTheJob() {
        Job job = in(RUNNING);
        job.steps().beginCurrent(T0, MIN);
        String claim = job.claim(T0, MIN).orElseThrow();
        assertFalse(job.recordInternalError("NullPointerException", MIN, T0));
        assertFalse(job.recordInternalError("NullPointerException", MIN, T0));
        assertEquals(RUNNING, job.getState());
        assertTrue(job.holdsClaim(claim), "the claim is kept: the lease is the back-off");
        assertTrue(job.recordInternalError("NullPointerException", MIN, T0));
        assertEquals(FAILED, job.getState());
        assertEquals("InternalError", job.getFailureCode());
        assertFalse(job.holdsClaim(claim));

        Job rollingBack = in(ROLLING_BACK);
        for (int i = 0; i < 2; i++) {
            assertFalse(rollingBack.recordInternalError("x", MIN, T0));
        }
        assertTrue(rollingBack.recordInternalError("x", MIN, T0));
        assertEquals(ROLLBACK_FAILED, rollingBack.getState());
        assertThrows(IllegalTransition.class, () -> in(SUCCEEDED).recordInternalError("x", MIN, T0));
    }
}

package com.ecsprovisioner.engine;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepOutcomesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Whether a failed job fails its server is the handler's word about the kind, not the engine's. */
    @Test
    void aFailureReachesTheServerOnlyWhenTheHandlerSaysSo() {
        for (boolean reaches : List.of(true, false)) {
            Server server = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", T0);
            server.startProvisioning(T0);
            Job job = JobTest.in(JobState.RUNNING);
            StepOutcomes outcomes = new StepOutcomes(ProvisioningSettings.defaults(), new Random(1), handler(reaches));
            outcomes.failure(job, "broken", "Code", null).applyTo(job, server, T0);
            assertEquals(JobState.FAILED, job.getState());
            assertEquals(reaches ? ServerStatus.FAILED : ServerStatus.PROVISIONING, server.getStatus(), "reaches: " + reaches);
        }
        Server server = new Server("web-2", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", T0);
        server.startProvisioning(T0);
        Job job = JobTest.in(JobState.RUNNING);
        new StepOutcomes(ProvisioningSettings.defaults(), new Random(1), new DeployOnly()).failure(job, "broken", null, null).applyTo(job, server, T0);
        assertEquals(ServerStatus.FAILED, server.getStatus(), "by default a failure reaches the server");
    }

    /**
     * A look that just misses the change costs up to its whole interval: around the step's usual time the looks are
     * a second apart (a job's own looks, as here; those the sweep batches a quarter second), so a resource is seen
     * within about a second of being ready (the growing interval from 5 s looked at 0, 5 and 12.5 s: 4.2 s late for
     * one ready at 8.3 s).
     */
    @Test
    void aResourceIsSeenWithinASecondOfBeingReadyAroundItsUsualTime() {
        Duration first = Duration.ofSeconds(5);
        UsualDurations eightSeconds = step -> Optional.of(Duration.ofSeconds(8));
        for (long readyMillis : new long[]{3_200, 6_500, 8_300, 11_700, 15_500}) {
            Instant ready = T0.plusMillis(readyMillis);
            Instant seen = last(waitFor(eightSeconds, ProvisioningSettings.defaults(), first, ready, Duration.ofMinutes(5)));
            assertTrue(!seen.isAfter(ready.plusSeconds(1)), "ready at " + readyMillis + " ms, seen at " + seen);
        }
        // Nothing learned yet: the looks gather around the first poll interval instead (2.5 to 10 s).
        Instant ready = T0.plusMillis(8_300);
        Instant seen = last(waitFor(UsualDurations.none(), ProvisioningSettings.defaults(), first, ready, Duration.ofMinutes(5)));
        assertTrue(!seen.isAfter(ready.plusSeconds(1)), "without history, seen at " + seen);
    }

    /**
     * A stuck resource is not looked at every second until its deadline: beyond twice its usual time the interval
     * grows as it did before the window, and no more looks are made there than the growing interval alone makes.
     */
    @Test
    void aStuckResourceIsLookedAtNoMoreOftenThanBeforeOnceItsUsualTimeHasPassed() {
        Duration first = Duration.ofSeconds(5);
        Duration usual = Duration.ofSeconds(8);
        Instant never = T0.plus(Duration.ofDays(1));
        ProvisioningSettings now = ProvisioningSettings.defaults();
        List<Instant> windowed = waitFor(step -> Optional.of(usual), now, first, never, Duration.ofMinutes(10));
        List<Instant> growing = waitFor(step -> Optional.of(usual), now.withPollNear(Duration.ZERO), first, never,
                Duration.ofMinutes(10));
        Instant beyond = T0.plus(usual.multipliedBy(2));
        long after = windowed.stream().filter(t -> t.isAfter(beyond)).count();
        long before = growing.stream().filter(t -> t.isAfter(beyond)).count();
        assertTrue(after <= before, "beyond the usual time: " + after + " looks, the growing interval alone " + before);
        // The window (half to twice the usual time) holds at most 1.5 × 40 looks (a fortieth of the usual time apart).
        assertTrue(windowed.size() <= growing.size() + 60, windowed.size() + " looks in 10 min, growing alone " + growing.size());
        for (int i = 1; i < windowed.size(); i++) {
            if (windowed.get(i - 1).isAfter(beyond.plusSeconds(60))) {
                assertEquals(now.pollMax(), Duration.between(windowed.get(i - 1), windowed.get(i)), "capped as before");
            }
        }
    }

    /**
     * Around its usual time a wait the sweep batches (one Describe call per kind for all jobs) is looked at every
     * {@code poll.near}, 0.25 s; a wait whose every look is the job's own (an SSH probe, a snapshot) no more than once a
     * second.
     */
    @Test
    void batchedLooksComeEveryPollNearAndTheJobsOwnLooksAtMostOnceASecond() {
        UsualDurations usual = step -> Optional.of(Duration.ofSeconds(4));
        Instant never = T0.plus(Duration.ofDays(1));
        JobHandler batched = new DeployOnly() {
            @Override
            public CloudLooks looksAt(Job job) {
                return CloudLooks.vpc("vpc-1");
            }
        };
        List<Instant> sweep = waitFor(batched, usual, ProvisioningSettings.defaults(), Duration.ofSeconds(2), never, Duration.ofSeconds(5));
        List<Instant> own = waitFor(usual, ProvisioningSettings.defaults(), Duration.ofSeconds(2), never, Duration.ofSeconds(5));
        assertEquals(Duration.ofMillis(250), Duration.between(sweep.get(sweep.size() - 2), sweep.get(sweep.size() - 1)));
        assertEquals(Duration.ofSeconds(1), Duration.between(own.get(own.size() - 2), own.get(own.size() - 1)));
    }

    /** How long each step usually takes: the median of its finished runs, once there are enough of them. */
    @Test
    void theUsualDurationIsTheMedianOfEnoughFinishedSteps() {
        List<Object[]> rows = List.of(row("running", 8), row("running", 30), row("running", 9), row("running", 7),
                row("vpc", 2), row("vpc", 3));
        Map<String, Duration> usual = StoredStepDurations.medians(rows);
        assertEquals(Duration.ofSeconds(9), usual.get("running"), "one slow run does not move the median");
        assertFalse(usual.containsKey("vpc"), "two runs teach nothing yet");
    }

    private static Instant last(List<Instant> looks) {
        return looks.get(looks.size() - 1);
    }

    private static Object[] row(String step, long seconds) {
        return new Object[]{step, T0, T0.plusSeconds(seconds)};
    }

    /**
     * Drives the job's first step through its waits with a clock of its own, as the sweep would (due at the recorded
     * next look, resumed, looked at): the times of the looks until one at or after {@code ready}, or until
     * {@code limit} has passed; the last look is the one that saw it.
     */
    private static List<Instant> waitFor(UsualDurations usual, ProvisioningSettings settings, Duration first,
                                         Instant ready, Duration limit) {
        return waitFor(new DeployOnly(), usual, settings, first, ready, limit);
    }

    private static List<Instant> waitFor(JobHandler handler, UsualDurations usual, ProvisioningSettings settings,
                                         Duration first, Instant ready, Duration limit) {
        ProvisioningSettings roomy = settings.withDeadline(DeploymentJobs.ZONE, Duration.ofHours(1));
        StepOutcomes outcomes = new StepOutcomes(roomy, new Random(1), handler, usual);
        Job job = JobTest.newJob();
        Instant t = T0;
        List<Instant> looks = new ArrayList<>();
        while (t.isBefore(T0.plus(limit))) {
            outcomes.startCurrentStep(job, t);
            looks.add(t);
            if (!t.isBefore(ready)) {
                break;
            }
            outcomes.keepWaiting(job, t, first, "not yet").applyTo(job, null, t);
            t = job.getNextRunAt();
        }
        return looks;
    }

    /** A handler of the deployment's kind that says nothing about failures (the default). */
    private static class DeployOnly extends OneKindHandler {
        DeployOnly() {
            super(DeploymentJobs.DEPLOY, DeploymentJobs.STEPS);
        }
    }

    private static JobHandler handler(boolean reaches) {
        return new DeployOnly() {
            @Override
            public boolean failureReachesServer(JobKind kind) {
                return reaches;
            }
        };
    }
}

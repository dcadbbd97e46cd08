package com.ecsprovisioner.engine;

import com.ecsprovisioner.deployment.DeploymentJobs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress weighted by what steps usually take, the estimate learned from earlier jobs, and elapsed time. */
class JobTimingTest {

    static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");
    static final Duration MIN = Duration.ofMinutes(1);
    static final int STEPS = DeploymentJobs.STEPS.size();

    /** A deployment whose steps each took {@code seconds[i]}, run to its last step; succeeded when every step has one. */
    static Job ran(long... seconds) {
        Job job = DeploymentJobs.create(42, JobTest.plan(), "admin", T0);
        job.start(T0);
        Instant t = T0;
        for (long s : seconds) {
            job.steps().beginCurrent(t, MIN);
            t = t.plusSeconds(s);
            job.steps().complete(t, "done");
        }
        return job;
    }

    /** Eight quick cloud steps and a long bootstrap: the shape of a real deployment. */
    static long[] usual(long bootstrap) {
        long[] s = new long[STEPS];
        java.util.Arrays.fill(s, 5);
        s[STEPS - 1] = bootstrap;
        return s;
    }

    @Test
    void theTypicalStepIsTheMedianOfEarlierRuns() {
        Map<String, Duration> typical = JobTiming.typicalSteps(List.of(ran(usual(100)), ran(usual(300)), ran(usual(200))));
        assertEquals(Duration.ofSeconds(200), typical.get(DeploymentJobs.BOOTSTRAP.name()));
        assertEquals(Duration.ofSeconds(5), typical.get(DeploymentJobs.ZONE.name()));
        Map<String, Duration> even = JobTiming.typicalSteps(List.of(ran(usual(100)), ran(usual(300))));
        assertEquals(Duration.ofSeconds(200), even.get(DeploymentJobs.BOOTSTRAP.name()));
    }

    @Test
    void aRunningBootstrapIsWeightedByItsUsualTimeNotCountedAsOneStepOfNine() {
        Map<String, Duration> typical = JobTiming.typicalSteps(List.of(ran(usual(400))));
        Job job = ran(java.util.Arrays.copyOf(usual(0), STEPS - 1));
        job.steps().beginCurrent(T0.plusSeconds(40), MIN);
        // Just started the bootstrap: the eight short steps are 40 s of 440, not 8 of 9 (88%) as before.
        int atStart = new JobTiming(job, typical, 1, OptionalDouble.empty(), T0.plusSeconds(40)).percent();
        assertEquals(9, atStart);
        // Half-way through its usual time, the bar is half-way too; time alone never claims the step's end.
        assertEquals(54, new JobTiming(job, typical, 1, OptionalDouble.empty(), T0.plusSeconds(240)).percent());
        assertEquals(90, new JobTiming(job, typical, 1, OptionalDouble.empty(), T0.plusSeconds(4000)).percent());
        // The scripts' own step count moves the bar when it is known.
        assertEquals(77, new JobTiming(job, typical, 1, OptionalDouble.of(0.75), T0.plusSeconds(50)).percent());
    }

    @Test
    void withoutHistoryTheScriptStepsStillMoveTheBar() {
        Job job = ran(java.util.Arrays.copyOf(usual(0), STEPS - 1));
        job.steps().beginCurrent(T0.plusSeconds(40), MIN);
        int before = new JobTiming(job, Map.of(), 0, OptionalDouble.of(0.1), T0.plusSeconds(60)).percent();
        int after = new JobTiming(job, Map.of(), 0, OptionalDouble.of(0.6), T0.plusSeconds(60)).percent();
        assertTrue(after > before, before + " then " + after);
        assertTrue(new JobTiming(job, Map.of(), 0, OptionalDouble.empty(), T0.plusSeconds(60)).remaining().isEmpty());
    }

    @Test
    void remainingIsTheUsualTimeOfWhatIsLeftLessWhatTheRunningStepSpent() {
        Map<String, Duration> typical = JobTiming.typicalSteps(List.of(ran(usual(400)), ran(usual(400))));
        Job job = ran(java.util.Arrays.copyOf(usual(0), STEPS - 1));
        job.steps().beginCurrent(T0.plusSeconds(40), MIN);
        JobTiming timing = new JobTiming(job, typical, 2, OptionalDouble.empty(), T0.plusSeconds(140));
        assertEquals(Duration.ofSeconds(300), timing.remaining().orElseThrow());
        assertEquals(Duration.ofSeconds(140), timing.elapsed());
        assertEquals(Duration.ofSeconds(440), timing.typicalTotal().orElseThrow());
        assertEquals(2, timing.pastRuns());
    }

    @Test
    void aSucceededJobIsWholeAndTookItsOwnTime() {
        Job done = ran(usual(100));
        JobTiming timing = new JobTiming(done, Map.of(), 0, OptionalDouble.empty(), T0.plusSeconds(9999));
        assertEquals(JobState.SUCCEEDED, done.getState());
        assertEquals(100, timing.percent());
        assertEquals(Duration.ofSeconds(5L * (STEPS - 1) + 100), timing.elapsed());
        assertTrue(timing.remaining().isEmpty());
    }
}

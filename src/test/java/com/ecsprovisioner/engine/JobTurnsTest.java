package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.server.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A turn of a job: a consumer's goes on while the next step is due at once; the sweep's does the step it looked for
 * and hands the rest to the consumers, so that the sweep's one thread never runs another step (an SSH probe, a
 * bootstrap's upload) while every other waiting job waits for it.
 */
class JobTurnsTest {

    private static final JobKind KIND = JobKind.of("THREE", "Three steps");
    private static final StepName FIRST = StepName.of("FIRST", "First", Duration.ofMinutes(1));
    private static final StepName SECOND = StepName.of("SECOND", "Second", Duration.ofMinutes(1));
    private static final StepName THIRD = StepName.of("THIRD", "Third", Duration.ofMinutes(1));

    /** A sweep's batch of looks (these steps look at nothing). */
    private static final CloudObservations SWEEPS_BATCH = new CloudObservations() {
        @Override
        public Optional<CloudTypes.Instance> instance(String instanceId) {
            return Optional.empty();
        }

        @Override
        public Optional<CloudTypes.Vpc> vpc(String vpcId) {
            return Optional.empty();
        }

        @Override
        public Optional<CloudTypes.VSwitch> vSwitch(String vSwitchId) {
            return Optional.empty();
        }
    };

    private final Job job = new Job(KIND, List.of(FIRST, SECOND, THIRD), 1L, 7, JobPlan.bootstrapOnly("cn-hangzhou", "web-1", 22),
            "admin", Instant.now().minusSeconds(1));
    private final Claims claims = new Claims();
    private final JobHandlers handlers = JobHandlers.of(new EachStepDueAtOnce());
    private final JobTurns turns = new JobTurns(claims, handlers, (profile, region) -> null);

    @Test
    void theSweepsTurnDoesTheStepItLookedForAndHandsTheNextToTheConsumers() {
        int steps = turns.advance(1, SWEEPS_BATCH);

        assertEquals(1, steps, "the sweep's thread ran only the step its batch looked for");
        assertEquals(1, claims.claims, "and claimed the job once");
        assertEquals(List.of(1L), claims.handedOver, "the next step, due at once, went to a consumer");
        assertEquals(SECOND, job.getCurrentStep());

        assertEquals(2, turns.advance(1, null), "the consumer's turn goes on through every step due at once");
        assertEquals(JobState.SUCCEEDED, job.getState());
        assertEquals(List.of(1L), claims.handedOver, "a consumer hands nothing over");
    }

    @Test
    void aSweepsTurnThatEndsInAWaitHandsNothingOverAndWakesTheJobWhenItsWaitEnds() {
        claims.waitAfterEachStep = true;
        assertEquals(1, turns.advance(1, SWEEPS_BATCH));
        assertEquals(List.of(), claims.handedOver, "a job that waits goes to no consumer now");
        // Its wait is no look at the cloud: its own message comes when the wait is over, not the sweep's next tick.
        assertEquals(List.of(Duration.ofSeconds(5).plus(Wakes.MARGIN)), claims.delayed);
    }

    @Test
    void aWakeUpTheBrokerDoesNotTakeLeavesTheStepWrittenAndIsNoCrash() {
        claims.brokerDown = true;

        int steps = turns.advance(1, SWEEPS_BATCH);

        // recordCrash would fail the test: the step stays written, and the sweep takes the job up when it is due.
        assertEquals(1, steps);
        assertEquals(SECOND, job.getCurrentStep());
        assertEquals(List.of(), claims.handedOver);
    }

    /** What JobWorker does, on the one job in memory. */
    private final class Claims implements JobTurns.Claims {
        int claims;
        boolean waitAfterEachStep;
        boolean brokerDown;
        final List<Long> handedOver = new ArrayList<>();
        final List<Duration> delayed = new ArrayList<>();

        @Override
        public Optional<JobTurns.Claimed> claim(long jobId) {
            Instant now = Instant.now();
            Optional<String> claim = job.claim(now, Duration.ofMinutes(2));
            if (claim.isEmpty()) {
                return Optional.empty();
            }
            claims++;
            if (job.getState() == JobState.QUEUED) {
                job.start(now);
            }
            job.steps().beginCurrent(now, Duration.ofMinutes(1));
            return Optional.of(new JobTurns.Claimed(claim.get(), job, null));
        }

        @Override
        public JobTurns.Written apply(long jobId, String claimId, Outcome outcome, boolean handOver) {
            Instant now = Instant.now();
            outcome.applyTo(job, null, now);
            if (waitAfterEachStep && job.getState().isActive()) {
                job.waitUntil(now.plusSeconds(5), now);
            }
            job.releaseClaim();
            return new JobTurns.Written(true, Wakes.after(job, now, handOver, handlers).orElse(null));
        }

        @Override
        public void wake(long jobId, Duration delay) {
            if (brokerDown) {
                throw new IllegalStateException("AMQ219010: Connection is destroyed");
            }
            if (delay.isZero()) {
                handedOver.add(jobId);
            } else {
                delayed.add(delay);
            }
        }

        @Override
        public void recordCrash(long jobId, String claimId, RuntimeException error) {
            throw new AssertionError("no step fails here", error);
        }
    }

    /** Each step done at its first call, the next one due at once (as after an instance is seen running). */
    private static final class EachStepDueAtOnce extends OneKindHandler {
        EachStepDueAtOnce() {
            super(KIND, List.of(FIRST, SECOND, THIRD));
        }

        @Override
        public boolean usesCloud(Job job) {
            return false;
        }

        @Override
        public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
            boolean last = job.getCurrentStep().equals(THIRD);
            return (j, s, t) -> {
                j.steps().complete(t, "done");
                if (!last) {
                    j.waitUntil(t, t);
                }
            };
        }
    }
}

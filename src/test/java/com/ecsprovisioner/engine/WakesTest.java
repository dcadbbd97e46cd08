package com.ecsprovisioner.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A job written back gets its own wake-up at the end of a wait that is not a look at the cloud (a bootstrap's next
 * look at its log), instead of waiting for the sweep's next tick; a look at the cloud stays with the sweep, which
 * batches it with every other job's.
 */
class WakesTest {

    private static final JobKind KIND = JobKind.of("ONE", "One step");
    private static final StepName ONLY = StepName.of("ONLY", "Only", Duration.ofMinutes(1));
    private static final Instant T0 = Instant.parse("2026-12-05T07:00:00Z");

    private final LooksAtCloud handler = new LooksAtCloud();
    private final JobHandlers handlers = JobHandlers.of(handler);
    private final Job job = new Job(KIND, List.of(ONLY), 1L, 7, JobPlan.bootstrapOnly("cn-hangzhou", "web-1", 22), "admin", T0);

    WakesTest() {
        job.start(T0);
        job.steps().beginCurrent(T0, Duration.ofMinutes(1));
    }

    @Test
    void aWaitThatIsNotALookAtTheCloudEndsWithItsOwnMessage() {
        job.waitUntil(T0.plusSeconds(2), T0);
        assertEquals(Optional.of(Duration.ofSeconds(2).plus(Wakes.MARGIN)), Wakes.after(job, T0, false, handlers));
        assertEquals(Optional.of(Duration.ofSeconds(2).plus(Wakes.MARGIN)), Wakes.after(job, T0, true, handlers));
    }

    @Test
    void aLookAtTheCloudIsLeftToTheSweepsBatch() {
        handler.looking = true;
        job.waitUntil(T0.plusSeconds(2), T0);
        assertEquals(Optional.empty(), Wakes.after(job, T0, true, handlers));
    }

    @Test
    void aJobDueAtOnceGoesToAConsumerOnlyFromTheSweepsTurn() {
        job.waitUntil(T0, T0);
        assertEquals(Optional.of(Duration.ZERO), Wakes.after(job, T0, true, handlers));
        assertEquals(Optional.empty(), Wakes.after(job, T0, false, handlers), "a consumer's turn goes on with it itself");
    }

    @Test
    void aFinishedJobGetsNoMessage() {
        job.steps().complete(T0, "done");
        assertEquals(JobState.SUCCEEDED, job.getState());
        assertEquals(Optional.empty(), Wakes.after(job, T0, true, handlers));
    }

    private static final class LooksAtCloud extends OneKindHandler {
        boolean looking;

        LooksAtCloud() {
            super(KIND, List.of(ONLY));
        }

        @Override
        public CloudLooks looksAt(Job job) {
            return looking ? CloudLooks.instance("i-1") : CloudLooks.NONE;
        }
    }
}

package com.ecsprovisioner.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sweep sends a due job that is not a look at the cloud to the consumers only once its own "advance" message seems
 * lost: under a backlog the message is still in the queue, and a copy each second would only grow it.
 */
class SweepRoundTest {

    private static final JobKind KIND = JobKind.of("ONE", "One step");
    private static final StepName STEP = StepName.of("STEP", "Step", Duration.ofMinutes(1));

    private final List<List<Long>> requeued = new ArrayList<>();
    private final JobHandlers handlers = JobHandlers.of(new OneKindHandler(KIND, List.of(STEP)));
    private final SweepRound round = new SweepRound(handlers, (profile, region) -> null, requeued::add,
            (jobId, batched) -> {
                throw new AssertionError("no job here looks at the cloud");
            }, new Resends());

    @Test
    void aJobDueAMomentAgoStillHasItsOwnMessageAndGetsNoCopy() {
        round.run(List.of(jobDueSince(Instant.now().minusSeconds(1))));

        assertEquals(List.of(), requeued);
    }

    @Test
    void aJobDueLongerThanItsMessageCouldTakeIsSentToTheConsumersAgain() {
        round.run(List.of(jobDueSince(Instant.now().minus(SweepRound.LOST_AFTER).minusSeconds(1))));

        assertEquals(1, requeued.size());
        assertEquals(1, requeued.get(0).size());
    }

    @Test
    void aLostJobIsSentAgainAtMostOncePerLostAfterHoweverOftenTheSweepTicks() {
        Job lost = jobDueSince(Instant.now().minus(SweepRound.LOST_AFTER).minusSeconds(1));
        for (int tick = 0; tick < 4; tick++) {
            round.run(List.of(lost));
        }

        assertEquals(1, requeued.size(), "four ticks within a second: one copy");
    }

    @Test
    void resendsForgetAJobOnceItsIntervalHasPassed() {
        Resends resends = new Resends();
        Instant t0 = Instant.parse("2026-12-05T10:00:00Z");
        assertEquals(List.of(1L, 2L), resends.due(List.of(1L, 2L), t0, SweepRound.LOST_AFTER));
        assertEquals(List.of(3L), resends.due(List.of(1L, 2L, 3L), t0.plusSeconds(4), SweepRound.LOST_AFTER));
        assertEquals(List.of(1L, 2L), resends.due(List.of(1L, 2L, 3L), t0.plusSeconds(5), SweepRound.LOST_AFTER));
    }

    private static Job jobDueSince(Instant due) {
        return new Job(KIND, List.of(STEP), 1L, 7, JobPlan.bootstrapOnly("cn-hangzhou", "web-1", 22), "admin", due);
    }

    @Test
    void jobsWhoseCopyCouldNotBeSentAreSentAtTheNextSweep() {
        List<List<Long>> sent = new ArrayList<>();
        boolean[] brokerDown = {true};
        SweepRound flaky = new SweepRound(handlers, (profile, region) -> null, ids -> {
            if (brokerDown[0]) {
                throw new IllegalStateException("broker down");
            }
            sent.add(ids);
        }, (jobId, batched) -> 0, new Resends());
        Job lost = jobDueSince(Instant.now().minus(SweepRound.LOST_AFTER).minusSeconds(1));

        flaky.run(List.of(lost));
        brokerDown[0] = false;
        flaky.run(List.of(lost));

        assertEquals(1, sent.size(), "not held back 5 s for a copy that never left");
    }

    @Test
    void aRoundStopsBetweenJobsOnceTheApplicationEnds() {
        Job lost = jobDueSince(Instant.now().minus(SweepRound.LOST_AFTER).minusSeconds(1));
        round.run(List.of(lost), () -> true);

        assertEquals(List.of(), requeued);
    }

    @Test
    void betweenRoundsTheTurnIsHeldASecondOrTwoPeriods() {
        assertEquals(Duration.ofSeconds(1), JobSweep.hold(Duration.ofMillis(250)));
        assertEquals(Duration.ofSeconds(4), JobSweep.hold(Duration.ofSeconds(2)));
    }
}

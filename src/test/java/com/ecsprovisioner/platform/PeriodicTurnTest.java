package com.ecsprovisioner.platform;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodicTurnTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(3);

    @Test
    void oneNodeTakesAPeriodsTurnAndTheOtherSkipsIt() {
        PeriodicTurn turn = new PeriodicTurn();
        assertTrue(turn.take("a", T0, PERIOD));
        assertFalse(turn.take("b", T0.plusMillis(5), PERIOD), "the same tick on another node");
        assertEquals("a", turn.holder());
    }

    @Test
    void theNextTickIsFreeToAnyNodeEvenSlightlyEarly() {
        PeriodicTurn turn = new PeriodicTurn();
        assertTrue(turn.take("a", T0, PERIOD));
        assertTrue(turn.take("a", T0.plus(PERIOD).minusMillis(50), PERIOD), "the holder's next tick, 50 ms early");
        assertTrue(turn.take("b", T0.plus(PERIOD.multipliedBy(2)), PERIOD), "a node that did not sweep before");
        assertEquals("b", turn.holder());
    }

    @Test
    void aNodeThatDiedMidTurnCostsOnePeriod() {
        PeriodicTurn turn = new PeriodicTurn();
        assertTrue(turn.take("dead", T0, PERIOD));
        assertFalse(turn.take("b", T0.plusSeconds(1), PERIOD));
        assertTrue(turn.take("b", T0.plus(PERIOD), PERIOD));
    }
}

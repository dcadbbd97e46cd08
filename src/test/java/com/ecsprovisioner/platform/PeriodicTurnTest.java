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

    @Test
    void theHolderOfAFastTaskKeepsItsTurnAndAnotherNodeTakesItOnlyOnceTheHolderStopped() {
        PeriodicTurn turn = new PeriodicTurn();
        Duration hold = Duration.ofSeconds(1);
        assertTrue(turn.keep("a", T0, hold));
        assertTrue(turn.keep("a", T0.plusMillis(250), hold), "the holder's next tick, a quarter second on");
        assertFalse(turn.keep("b", T0.plusMillis(600), hold), "while the holder ticks (or sweeps long)");
        assertFalse(turn.keep("b", T0.plusMillis(1249), hold));
        assertTrue(turn.keep("b", T0.plusMillis(1250), hold), "a second after the holder's last turn");
        assertFalse(turn.keep("a", T0.plusMillis(1300), hold), "the former holder now waits in its turn");
        assertEquals("b", turn.holder());
    }

    @Test
    void aHolderWhoseWorkFailedLetsTheTurnGoAtOnce() {
        PeriodicTurn turn = new PeriodicTurn();
        assertTrue(turn.keep("a", T0, Duration.ofSeconds(10)));
        turn.release("b", T0.plusMillis(100));
        assertFalse(turn.keep("b", T0.plusMillis(200), Duration.ofSeconds(10)), "only the holder lets it go");
        turn.release("a", T0.plusMillis(300));
        assertTrue(turn.keep("b", T0.plusMillis(300), Duration.ofSeconds(10)));
    }
}

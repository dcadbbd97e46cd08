package com.ecsprovisioner.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a step usually takes from its start to its end, by step name: the engine's waits look often around that
 * time ({@link Backoff#pollAround}). Learned from finished steps in the container ({@link StoredStepDurations}); empty
 * for a step never seen finish, which then waits as if it usually took its first poll interval.
 */
@FunctionalInterface
public interface UsualDurations {

    Optional<Duration> of(StepName step);

    /** Nothing learned: every step waits around its first poll interval. */
    static UsualDurations none() {
        return step -> Optional.empty();
    }
}

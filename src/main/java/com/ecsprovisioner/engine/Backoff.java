package com.ecsprovisioner.engine;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter: attempt n waits between half and all of {@code first × 2^(n-1)}, capped at
 * {@code max}. The random half spreads jobs that were throttled together.
 */
public final class Backoff {

    private Backoff() {
    }

    public static Duration delay(int attempt, Duration first, Duration max, RandomGenerator random) {
        int n = Math.max(1, attempt);
        long ceiling = max.toMillis();
        long base = first.toMillis();
        long full = n > 30 ? ceiling : Math.min(ceiling, base << (n - 1));
        if (full <= 0) {
            return Duration.ZERO;
        }
        long half = full / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (full - half + 1)));
    }

    /** The interval between looks at something the cloud is preparing: 1.5× per look from {@code first}, capped. */
    public static Duration poll(int look, Duration first, Duration max) {
        double factor = Math.pow(1.5, Math.max(0, Math.min(look - 1, 20)));
        long millis = (long) Math.min(max.toMillis(), first.toMillis() * factor);
        return Duration.ofMillis(Math.max(millis, first.toMillis()));
    }
}

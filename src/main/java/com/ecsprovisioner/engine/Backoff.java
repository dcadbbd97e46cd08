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

    /** At most this many looks per usual time of a step inside its window ({@link #pollAround}). */
    static final int WINDOW_LOOKS_PER_USUAL = 40;

    /** The interval between looks at something the cloud is preparing: 1.5× per look from {@code first}, capped. */
    public static Duration poll(int look, Duration first, Duration max) {
        double factor = Math.pow(1.5, Math.max(0, Math.min(look - 1, 20)));
        long millis = (long) Math.min(max.toMillis(), first.toMillis() * factor);
        return Duration.ofMillis(Math.max(millis, first.toMillis()));
    }

    /**
     * The interval before the next look at a step that has been waiting {@code elapsed} and usually takes
     * {@code usual}: a look that just misses the change costs up to a whole interval, so the looks are close
     * from half to twice the usual time, where the change nearly always comes: {@code near} apart, or a fortieth of the
     * usual time when that is longer, so that a step that usually takes minutes is not looked at several times a second
     * (each look is a claim and a write-back of the job) and a window holds at most some 60 looks. Before that window
     * one look at its start (never later than {@link #poll} would look); beyond it {@link #poll} of the step's looks so
     * far, which are more than the growing interval alone would have made, so a stuck resource is looked at no more
     * often than without the window. A zero {@code near} is the growing interval alone.
     */
    public static Duration pollAround(Duration elapsed, int look, Duration first, Duration max, Duration usual,
                                      Duration near) {
        Duration growing = poll(look, first, max);
        if (near.isZero() || near.isNegative()) {
            return growing;
        }
        Duration fortieth = usual.dividedBy(WINDOW_LOOKS_PER_USUAL);
        if (fortieth.compareTo(near) > 0) {
            near = fortieth;
        }
        Duration from = usual.dividedBy(2);
        Duration until = usual.multipliedBy(2).compareTo(usual.plus(near)) < 0 ? usual.plus(near) : usual.multipliedBy(2);
        if (elapsed.compareTo(from) < 0) {
            Duration toWindow = from.minus(elapsed);
            return shortest(growing, toWindow.compareTo(near) < 0 ? near : toWindow);
        }
        if (elapsed.compareTo(until) < 0) {
            return shortest(growing, near);
        }
        return growing;
    }

    private static Duration shortest(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

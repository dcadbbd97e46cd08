package com.ecsprovisioner.platform;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The guard every timer of this node puts around its work: a tick that fires while the previous one is still busy is
 * skipped (the next tick looks again; the database says what is due, not the tick), and a failure is logged for the
 * next tick to try again instead of being thrown at the timer service. One instance per timer bean; which node works
 * at all is {@link PeriodicTurns}' decision, not this one's.
 */
public final class TimerTick {

    private final AtomicBoolean running = new AtomicBoolean();
    private final Logger log;
    private final String what;

    /** @param what the timer's work in words, as its warning names it ("the job sweep") */
    public TimerTick(Logger log, String what) {
        this.log = Objects.requireNonNull(log);
        this.what = Objects.requireNonNull(what);
    }

    /** Runs {@code work} unless the previous tick still does. */
    public void run(Runnable work) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            log.log(Level.WARNING, what.substring(0, 1).toUpperCase() + what.substring(1) + " failed; the next tick tries again", e);
        } finally {
            running.set(false);
        }
    }
}

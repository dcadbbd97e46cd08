package com.ecsprovisioner.platform;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The guard every timer of this node puts around its work: a tick that fires while the previous one is still busy is
 * skipped (the next tick looks again; the database says what is due, not the tick), and a failure is logged for the
 * next tick to try again instead of being thrown at the timer service. One instance per timer bean; which node works
 * at all is {@link PeriodicTurns}' decision, not this one's.
 * <p>
 * A failure that lasts (the database restarting) is warned about once, then about once a minute while it lasts, and its
 * end is said: the job sweep ticks four times a second, and a stack trace per tick would bury the log.
 */
public final class TimerTick {

    /** While the work keeps failing, how often the warning is repeated; the ticks between log at FINE. */
    static final Duration REPEAT_WARNING = Duration.ofMinutes(1);

    private final AtomicBoolean running = new AtomicBoolean();
    private final Logger log;
    private final String what;
    private final LongSupplier nanoClock;
    /** Ticks failed in a row; only the tick that holds {@code running} reads or writes it and {@code lastWarning}. */
    private int failing;
    private long lastWarning;

    /** @param what the timer's work in words, as its warning names it ("the job sweep") */
    public TimerTick(Logger log, String what) {
        this(log, what, System::nanoTime);
    }

    TimerTick(Logger log, String what, LongSupplier nanoClock) {
        this.log = Objects.requireNonNull(log);
        this.what = Objects.requireNonNull(what);
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    /** Runs {@code work} unless the previous tick still does. */
    public void run(Runnable work) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            work.run();
            if (failing > 0) {
                log.info(capitalised() + " works again after " + failing + (failing == 1 ? " failed tick" : " failed ticks"));
                failing = 0;
            }
        } catch (RuntimeException | Error e) {
            // An Error too (a class gone with an undeployed application): thrown at a scheduler, it ends its schedule.
            failed(e);
        } finally {
            running.set(false);
        }
    }

    private void failed(Throwable e) {
        failing++;
        long now = nanoClock.getAsLong();
        // Nine tenths: a timer that ticks once a minute warns at every tick, even one a few milliseconds early.
        if (failing == 1 || now - lastWarning >= REPEAT_WARNING.toNanos() / 10 * 9) {
            lastWarning = now;
            String times = failing == 1 ? "" : " (" + failing + " ticks in a row)";
            log.log(Level.WARNING, capitalised() + " failed" + times + "; the next tick tries again", e);
        } else {
            log.log(Level.FINE, capitalised() + " failed again; the next tick tries again", e);
        }
    }

    private String capitalised() {
        return what.substring(0, 1).toUpperCase() + what.substring(1);
    }
}

package com.ecsprovisioner.platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A lasting failure is warned about once a minute, not at every tick, and its end is said. */
class TimerTickTest {

    private final Logger log = Logger.getLogger("TimerTickTest." + System.nanoTime());
    private final List<LogRecord> records = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    TimerTickTest() {
        log.setUseParentHandlers(false);
        log.setLevel(Level.ALL);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @AfterEach
    void detach() {
        for (Handler h : log.getHandlers()) {
            log.removeHandler(h);
        }
    }

    @Test
    void aLastingFailureIsWarnedAboutOnceAMinuteAndItsEndIsSaid() {
        TimerTick tick = new TimerTick(log, "the job sweep", nanos::get);
        Runnable down = () -> {
            throw new IllegalStateException("database down");
        };
        for (int i = 0; i < 4 * 90; i++) {
            tick.run(down);
            nanos.addAndGet(250_000_000L);
        }
        tick.run(() -> { });

        List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
        assertEquals(List.of("The job sweep failed; the next tick tries again",
                "The job sweep failed (217 ticks in a row); the next tick tries again"), warnings);
        assertEquals(4 * 90 - 2, records.stream().filter(r -> r.getLevel() == Level.FINE).count());
        assertEquals("The job sweep works again after 360 failed ticks", records.get(records.size() - 1).getMessage());
        records.clear();
        tick.run(down);
        assertEquals(Level.WARNING, records.get(0).getLevel(), "a new failure after the end is warned about at once");
    }

    @Test
    void aTimerThatTicksOnceAMinuteWarnsAtEveryFailedTickEvenASlightlyEarlyOne() {
        TimerTick tick = new TimerTick(log, "the status sync", nanos::get);
        for (int i = 0; i < 3; i++) {
            tick.run(() -> {
                throw new IllegalStateException("database down");
            });
            nanos.addAndGet(59_995_000_000L);
        }

        assertEquals(3, records.stream().filter(r -> r.getLevel() == Level.WARNING).count());
    }

    @Test
    void anErrorIsCountedAndWarnedAboutLikeAnyFailureAndNeverThrown() {
        TimerTick tick = new TimerTick(log, "the job sweep", nanos::get);
        tick.run(() -> {
            throw new NoClassDefFoundError("com/ecsprovisioner/Gone");
        });
        tick.run(() -> {
            throw new NoClassDefFoundError("com/ecsprovisioner/Gone");
        });

        assertEquals(1, records.stream().filter(r -> r.getLevel() == Level.WARNING).count());
        assertEquals(1, records.stream().filter(r -> r.getLevel() == Level.FINE).count());
    }
}

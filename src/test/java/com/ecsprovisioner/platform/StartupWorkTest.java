package com.ecsprovisioner.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupWorkTest {

    @Test
    void piecesRunAtTheSameTimeOnThreadsOfTheirOwnAndTheWaitEndsWhenAllAreDone() throws Exception {
        StartupWork work = StartupWork.unmanaged();
        // Each piece waits for the other to have begun: in line, on one thread, neither would ever finish.
        CountDownLatch bothBegun = new CountDownLatch(2);
        AtomicReference<Thread> caller = new AtomicReference<>(Thread.currentThread());
        AtomicBoolean onCallersThread = new AtomicBoolean();
        Runnable piece = () -> {
            onCallersThread.compareAndSet(false, Thread.currentThread() == caller.get());
            bothBegun.countDown();
            try {
                if (!bothBegun.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other piece never began");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        work.begin("the broker", piece);
        work.begin("the sandbox", piece);
        assertFalse(work.isDone());

        assertEquals(List.of(), work.awaitAll());

        assertTrue(work.isDone());
        assertFalse(onCallersThread.get());
        assertTrue(work.summary().contains("the broker"), work.summary());
        assertTrue(work.summary().contains("the sandbox"), work.summary());
    }

    @Test
    void aPieceThatWaitsForOthersBeginsOnlyOnceAllOfThemHaveFinished() {
        StartupWork work = StartupWork.unmanaged();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean schemaDone = new AtomicBoolean();
        AtomicBoolean userDone = new AtomicBoolean();
        AtomicBoolean brokerSawBoth = new AtomicBoolean();
        work.begin("the schema", () -> {
            await(release);
            schemaDone.set(true);
        });
        work.begin("the user", () -> userDone.set(true));
        work.after(List.of("the schema", "the user"), "the broker", () -> brokerSawBoth.set(schemaDone.get() && userDone.get()));
        release.countDown();

        assertEquals(List.of(), work.awaitAll());

        assertTrue(brokerSawBoth.get());
    }

    @Test
    void aFailureIsReportedInItsOwnWordsOnlyOnceEveryPieceHasFinished() {
        StartupWork work = StartupWork.unmanaged();
        CountDownLatch slowMayEnd = new CountDownLatch(1);
        AtomicBoolean slowEnded = new AtomicBoolean();
        AtomicBoolean dependentRan = new AtomicBoolean();
        work.begin("the sandbox", () -> {
            throw new IllegalStateException("The sandbox's SSH hosts could not start on port 2222");
        });
        work.begin("the broker", () -> {
            await(slowMayEnd);
            slowEnded.set(true);
        });
        work.after(List.of("the sandbox"), "the sandbox's users", () -> dependentRan.set(true));
        new Thread(() -> {
            sleepQuietly();
            slowMayEnd.countDown();
        }).start();

        List<String> failures = work.awaitAll();

        // Said once, in the failing piece's own words; the piece that waited for it never ran and adds nothing.
        assertEquals(List.of("The sandbox's SSH hosts could not start on port 2222"), failures);
        assertTrue(slowEnded.get(), "the wait ended before the broker's start did: its bean could not stop it");
        assertFalse(dependentRan.get());
        assertFalse(work.isDone());
    }

    @Test
    void waitingForAPieceNeverStartedIsAMistakeSaidAtOnce() {
        StartupWork work = StartupWork.unmanaged();
        IllegalStateException mistake = assertThrows(IllegalStateException.class,
                () -> work.after(List.of("the schema migration"), "the first admin", () -> { }));
        assertEquals("the first admin must wait for the schema migration, which was never started", mistake.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

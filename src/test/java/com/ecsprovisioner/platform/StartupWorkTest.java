package com.ecsprovisioner.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

        assertEquals(Optional.empty(), work.awaitAll());

        assertTrue(work.isDone());
        assertFalse(onCallersThread.get());
        assertTrue(work.summary().contains("the broker"), work.summary());
        assertTrue(work.summary().contains("the sandbox"), work.summary());
    }

    @Test
    void aPieceThatWaitsForOthersBeginsOnlyOnceAllOfThemHaveFinished() throws Exception {
        StartupWork work = StartupWork.unmanaged();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch brokerBegan = new CountDownLatch(1);
        AtomicBoolean schemaDone = new AtomicBoolean();
        AtomicBoolean userDone = new AtomicBoolean();
        AtomicBoolean brokerSawBoth = new AtomicBoolean();
        work.begin("the schema", () -> {
            await(release);
            schemaDone.set(true);
        });
        work.begin("the user", () -> userDone.set(true));
        work.after(List.of("the schema", "the user"), "the broker", () -> {
            brokerBegan.countDown();
            brokerSawBoth.set(schemaDone.get() && userDone.get());
        });

        // Held back while the schema's piece is: given time enough to begin, it has not.
        assertFalse(brokerBegan.await(300, TimeUnit.MILLISECONDS));
        release.countDown();
        assertEquals(Optional.empty(), work.awaitAll());

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

        IllegalStateException failure = work.awaitAll().orElseThrow();

        // Said once, in the failing piece's own words, with its own exception as the cause; the piece that waited for
        // it never ran and adds nothing.
        assertEquals("The sandbox's SSH hosts could not start on port 2222", failure.getMessage());
        assertEquals("The sandbox's SSH hosts could not start on port 2222", failure.getCause().getMessage());
        assertEquals(0, failure.getSuppressed().length);
        assertTrue(slowEnded.get(), "the wait ended before the broker's start did: its bean could not stop it");
        assertFalse(dependentRan.get());
        assertFalse(work.isDone());
    }

    @Test
    void twoFailuresAreBothSaidInTheOrderTheirPiecesBeganTheSecondKeptBesideTheFirst() {
        StartupWork work = StartupWork.unmanaged();
        CountDownLatch sandboxFailed = new CountDownLatch(1);
        // The broker, begun first, fails last.
        work.begin("the broker", () -> {
            await(sandboxFailed);
            throw new IllegalStateException("The embedded broker could not start on tcp://127.0.0.1:61616");
        });
        work.begin("the sandbox", () -> {
            sandboxFailed.countDown();
            throw new IllegalStateException("Cannot start the sandbox cloud API on 127.0.0.1:8089");
        });

        IllegalStateException failure = work.awaitAll().orElseThrow();

        assertEquals("The embedded broker could not start on tcp://127.0.0.1:61616; Cannot start the sandbox cloud API on"
                + " 127.0.0.1:8089", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
    }

    @Test
    void aPieceThatCouldNotEvenBeginIsAFailureNotAPieceDone() {
        // The container's thread factory gives the first thread and then none (it does so once it is shut down).
        AtomicInteger given = new AtomicInteger();
        StartupWork work = StartupWork.with(piece -> given.getAndIncrement() == 0 ? new Thread(piece) : null);
        CountDownLatch release = new CountDownLatch(1);
        work.begin("the schema migration", () -> await(release));
        work.after(List.of("the schema migration"), "the first admin", () -> { });
        release.countDown();

        IllegalStateException failure = work.awaitAll().orElseThrow();

        assertTrue(failure.getMessage().startsWith("the first admin could not run: "), failure.getMessage());
        assertFalse(work.isDone());
    }

    @Test
    void afterTheBeanEndsWhatHasNotBegunIsNotBegunAndWhatRunsIsWaitedFor() {
        StartupWork work = StartupWork.unmanaged();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch migrationRuns = new CountDownLatch(1);
        AtomicBoolean migrationEnded = new AtomicBoolean();
        AtomicBoolean adminRan = new AtomicBoolean();
        work.begin("the schema migration", () -> {
            migrationRuns.countDown();
            await(release);
            migrationEnded.set(true);
        });
        work.after(List.of("the schema migration"), "the first admin", () -> adminRan.set(true));
        new Thread(() -> {
            sleepQuietly();
            release.countDown();
        }).start();
        // The bean ends while the migration runs (a piece whose thread has not yet begun it is not begun at all).
        await(migrationRuns);

        work.stop();

        assertTrue(migrationEnded.get(), "the bean's end did not wait for the running migration");
        assertFalse(adminRan.get(), "work not yet begun was begun after the bean's end");
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

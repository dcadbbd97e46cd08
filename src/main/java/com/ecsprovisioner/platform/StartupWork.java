package com.ecsprovisioner.platform;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;

/**
 * The application's own start-up work (the schema migration, the embedded broker, the sandbox cloud, the first
 * start's two password hashes), each on a thread of its own instead of one after another on the deployment's thread:
 * none needs the others but where said ({@link #after}), and on two cores they overlap (README, Start-up beside a bare
 * Payara Micro). Nothing moves to the first request: {@link StartupGate} waits for all of it before the deployment
 * ends and fails the deployment with each failure, as when they ran in line. An enterprise bean, not a CDI one: the
 * first admin, an enterprise bean's work, failed on threads from a CDI bean's factory while the startup beans ran
 * ({@code NameNotFoundException} for its own {@code java:comp/env} resource), and works on this bean's threads.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class StartupWork {

    private static final Logger LOG = Logger.getLogger(StartupWork.class.getName());

    /** Threads with the application's context (its naming, class loader, transactions), as the container makes them. */
    @Resource
    ManagedThreadFactory managedThreads;

    private ThreadFactory threads;

    private final Map<String, CompletableFuture<Void>> started = new LinkedHashMap<>();
    private final Map<String, Long> millis = new LinkedHashMap<>();
    /** Each piece's own failure; a piece skipped after another's failure has none. */
    private final Map<String, Throwable> failures = new HashMap<>();
    private final long created = System.nanoTime();
    private volatile boolean done;
    private volatile boolean cancelled;

    /** Outside a container (the unit tests): plain threads. */
    public static StartupWork unmanaged() {
        return with(Thread::new);
    }

    static StartupWork with(ThreadFactory threads) {
        StartupWork work = new StartupWork();
        work.threads = threads;
        return work;
    }

    /** Starts {@code work}, named {@code what} in messages ("the embedded broker"), on a thread of its own now. */
    public synchronized void begin(String what, Runnable work) {
        started.put(what, CompletableFuture.runAsync(measured(what, work), this::newThread));
    }

    /**
     * Starts {@code work} once every piece named in {@code before} has finished; not at all when one of them failed,
     * whose own failure says why.
     */
    public synchronized void after(List<String> before, String what, Runnable work) {
        List<CompletableFuture<Void>> firsts = new ArrayList<>();
        for (String first : before) {
            CompletableFuture<Void> piece = started.get(first);
            if (piece == null) {
                throw new IllegalStateException(what + " must wait for " + first + ", which was never started");
            }
            firsts.add(piece);
        }
        started.put(what, CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new))
                .thenRunAsync(measured(what, work), this::newThread));
    }

    /** True once {@code what} has been begun (or waits for the pieces before it). */
    public synchronized boolean begun(String what) {
        return started.containsKey(what);
    }

    /**
     * Waits until every piece has finished or failed. Empty when all of it is done; otherwise one exception whose
     * message is every failure's own, one after another, with the first failure as its cause and the others
     * suppressed. Every piece is waited for even after a failure, so that whatever did start can be stopped by its
     * bean. Returned, not thrown: the container would wrap an exception of this bean's into its own.
     */
    public Optional<IllegalStateException> awaitAll() {
        settle();
        synchronized (this) {
            started.forEach(this::noteUnexplainedFailure);
            // In the order the pieces were begun, so that the same failures always read the same.
            List<Throwable> inOrder = started.keySet().stream().map(failures::get).filter(Objects::nonNull).toList();
            if (!inOrder.isEmpty()) {
                IllegalStateException failure = new IllegalStateException(String.join("; ",
                        inOrder.stream().map(StartupWork::message).toList()), inOrder.get(0));
                inOrder.stream().skip(1).forEach(failure::addSuppressed);
                return Optional.of(failure);
            }
            LOG.info(this::summary);
        }
        done = true;
        return Optional.empty();
    }

    /**
     * True once all of it is done: the timers, which the container starts while the deployment still runs, skip
     * their ticks until then ({@link SkipTicksUntilStarted}).
     */
    public boolean isDone() {
        return done;
    }

    /** Waits until every piece has finished or failed, without a word: before a bean stops what it started. */
    public void settle() {
        List<CompletableFuture<Void>> all;
        synchronized (this) {
            all = new ArrayList<>(started.values());
        }
        for (CompletableFuture<Void> piece : all) {
            try {
                piece.join();
            } catch (RuntimeException failedOrSkipped) {
                // Recorded by measured() or by awaitAll(); a piece skipped after its predecessor's failure has nothing of its own.
            }
        }
    }

    /**
     * A deployment that fails before the gate (another startup bean threw) ends here: what has not begun is not begun
     * any more, and what runs is waited for, so that the process does not end in the middle of a migration.
     */
    @PreDestroy
    void stop() {
        cancelled = true;
        settle();
    }

    /** "Application start-up work done in 2.1 s, side by side: the schema migration 0.9 s, the embedded broker 1.0 s, …". */
    synchronized String summary() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Application start-up work done in %.1f s, side by side:",
                (System.nanoTime() - created) / 1e9));
        millis.forEach((what, ms) -> text.append(String.format(Locale.ROOT, " %s %.1f s,", what, ms / 1000.0)));
        text.setLength(text.length() - 1);
        return text.toString();
    }

    /** A piece that failed without running its work (no thread for it, say) would otherwise pass for done. */
    private void noteUnexplainedFailure(String what, CompletableFuture<Void> piece) {
        if (!piece.isCompletedExceptionally()) {
            return;
        }
        Throwable cause = piece.handle((ignored, thrown) -> thrown instanceof CompletionException c && c.getCause() != null
                ? c.getCause() : thrown).join();
        if (!failures.containsValue(cause)) {
            failures.put(what, new IllegalStateException(what + " could not run: " + cause, cause));
        }
    }

    private Runnable measured(String what, Runnable work) {
        return () -> {
            if (cancelled) {
                return;
            }
            long start = System.nanoTime();
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    failures.put(what, e);
                }
                throw e;
            } finally {
                synchronized (this) {
                    millis.put(what, (System.nanoTime() - start) / 1_000_000);
                }
            }
        };
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    private Thread newThread(Runnable work) {
        Thread thread = (threads != null ? threads : managedThreads).newThread(work);
        if (thread == null) {
            throw new IllegalStateException("the container gave no thread for the application's start-up work");
        }
        thread.start();
        return thread;
    }
}

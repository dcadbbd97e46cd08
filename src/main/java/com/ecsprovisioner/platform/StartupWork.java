package com.ecsprovisioner.platform;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;

/**
 * The application's own start-up work (the schema migration, the embedded broker, the sandbox cloud, the first
 * start's password hash), each on a thread of its own instead of one after another on the deployment's thread: none
 * needs the others but where said ({@link #after}), and on two cores they overlap (README, Start-up beside a bare
 * Payara Micro). Nothing moves to the first request: {@link StartupGate} waits for all of it before the deployment
 * ends and fails the deployment with each failure's own message, as when they ran in line. An enterprise bean, not a
 * CDI one: its threads carry the naming context of the beans' module, which exists while the startup beans run, where
 * the web module's does not yet (an enterprise bean created on such a thread could not look up its resources).
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
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final long begun = System.nanoTime();
    private volatile boolean done;

    /** Outside a container (the unit tests): plain threads. */
    public static StartupWork unmanaged() {
        StartupWork work = new StartupWork();
        work.threads = Thread::new;
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

    /** True once {@code what} has been begun (or is waiting for the pieces before it). */
    public synchronized boolean begun(String what) {
        return started.containsKey(what);
    }

    /**
     * Waits until every piece has finished or failed and returns the failures' messages, in the order they were
     * begun; none when all of it is done. Every piece is waited for even after a failure, so that whatever did start
     * is stopped by its bean's own end. (Returned rather than thrown: the container would wrap an exception of this
     * bean's into its own and log it whole.)
     */
    public List<String> awaitAll() {
        settle();
        synchronized (this) {
            if (!failures.isEmpty()) {
                return List.copyOf(failures.values());
            }
            LOG.info(this::summary);
        }
        done = true;
        return List.of();
    }

    /**
     * True once all of it is done: the timers, which the container starts while the deployment still runs, skip
     * their ticks until then (the schema may not be current yet, nor the broker running).
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
                // Recorded by measured(); a piece skipped after its predecessor's failure has nothing of its own.
            }
        }
    }

    /** "Application start-up work done in 2.1 s: the schema migration 0.9 s, the embedded broker 1.0 s, …". */
    synchronized String summary() {
        StringBuilder text = new StringBuilder(String.format("Application start-up work done in %.1f s, side by side:",
                (System.nanoTime() - begun) / 1e9));
        millis.forEach((what, ms) -> text.append(String.format(" %s %.1f s,", what, ms / 1000.0)));
        text.setLength(text.length() - 1);
        return text.toString();
    }

    private Runnable measured(String what, Runnable work) {
        return () -> {
            long start = System.nanoTime();
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    failures.put(what, e.getMessage() == null ? what + " failed: " + e : e.getMessage());
                }
                throw e;
            } finally {
                synchronized (this) {
                    millis.put(what, (System.nanoTime() - start) / 1_000_000);
                }
            }
        };
    }

    private Thread newThread(Runnable work) {
        Thread thread = (threads != null ? threads : managedThreads).newThread(work);
        thread.start();
        return thread;
    }
}

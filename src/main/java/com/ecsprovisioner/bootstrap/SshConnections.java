package com.ecsprovisioner.bootstrap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * SSH connections kept open between the calls to one server, so that looking at a running bootstrap every few
 * seconds costs two commands on an open connection instead of a new connection each time (a key exchange and a
 * login on both sides: with 100 bootstraps at once, most of the CPU the looks took, and the reason they could not
 * come more often near a run's end).
 * <p>
 * A connection is handed out to one caller at a time and comes back when the caller closes it; it is used again
 * only for the same login (host, port, user, key: {@link SshTarget#login()}) with the same time-outs, only when the
 * target has a pinned host key and the connection was made to a server showing that very key, and only while it is
 * still up (a target without a pin, on first contact or after a person accepted a new host key, closes the kept one).
 * A connection on which a call failed is not kept ({@link SshConnection#wentStale()} tells the caller when a failure
 * on a kept connection is worth one more try on a new one). Kept connections hold no private key (it is
 * wiped after the login) and live on this node only: another node that advances the same job opens its own, and a
 * lost node loses nothing but its open connections.
 * <p>
 * One idle for {@code keepFor} is closed (by {@link #closeIdle()}, which the pool's own timer runs when it has one,
 * and at every use of the pool), as is one that ended by itself (a connection silent for a command time-out ends,
 * {@link SshConnection}); at most {@code maxIdle} are kept, the oldest closed first. Thread-safe.
 */
public final class SshConnections implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SshConnections.class.getName());

    /** At least this long, and three looks at the bootstrap's pace: long enough for the next look, short enough to free a server soon. */
    public static final Duration KEEP_AT_LEAST = Duration.ofSeconds(15);
    /** A connection silent for a command time-out (60 s by default) ends by itself: keeping one longer gains nothing. */
    public static final Duration KEEP_AT_MOST = SshTimeouts.defaults().command();
    /** Each kept connection holds a socket and JSch's reading thread. */
    public static final int MAX_IDLE = 256;

    private final long keepForNanos;
    private final int maxIdle;
    private final LongSupplier nanoClock;
    /** Idle connections by login, oldest hand-back first. Guarded by {@code this}. */
    private final Map<Key, Idle> idle = new LinkedHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private boolean closed;
    /** Closes idle connections on time even while nothing uses the pool; null in tests that drive the clock. */
    private volatile ScheduledExecutorService timer;

    private record Key(String login, SshTimeouts timeouts) {
    }

    private record Idle(SshConnection connection, long since) {
    }

    public SshConnections(Duration keepFor, int maxIdle, LongSupplier nanoClock) {
        if (keepFor == null || keepFor.isNegative() || maxIdle < 0) {
            throw new IllegalArgumentException("keepFor must not be negative and maxIdle not below 0");
        }
        this.keepForNanos = keepFor.toNanos();
        this.maxIdle = maxIdle;
        this.nanoClock = nanoClock;
    }

    /**
     * Connections kept for three looks at {@code pace} ({@code ecs.provisioning.poll.bootstrap}), at least
     * {@link #KEEP_AT_LEAST} and at most {@link #KEEP_AT_MOST}, at most {@link #MAX_IDLE} of them, on the system's clock, with a timer that
     * closes idle ones on time. The timer only closes sockets and needs no container context, so it runs on a daemon
     * thread of its own, as JSch's reading threads do: neither may hold up the end of the process.
     */
    public static SshConnections forPace(Duration pace) {
        Duration keepFor = pace.multipliedBy(3).compareTo(KEEP_AT_LEAST) > 0 ? pace.multipliedBy(3) : KEEP_AT_LEAST;
        if (keepFor.compareTo(KEEP_AT_MOST) > 0) {
            keepFor = KEEP_AT_MOST;
        }
        SshConnections pool = new SshConnections(keepFor, MAX_IDLE, System::nanoTime);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "ecs-kept-ssh-connections");
            thread.setDaemon(true);
            return thread;
        });
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long every = Math.max(1, keepFor.toMillis() / 3);
        timer.scheduleWithFixedDelay(pool::closeIdleQuietly, every, every, TimeUnit.MILLISECONDS);
        pool.timer = timer;
        return pool;
    }

    /**
     * A connection to the target: one kept from an earlier call when it qualifies (see the class comment), else a
     * new one. Close it when done: that hands it back.
     *
     * @throws SshFailure as {@link SshConnection#open} when a new connection is needed and cannot be made
     */
    public SshConnection open(SshTarget target, SshTimeouts timeouts) throws SshFailure {
        Key key = new Key(target.login(), timeouts);
        // Only a pinned key is trusted on a kept connection: on first contact, and after a person accepted a rebuilt
        // server's new key (which clears the pin), the server is asked afresh which key it shows.
        HostKeyPin pinned = target.pinnedHostKey() == null ? null : HostKeyPin.parse(target.pinnedHostKey());
        List<SshConnection> stale = new ArrayList<>();
        SshConnection kept = null;
        synchronized (this) {
            expire(stale);
            Idle candidate = idle.remove(key);
            if (candidate != null) {
                if (pinned != null && candidate.connection().isOpen() && pinned.sameKey(candidate.connection().hostKey())) {
                    kept = candidate.connection();
                } else {
                    stale.add(candidate.connection());
                }
            }
        }
        stale.forEach(SshConnection::disconnect);
        if (kept != null) {
            return kept.lendAgain();
        }
        SshConnection fresh = SshConnection.open(target, timeouts, this);
        opened.incrementAndGet();
        return fresh;
    }

    /** Closes the connections idle for {@code keepFor} or already ended. */
    public void closeIdle() {
        List<SshConnection> stale = new ArrayList<>();
        synchronized (this) {
            expire(stale);
        }
        stale.forEach(SshConnection::disconnect);
    }

    private void closeIdleQuietly() {
        try {
            closeIdle();
        } catch (RuntimeException e) {
            // A timer task that throws is never run again; the next use of the pool closes what this one did not.
            LOG.warning(() -> "SSH: closing idle connections failed: " + e);
        }
    }

    /** How many connections this pool has opened: what a kept connection saves shows here. */
    public long opened() {
        return opened.get();
    }

    /** How many connections are kept idle right now. */
    public synchronized int idle() {
        return idle.size();
    }

    /** From {@link SshConnection#close()}: keeps it for the next call to the same login, or ends it. */
    void keep(SshConnection connection) {
        Key key = new Key(connection.login(), connection.timeouts());
        List<SshConnection> surplus = new ArrayList<>();
        synchronized (this) {
            expire(surplus);
            if (closed || maxIdle == 0 || idle.containsKey(key)) {
                // A second connection to the same server (two calls at once) is not worth keeping.
                surplus.add(connection);
            } else {
                while (idle.size() >= maxIdle) {
                    Iterator<Idle> oldest = idle.values().iterator();
                    surplus.add(oldest.next().connection());
                    oldest.remove();
                }
                idle.put(key, new Idle(connection, nanoClock.getAsLong()));
            }
        }
        surplus.forEach(SshConnection::disconnect);
    }

    /** Ends every kept connection; connections lent out end when their callers close them. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        List<SshConnection> all;
        synchronized (this) {
            closed = true;
            all = idle.values().stream().map(Idle::connection).toList();
            idle.clear();
        }
        all.forEach(SshConnection::disconnect);
        if (!all.isEmpty()) {
            LOG.fine(() -> "SSH: closed " + all.size() + " kept connections");
        }
    }

    /** Moves the connections idle too long or already down into {@code into}; the caller ends them outside the lock. */
    private void expire(List<SshConnection> into) {
        long now = nanoClock.getAsLong();
        Iterator<Idle> it = idle.values().iterator();
        while (it.hasNext()) {
            Idle entry = it.next();
            if (now - entry.since() >= keepForNanos || !entry.connection().isOpen()) {
                into.add(entry.connection());
                it.remove();
            }
        }
    }
}

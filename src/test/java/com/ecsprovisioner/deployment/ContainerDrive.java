package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobTurns;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.Resends;
import com.ecsprovisioner.engine.SweepRound;
import com.ecsprovisioner.engine.Wakes;
import com.ecsprovisioner.platform.TimerTick;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.testsupport.EntityIds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * An {@link EngineHarness}'s deployments driven as the container drives them, with the engine's own turn
 * ({@link JobTurns}) and sweep ({@link SweepRound}): each new job gets an "advance" message, and each write-back the
 * message {@link Wakes} gives it, held until its delay is over as the broker holds it; {@code consumers} threads take
 * messages from one queue (the {@code JobConsumer}'s {@code maxSession}); a timer every {@code sweep}
 * (the {@code JobSweep}'s period, {@code ecs.provisioning.sweep}) after the last sweep ended, as the container's
 * {@code JobSweep} ticks ({@link TimerTick} around it), runs the sweep over the jobs due then. The database is one lock: a claim, a
 * write-back and the sweep's query each hold it, as each is a short transaction in the container; cloud calls and SSH
 * sessions run outside it. What the messages and the sweep do is not simulated, only their transport. The sweep reads
 * the due jobs themselves, not copies as the container's query does: a job it batches may be written by a consumer
 * meanwhile (rare; a failed tick is logged and the next one tries again).
 * <p>
 * It also records, per job, where its time went: how long each turn waited between the job's being due and its claim
 * (for the sweep's next tick, then for a free consumer), and how long each step's execution took between claim and
 * write-back.
 */
final class ContainerDrive implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ContainerDrive.class.getName());

    /** One claim of a job: when it was due, when a sweep saw it due (null: woken by a message), claim and write-back. */
    record Turn(StepName step, Instant due, Instant seenBySweep, Instant claimed, Instant written) {

        /** Due until the sweep's tick saw it (zero for a turn a message started). */
        Duration tickWait() {
            return seenBySweep == null ? Duration.ZERO : positive(Duration.between(due, seenBySweep));
        }

        /** From the sweep's tick (or from being due) to the claim: waiting for a free consumer or the sweep's thread. */
        Duration queueWait() {
            return positive(Duration.between(seenBySweep == null ? due : later(due, seenBySweep), claimed));
        }

        Duration execution() {
            return written == null ? Duration.ZERO : Duration.between(claimed, written);
        }
    }

    private final EngineHarness h;
    private final ReentrantLock database = new ReentrantLock();
    private final DelayQueue<Message> messages = new DelayQueue<>();
    private final JobTurns turns;
    private final ExecutorService consumers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final TimerTick tick = new TimerTick(LOG, "the benchmark's sweep");
    private final Map<Long, List<Turn>> turnsByJob = new ConcurrentHashMap<>();
    private final Map<Long, Instant> seenDue = new HashMap<>();
    /** The earliest delivery of a message sent for each job and not taken yet: a job it wakes is not the sweep's to wake. */
    private final Map<Long, Instant> pendingWake = new ConcurrentHashMap<>();
    private final Map<Long, Turn> open = new HashMap<>();
    final AtomicInteger sweeps = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    private volatile boolean closed;

    ContainerDrive(EngineHarness h, int consumerCount, Duration sweepPeriod) {
        this.h = h;
        this.turns = new JobTurns(new MemoryClaims(), h.handlers, (profile, region) -> h.cloud);
        consumers = Executors.newFixedThreadPool(consumerCount);
        for (int i = 0; i < consumerCount; i++) {
            consumers.execute(this::consume);
        }
        SweepRound round = new SweepRound(h.handlers, (profile, region) -> h.cloud,
                ids -> ids.forEach(id -> send(id, Duration.ZERO)), turns::advance, new Resends());
        long period = sweepPeriod.toMillis();
        // As JobSweep schedules it: each sweep a period after the last one ended, on one thread.
        timer.scheduleWithFixedDelay(() -> tick.run(() -> {
            sweeps.incrementAndGet();
            round.run(due());
        }), period, period, TimeUnit.MILLISECONDS);
    }

    /** What a boundary does: the server and its job written, then "advance" sent. */
    Job deploy(DeployRequest request) {
        Job job;
        database.lock();
        try {
            job = h.deploy(request);
            // The harness keys jobs by their server's id; the messages carry the job's id, as the container's do.
            EntityIds.assign(job, job.getServerId());
        } finally {
            database.unlock();
        }
        send(job.getId(), Duration.ZERO);
        return job;
    }

    /** Waits until none of {@code jobs} is active any more. */
    void awaitSettled(List<Job> jobs, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            database.lock();
            try {
                if (jobs.stream().noneMatch(j -> j.getState().isActive())) {
                    return;
                }
            } finally {
                database.unlock();
            }
            EngineHarness.pause(100);
        }
        throw new AssertionError("jobs still active after " + limit + ": " + h.describe());
    }

    List<Turn> turnsOf(Job job) {
        return turnsByJob.getOrDefault(job.getId(), List.of());
    }

    private void consume() {
        while (!closed) {
            Long jobId;
            try {
                Message m = messages.poll(200, TimeUnit.MILLISECONDS);
                jobId = m == null ? null : m.jobId();
                if (jobId != null) {
                    pendingWake.remove(jobId);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (jobId == null) {
                continue;
            }
            try {
                turns.advance(jobId, null);
            } catch (RuntimeException e) {
                // The consumer rethrows and the broker redelivers; the claim, kept, runs out and the sweep takes it.
                failures.incrementAndGet();
                LOG.warning("Job " + jobId + ": " + e);
            }
        }
    }

    /** The sweep's query: the jobs due now, oldest first, bounded as the container's is. */
    private List<Job> due() {
        database.lock();
        try {
            Instant now = Instant.now();
            List<Job> due = h.jobs.values().stream().filter(j -> j.isDue(now))
                    .sorted(Comparator.comparing(Job::getNextRunAt)).limit(500).toList();
            for (Job j : due) {
                Instant message = pendingWake.get(j.getId());
                if (message == null || message.isAfter(now)) {
                    // Only a job no message has come for yet is waiting for the sweep's tick.
                    seenDue.putIfAbsent(j.getId(), now);
                }
            }
            return new ArrayList<>(due);
        } finally {
            database.unlock();
        }
    }

    /** The claims and write-backs of {@code JobWorker}, on the harness's jobs in memory. */
    private final class MemoryClaims implements JobTurns.Claims {

        @Override
        public Optional<JobTurns.Claimed> claim(long jobId) {
            database.lock();
            try {
                Job job = h.jobs.get(jobId);
                Instant now = Instant.now();
                Instant due = job == null ? null : job.getNextRunAt();
                Optional<String> claim = job == null ? Optional.empty() : job.claim(now, h.process.settings().lease());
                if (claim.isEmpty()) {
                    return Optional.empty();
                }
                Instant seen = seenDue.remove(jobId);
                Server server = h.serverOf(job);
                h.prepare(job, server, now);
                open.put(jobId, new Turn(job.getCurrentStep(), due, seen != null && !seen.isBefore(due) ? seen : null, now, null));
                return Optional.of(new JobTurns.Claimed(claim.get(), job, server));
            } finally {
                database.unlock();
            }
        }

        @Override
        public JobTurns.Written apply(long jobId, String claimId, Outcome outcome, boolean handOver) {
            database.lock();
            try {
                Job job = h.jobs.get(jobId);
                if (job == null || !job.holdsClaim(claimId)) {
                    return JobTurns.Written.LOST;
                }
                Instant now = Instant.now();
                outcome.applyTo(job, h.serverOf(job), now);
                job.releaseClaim();
                Turn t = open.remove(jobId);
                turnsByJob.computeIfAbsent(jobId, id -> new ArrayList<>())
                        .add(new Turn(t.step(), t.due(), t.seenBySweep(), t.claimed(), now));
                // A job written back is no longer what an earlier sweep saw due.
                seenDue.remove(jobId);
                return new JobTurns.Written(true, Wakes.after(job, now, handOver, h.handlers).orElse(null));
            } finally {
                database.unlock();
            }
        }

        @Override
        public void wake(long jobId, Duration delay) {
            send(jobId, delay);
        }

        @Override
        public void recordCrash(long jobId, String claimId, RuntimeException error) {
            database.lock();
            try {
                Job job = h.jobs.get(jobId);
                if (job != null && job.holdsClaim(claimId)) {
                    job.recordInternalError(error.toString(), h.process.settings().lease(), Instant.now());
                }
                open.remove(jobId);
            } finally {
                database.unlock();
            }
        }
    }

    /** A message on the queue, delivered {@code delay} after it was sent (the broker's scheduled delivery). */
    private record Message(long jobId, long deliverAtNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deliverAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(deliverAtNanos, ((Message) other).deliverAtNanos);
        }
    }

    private void send(long jobId, Duration delay) {
        pendingWake.merge(jobId, Instant.now().plus(delay), (a, b) -> a.isBefore(b) ? a : b);
        messages.add(new Message(jobId, System.nanoTime() + delay.toNanos()));
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        consumers.shutdownNow();
        try {
            consumers.awaitTermination(30, TimeUnit.SECONDS);
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.server.Server;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One turn of a job, as plain Java: claim, call the cloud, write back, and again while the next step is due at once;
 * it stops at the first wait. {@link JobAdvancer} runs it with {@link JobWorker}'s transactions as its {@link Claims};
 * a benchmark runs the very same turn with claims kept in memory, so that what it measures is the engine's own loop.
 */
public final class JobTurns {

    private static final Logger LOG = Logger.getLogger(JobTurns.class.getName());

    /** A bound on one turn, so that a job that never waits (a bug) cannot hold a thread for ever. */
    static final int MAX_STEPS_PER_TURN = 40;

    /** The two short transactions around a step (and the one that records a crash), whoever keeps the jobs. */
    public interface Claims {

        /** The job claimed and prepared if it is due and nobody holds it; empty otherwise. */
        Optional<Claimed> claim(long jobId);

        /**
         * Writes a step's outcome and says when the job's next "advance" message is due ({@link Wakes}), or that the
         * claim was lost meanwhile. {@code handOver}: a job the outcome leaves due at once goes to a consumer.
         */
        Written apply(long jobId, String claimId, Outcome outcome, boolean handOver);

        /** Sends the job's "advance" message, delivered after {@code delay}. */
        void wake(long jobId, Duration delay);

        /** A step failed with an error of ours: the job keeps its claim (see {@link JobWorker#recordCrash}). */
        void recordCrash(long jobId, String claimId, RuntimeException error);
    }

    /** A claimed job and its server, to be used (read only) outside the claim's transaction. */
    public record Claimed(String claimId, Job job, Server server) {
    }

    /**
     * A write-back: whether the claim still held, and after how long the job's "advance" message is due (null: it
     * needs none).
     */
    public record Written(boolean held, Duration wake) {
        public static final Written LOST = new Written(false, null);
    }

    private final Claims claims;
    private final JobHandlers handlers;
    private final BiFunction<Long, String, CloudRegion> clouds;

    /** @param clouds the cloud of a profile (by id) in a region, for jobs whose handler uses the cloud */
    public JobTurns(Claims claims, JobHandlers handlers, BiFunction<Long, String, CloudRegion> clouds) {
        this.claims = Objects.requireNonNull(claims);
        this.handlers = Objects.requireNonNull(handlers);
        this.clouds = Objects.requireNonNull(clouds);
    }

    /**
     * A consumer's turn ({@code batched} null) goes on while the next step is due at once. The sweep's turn (with its
     * batch of looks) does the one step it looked for and hands a job that can go on to the consumers: the sweep is
     * one thread for every waiting job of the node, and the steps after a wait may be long (the SSH probe, the
     * bootstrap's upload and start); done there, one after another, they held up every other job's look and the
     * sweep's next ticks, while the consumers' sessions stood idle.
     *
     * @param batched the sweep's batch of looks for the first step (null: look directly)
     * @return how many steps were written back
     */
    public int advance(long jobId, CloudObservations batched) {
        int steps = 0;
        while (steps < MAX_STEPS_PER_TURN) {
            Optional<Claimed> claimed;
            try {
                claimed = claims.claim(jobId);
            } catch (RuntimeException e) {
                if (isConflict(e)) {
                    LOG.fine(() -> "Job " + jobId + " was claimed by someone else at the same moment");
                    return steps;
                }
                throw e;
            }
            if (claimed.isEmpty()) {
                return steps;
            }
            Claimed c = claimed.get();
            Written written;
            try {
                // A job whose steps only talk SSH (a custom server's bootstrap) has no cloud account to open.
                JobHandler handler = handlers.forJob(c.job());
                CloudRegion cloud = handler.usesCloud(c.job()) ? clouds.apply(c.job().getProfileId(), c.job().plan().regionId()) : null;
                CloudObservations seen = batched != null && steps == 0 ? batched
                        : cloud == null ? null : CloudObservations.direct(cloud);
                Outcome outcome = handler.execute(c.job(), c.server(), cloud, seen, Instant.now());
                written = writeBack(jobId, c.claimId(), outcome, batched != null);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Job " + jobId + " failed in step " + c.job().getCurrentStep(), e);
                claims.recordCrash(jobId, c.claimId(), e);
                throw e;
            }
            if (!written.held()) {
                LOG.warning(() -> "Job " + jobId + ": the claim ran out before the step's result was written; the step runs again"
                        + " (its client token makes a repeated create return the same resource)");
                return steps;
            }
            if (written.wake() != null) {
                wake(jobId, written.wake());
            }
            steps++;
            if (batched != null) {
                return steps;
            }
        }
        LOG.warning("Job " + jobId + " did not wait after " + MAX_STEPS_PER_TURN + " steps in one turn; the sweep continues it");
        return steps;
    }

    /**
     * Sent after the write-back has committed, never in its transaction: a broker that does not answer must not undo
     * a step the cloud has done, nor count as the job's crash. The message only wakes; without it the sweep finds the
     * job due within its period.
     */
    private void wake(long jobId, Duration delay) {
        try {
            claims.wake(jobId, delay);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Job " + jobId + "'s wake-up could not be sent (" + e.getMessage() + "); the sweep takes it up"
                    + " when it is due");
        }
    }

    /** A cancel committed while the step ran bumps the version: read again and apply once more. */
    private Written writeBack(long jobId, String claimId, Outcome outcome, boolean handOver) {
        for (int attempt = 1; ; attempt++) {
            try {
                return claims.apply(jobId, claimId, outcome, handOver);
            } catch (RuntimeException e) {
                if (!isConflict(e) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("OptimisticLockException")) {
                return true;
            }
        }
        return false;
    }
}

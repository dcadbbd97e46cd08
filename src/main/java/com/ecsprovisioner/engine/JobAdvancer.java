package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves one job as far as it can go now: claim, call the cloud, write back, and again while the next step is due
 * at once; it stops at the first wait. Runs outside any transaction (each claim and write-back is its own, in
 * {@link JobWorker}). Whoever asks — the consumer of "advance job N" or the sweep — gets a no-op when the job is
 * not due or someone else holds it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobAdvancer {

    private static final Logger LOG = Logger.getLogger(JobAdvancer.class.getName());

    /** A bound on one turn, so that a job that never waits (a bug) cannot hold a thread for ever. */
    static final int MAX_STEPS_PER_TURN = 40;

    @EJB
    JobWorker worker;

    @Inject
    JobHandlers handlers;

    @Inject
    TargetsLookup targets;

    /**
     * @param batched the sweep's batch of looks for the first step (null: look directly)
     * @return how many steps were written back
     */
    public int advance(long jobId, CloudObservations batched) {
        if (!targets.available()) {
            LOG.warning(() -> "Job " + jobId + " waits: no provider profiles are set up");
            return 0;
        }
        int steps = 0;
        while (steps < MAX_STEPS_PER_TURN) {
            Optional<JobWorker.Claimed> claimed;
            try {
                claimed = worker.claim(jobId);
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
            JobWorker.Claimed c = claimed.get();
            boolean written;
            try {
                // A job whose steps only talk SSH (a custom server's bootstrap) has no cloud account to open.
                JobHandler handler = handlers.forJob(c.job());
                CloudRegion cloud = handler.usesCloud(c.job()) ? targets.get().cloudFor(c.job().getProfileId(), c.job().plan().regionId()) : null;
                CloudObservations seen = batched != null && steps == 0 ? batched
                        : cloud == null ? null : CloudObservations.direct(cloud);
                Outcome outcome = handler.execute(c.job(), c.server(), cloud, seen, Instant.now());
                written = writeBack(jobId, c.claimId(), outcome);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Job " + jobId + " failed in step " + c.job().getCurrentStep(), e);
                worker.recordCrash(jobId, c.claimId(), e);
                throw e;
            }
            if (!written) {
                LOG.warning(() -> "Job " + jobId + ": the claim ran out before the step's result was written; the step runs again"
                        + " (its client token makes a repeated create return the same resource)");
                return steps;
            }
            steps++;
        }
        LOG.warning("Job " + jobId + " did not wait after " + MAX_STEPS_PER_TURN + " steps in one turn; the sweep continues it");
        return steps;
    }

    /** A cancel committed while the step ran bumps the version: read again and apply once more. */
    private boolean writeBack(long jobId, String claimId, Outcome outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                return worker.apply(jobId, claimId, outcome);
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

package com.ecsprovisioner.engine;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Moves one job as far as it can go now ({@link JobTurns}), each claim and write-back a transaction of its own in
 * {@link JobWorker}. Runs outside any transaction. Whoever asks — the consumer of "advance job N" or the sweep — gets
 * a no-op when the job is not due or someone else holds it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobAdvancer {

    private static final Logger LOG = Logger.getLogger(JobAdvancer.class.getName());

    @EJB
    JobWorker worker;

    @Inject
    JobHandlers handlers;

    @Inject
    TargetsLookup targets;

    @Inject
    JobQueue queue;

    private JobTurns turns;

    @PostConstruct
    void init() {
        // An adapter rather than JobWorker implementing Claims: a bean with an interface would lose its no-interface view.
        turns = new JobTurns(new JobTurns.Claims() {
            @Override
            public Optional<JobTurns.Claimed> claim(long jobId) {
                return worker.claim(jobId);
            }

            @Override
            public JobTurns.Written apply(long jobId, String claimId, Outcome outcome, boolean handOver) {
                return worker.apply(jobId, claimId, outcome, handOver);
            }

            @Override
            public void wake(long jobId, Duration delay) {
                queue.advance(jobId, delay);
            }

            @Override
            public void recordCrash(long jobId, String claimId, RuntimeException error) {
                worker.recordCrash(jobId, claimId, error);
            }
        }, handlers, (profileId, regionId) -> targets.get().cloudFor(profileId, regionId));
    }

    /**
     * @param batched the sweep's batch of looks for the first step (null: look directly)
     * @return how many steps were written back
     */
    public int advance(long jobId, CloudObservations batched) {
        if (!targets.available()) {
            LOG.warning(() -> "Job " + jobId + " waits: no provider profiles are set up");
            return 0;
        }
        return turns.advance(jobId, batched);
    }
}

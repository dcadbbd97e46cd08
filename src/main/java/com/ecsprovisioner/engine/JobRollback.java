package com.ecsprovisioner.engine;

import com.ecsprovisioner.server.IllegalTransition;

import java.time.Duration;
import java.time.Instant;

import static com.ecsprovisioner.engine.JobState.FAILED;
import static com.ecsprovisioner.engine.JobState.QUEUED;
import static com.ecsprovisioner.engine.JobState.ROLLBACK_FAILED;
import static com.ecsprovisioner.engine.JobState.ROLLED_BACK;
import static com.ecsprovisioner.engine.JobState.ROLLING_BACK;
import static com.ecsprovisioner.engine.JobState.RUNNING;
import static com.ecsprovisioner.engine.JobState.SUCCEEDED;

/**
 * A job's cancel and rollback as its handler drives them: a cancel asked for, the rollback begun, finished or
 * stopped. What is recorded is the job's {@link RollbackProgress} columns and its state; this class checks each move
 * against the job's state (the job's guard, as before the split) and notes it on the job and in its log.
 */
public final class JobRollback {

    private final Job job;
    private final RollbackProgress progress;

    JobRollback(Job job, RollbackProgress progress) {
        this.job = job;
        this.progress = progress;
    }

    /** Asks a queued or running job to stop and delete what it created; it does so at its next run, due now. */
    public void requestCancel(Instant now) {
        job.require("cancel", QUEUED, RUNNING);
        if (progress.requestCancel()) {
            job.log(now, JobLogEntry.Level.WARN, "Cancel requested: the job will delete what it created");
        }
        job.dueAt(now, now);
    }

    public boolean isCancelRequested() {
        return progress.isCancelRequested();
    }

    /**
     * Starts deleting what the job created: after a failure, after a failed rollback, for a cancel, or to take back
     * a job that succeeded. Whether a kind rolls back at all is its handler's decision.
     */
    public void begin(Instant now, Duration deadline) {
        JobState state = job.getState();
        if (!(state == FAILED || state == ROLLBACK_FAILED || state == SUCCEEDED
                || (state.isActive() && state != ROLLING_BACK && isCancelRequested()))) {
            throw new IllegalTransition("job " + job.getId(), state, "roll back");
        }
        job.reopen(ROLLING_BACK, now);
        progress.begin(now, deadline);
        job.log(now, JobLogEntry.Level.INFO, isCancelRequested() ? "Cancelling: deleting what the job created" : "Rolling back: deleting what the job created");
    }

    /** Every resource the job created is deleted. */
    public void done(Instant now) {
        job.require("finish the rollback of", ROLLING_BACK);
        job.finish(ROLLED_BACK, now);
        job.log(now, JobLogEntry.Level.INFO, "Rolled back: every resource the job created is deleted");
    }

    public void failed(String reason, String code, String requestId, Instant now) {
        job.require("fail the rollback of", ROLLING_BACK);
        JobFailure failure = job.stopWith(ROLLBACK_FAILED, new JobFailure(reason, code, requestId), now);
        job.log(now, JobLogEntry.Level.ERROR, failure.describe("Rollback stopped: " + reason));
    }

    public boolean isPastDeadline(Instant now) {
        return progress.isPastDeadline(now);
    }

    /** Until when the rollback may run; null before it began. */
    public Instant deadline() {
        return progress.deadline();
    }

    /** The rollback's next retry, counted from the first (for its back-off). */
    public int attempt() {
        return progress.attempt();
    }
}

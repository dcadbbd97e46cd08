package com.ecsprovisioner.engine;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.Duration;
import java.time.Instant;

/**
 * A job's cancel and rollback: whether a person asked to cancel it, until when its rollback may run, and what its
 * rollback counted (transient failures for the back-off, errors of ours to stop it). Same columns as before it was
 * split out of {@link Job}; the job's state says whether it is rolling back.
 */
@Embeddable
public class RollbackProgress {

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "rollback_deadline")
    private Instant deadline;

    /** Retries of the rollback after transient failures: the rollback's back-off grows with them. */
    @Column(name = "rollback_retries", nullable = false)
    private int retries;

    /** Errors of ours during the rollback (a step's are counted on the step): the third stops the rollback. */
    @Column(name = "rollback_internal_errors", nullable = false)
    private int internalErrors;

    /** Marks the cancel; true when it was not asked before. */
    boolean requestCancel() {
        boolean first = !cancelRequested;
        cancelRequested = true;
        return first;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    void begin(Instant now, Duration allowed) {
        deadline = now.plus(allowed);
    }

    Instant deadline() {
        return deadline;
    }

    public boolean isPastDeadline(Instant now) {
        return deadline != null && now.isAfter(deadline);
    }

    /** The rollback's next retry, counted from the first (for its back-off). */
    public int attempt() {
        return Math.min(20, retries + 1);
    }

    void countRetry() {
        retries++;
    }

    /** Counts an error of ours; answers how many so far. */
    int countInternalError() {
        return ++internalErrors;
    }
}

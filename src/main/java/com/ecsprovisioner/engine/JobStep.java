package com.ecsprovisioner.engine;

import com.ecsprovisioner.platform.StoredEntity;
import com.ecsprovisioner.server.IllegalTransition;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import static com.ecsprovisioner.engine.StepStatus.*;

/**
 * One step of a job. Its client token is generated when the step starts, is committed with the claim before the
 * step calls the cloud, and is reused on every retry of that step, so that a create call repeated after a crash or
 * a lost answer returns the resource the first call created.
 */
@Entity
@Table(name = "job_step")
public class JobStep extends StoredEntity {

    @ManyToOne(optional = false)
    @JoinColumn(name = "job_id")
    private Job job;

    @Column(name = "step_order", nullable = false)
    private int stepOrder;

    /** The step's name as its feature declared it (V11 dropped any list of names from the schema). */
    @Column(nullable = false, length = 32)
    private String name;

    /** The step's label when the job was made (V11), so that a job shows its steps even if no handler declares them now. */
    @Column(length = 100)
    private String label;

    @Column(nullable = false, length = 16)
    @Convert(converter = StepStatus.Column.class)
    private StepStatus status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "client_token", length = 64)
    private String clientToken;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column
    private Instant deadline;

    @Column(name = "wait_until")
    private Instant waitUntil;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "last_error", length = 2000)
    private String lastError;

    /**
     * The step's call that must not be repeated was made (the cloud accepted a stop, a reboot, a snapshot; the tagged
     * instances were looked up). Kept across a retry of the job, as the call stays made.
     */
    @Column(name = "call_made", nullable = false)
    private boolean callMade;

    /** Transient failures since the step last got an answer: what a failure's back-off grows with. */
    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    /** Errors of ours (bugs, not cloud answers) in this step, over every attempt: the third stops the job. */
    @Column(name = "internal_errors", nullable = false)
    private int internalErrors;

    protected JobStep() {
    }

    /** {@code order}: the step's place in its kind's declared step list, not anything about the step's name. */
    JobStep(Job job, StepName name, int order) {
        this.job = job;
        this.name = name.name();
        this.label = name.label();
        this.stepOrder = order;
        this.status = PENDING;
    }

    /** The step's place in its job (0 first); the steps are loaded in this order. */
    public int order() {
        return stepOrder;
    }

    /** Begins the step: a fresh client token, its deadline, its first attempt. */
    public void start(Instant now, Instant stepDeadline) {
        require("start", PENDING);
        status = RUNNING;
        startedAt = now;
        deadline = Objects.requireNonNull(stepDeadline);
        waitUntil = null;
        lastError = null;
        attempts = 1;
        consecutiveFailures = 0;
        clientToken = UUID.randomUUID().toString();
    }

    /** The step looks again at {@code t} (the cloud is still busy); the next look is a new attempt. */
    public void waitUntil(Instant t) {
        waitFor(t);
        consecutiveFailures = 0;
    }

    /** A transient failure: try again at {@code t}, remembering what went wrong. */
    public void retryAt(Instant t, String error) {
        waitFor(t);
        consecutiveFailures++;
        lastError = Job.clip(error, 2000);
    }

    private void waitFor(Instant t) {
        require("wait", RUNNING, WAITING);
        status = WAITING;
        waitUntil = Objects.requireNonNull(t);
    }

    /** The job picked the step up again after a wait. */
    public void resume() {
        require("resume", WAITING, RUNNING);
        status = RUNNING;
        attempts++;
    }

    public void complete(Instant now) {
        require("complete", RUNNING, WAITING);
        status = DONE;
        finishedAt = now;
        waitUntil = null;
    }

    /** The job goes past the step without running it (or without finishing what it began). */
    public void skip(Instant now) {
        require("skip", PENDING, RUNNING, WAITING);
        status = SKIPPED;
        finishedAt = now;
        waitUntil = null;
    }

    public void fail(Instant now, String reason) {
        require("fail", PENDING, RUNNING, WAITING);
        status = FAILED;
        finishedAt = now;
        waitUntil = null;
        lastError = Job.clip(reason, 2000);
    }

    /**
     * Back to pending so that the step runs again. {@code keepToken} for a retry of the same call (a failed create
     * that may have happened after all must find its resource); a new token when the step will ask for something
     * else (another zone).
     */
    void reset(boolean keepToken) {
        String token = clientToken;
        status = PENDING;
        attempts = 0;
        startedAt = null;
        deadline = null;
        waitUntil = null;
        finishedAt = null;
        clientToken = keepToken ? token : null;
    }

    /** Like {@link #start} but reusing the token kept by {@link #reset(boolean)}. */
    void restart(Instant now, Instant stepDeadline) {
        String kept = clientToken;
        start(now, stepDeadline);
        if (kept != null) {
            clientToken = kept;
        }
    }

    private void require(String verb, StepStatus... allowed) {
        for (StepStatus s : allowed) {
            if (s == status) {
                return;
            }
        }
        throw new IllegalTransition("step " + name, status, verb);
    }

    public StepName getName() {
        return StepName.stored(name, label);
    }

    public StepStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public String getClientToken() {
        return clientToken;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getDeadline() {
        return deadline;
    }

    public Instant getWaitUntil() {
        return waitUntil;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public String getLastError() {
        return lastError;
    }

    void markCallMade() {
        callMade = true;
    }

    public boolean isCallMade() {
        return callMade;
    }

    /** Counts one more error of ours; answers how many there were in this step. */
    int countInternalError() {
        return ++internalErrors;
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public int getInternalErrors() {
        return internalErrors;
    }

    public boolean isPastDeadline(Instant now) {
        return deadline != null && now.isAfter(deadline);
    }
}

package com.ecsprovisioner.engine;

import com.ecsprovisioner.platform.VersionedEntity;
import com.ecsprovisioner.security.Callers;
import com.ecsprovisioner.server.IllegalTransition;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static com.ecsprovisioner.engine.JobState.*;

/**
 * A durable job of any kind: its kind and steps (declared by the feature that runs it), where it runs, the
 * resources it created, its log, and when it should run next. The database row is the truth about the work; messages
 * and timers only say "look at job N now". The engine names no kind and no step: a feature makes its jobs through
 * {@link #Job(JobKind, List, long, long, JobPlan, String, Instant)} and drives them through its {@link JobHandler}.
 * <p>
 * Concurrency: a worker first {@link #claim claims} the job (a lease with an id, committed under the optimistic
 * {@code @Version} check, so that of two deliveries or two nodes only one gets it), then talks to the cloud outside
 * any transaction, then writes the outcome back only while {@link #holdsClaim it still holds the claim}. A claim
 * whose holder died expires after its lease, and the sweep picks the job up again.
 */
@Entity
@Table(name = "provisioning_job")
@NamedQuery(name = "Job.due", query = "SELECT j.id FROM Job j WHERE j.nextRunAt <= :now "
        + "AND (j.claim.claimedUntil IS NULL OR j.claim.claimedUntil <= :now) ORDER BY j.nextRunAt")
@NamedQuery(name = "Job.dueJobs", query = "SELECT j FROM Job j WHERE j.nextRunAt <= :now "
        + "AND (j.claim.claimedUntil IS NULL OR j.claim.claimedUntil <= :now) ORDER BY j.nextRunAt")
@NamedQuery(name = "Job.forServer", query = "SELECT j FROM Job j WHERE j.serverId = :serverId ORDER BY j.id DESC")
// The job page reads the steps of each of these every refresh: EclipseLink fetches them all in one more query (by
// the found ids), not one query per job.
@NamedQuery(name = "Job.succeededOfKind", query = "SELECT j FROM Job j WHERE j.request.kind = :kind AND j.state = :state ORDER BY j.id DESC",
        hints = {@QueryHint(name = "eclipselink.batch", value = "j.steps"), @QueryHint(name = "eclipselink.batch.type", value = "IN")})
// The jobs list shows each job's current step: its steps read in one query per page of jobs, not one per row.
@NamedQuery(name = "Job.recent", query = "SELECT j FROM Job j ORDER BY j.id DESC",
        hints = {@QueryHint(name = "eclipselink.batch", value = "j.steps"), @QueryHint(name = "eclipselink.batch.type", value = "IN")})
@NamedQuery(name = "Job.busyServers", query = "SELECT DISTINCT j.serverId FROM Job j WHERE j.state IN :active")
public class Job extends VersionedEntity {

    @Embedded
    private JobRequest request;

    /** Null for a job about no server (a feature's job on something no server owns, e.g. an orphan's deletion). */
    @Column(name = "server_id")
    private Long serverId;

    @Column(name = "profile_id", nullable = false)
    private long profileId;

    @Column(nullable = false, length = 16)
    @Convert(converter = JobState.Column.class)
    private JobState state;

    /** The name of the step the job is at (or stopped at). */
    @Column(name = "current_step", length = 32)
    private String currentStep;

    @Embedded
    private JobPlan plan;

    @Embedded
    private JobZone zone = new JobZone();

    @Column(name = "next_run_at")
    private Instant nextRunAt;

    @Embedded
    private JobClaim claim = new JobClaim();

    @Embedded
    private RollbackProgress rollback = new RollbackProgress();

    /** Why the job stopped; null while it has not. */
    @Embedded
    private JobFailure failure;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Embedded
    private BootstrapProgress bootstrap = new BootstrapProgress();

    @OneToMany(mappedBy = "job", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("stepOrder")
    private List<JobStep> steps = new ArrayList<>();

    @OneToMany(mappedBy = "job", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("createdAt, id")
    private List<JobResource> resources = new ArrayList<>();

    @OneToMany(mappedBy = "job", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("at, id")
    private List<JobLogEntry> log = new ArrayList<>();

    protected Job() {
    }

    /**
     * A queued job of {@code kind} on the server with that id, due now, with {@code steps} in the order they run (each
     * step's order is its place in that list). The feature that makes it logs what was asked.
     *
     * @param requestedBy the login name of who asked (the boundary's caller), or {@link Callers#SYSTEM}
     */
    public Job(JobKind kind, List<StepName> steps, Long serverId, long profileId, JobPlan plan, String requestedBy, Instant now) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.label() + " job needs at least one step");
        }
        this.request = new JobRequest(kind, requestedBy);
        this.serverId = serverId;
        this.profileId = profileId;
        this.plan = Objects.requireNonNull(plan, "plan");
        for (StepName name : steps) {
            this.steps.add(new JobStep(this, name, this.steps.size()));
        }
        this.state = QUEUED;
        this.currentStep = steps.get(0).name();
        this.createdAt = now;
        this.updatedAt = now;
        this.nextRunAt = now;
    }

    // ---- Claiming ---------------------------------------------------------------------------------------------

    /** True when the job has work to do now and nobody holds it. */
    public boolean isDue(Instant now) {
        return state.isActive() && nextRunAt != null && !nextRunAt.isAfter(now)
                && claim().isFree(now);
    }

    /**
     * Takes the job for {@code lease}; empty when it is not due (finished, waiting, or held by someone else). The
     * caller must commit the claim before calling the cloud.
     */
    public Optional<String> claim(Instant now, Duration lease) {
        if (!isDue(now)) {
            return Optional.empty();
        }
        String taken = claim().take(now, lease);
        updatedAt = now;
        return Optional.of(taken);
    }

    public boolean holdsClaim(String claimId) {
        return claim().isHeldBy(claimId);
    }

    public void releaseClaim() {
        claim().release();
    }

    /** An embedded value whose columns are all null is read back as null: an unclaimed job gets a fresh one. */
    private JobClaim claim() {
        if (claim == null) {
            claim = new JobClaim();
        }
        return claim;
    }

    /** The bootstrap script running at the last look, or null; read without making the bootstrap's progress. */
    String bootstrapScriptStep() {
        return bootstrap == null ? null : bootstrap.scriptStep();
    }

    /** How far the bootstrap step got (attempt, its directory, how much of the server's log is copied), and its moves. */
    public JobBootstrap bootstrap() {
        if (bootstrap == null) {
            bootstrap = new BootstrapProgress();
        }
        return new JobBootstrap(this, bootstrap);
    }

    // ---- Running ----------------------------------------------------------------------------------------------

    /** The first look at a queued job. */
    public void start(Instant now) {
        require("start", QUEUED);
        state = RUNNING;
        updatedAt = now;
        log(now, JobLogEntry.Level.INFO, getKind().label() + " started");
    }

    /** The job's steps and the moves between them (begin, complete, skip, go back). */
    public JobSteps steps() {
        return new JobSteps(this, steps);
    }

    public void waitUntil(Instant t, Instant now) {
        require("wait in", RUNNING, ROLLING_BACK);
        // A step that has not started yet (the next one, after a create) simply starts at t.
        if (state == RUNNING && steps().current().getStatus() != StepStatus.PENDING) {
            steps().current().waitUntil(t);
        }
        dueAt(t, now);
    }

    /** A transient failure of the current step or of the rollback: logged, and tried again at {@code t}. */
    public void retryLater(Instant t, String error, Instant now) {
        require("retry", RUNNING, ROLLING_BACK);
        if (state == RUNNING && steps().current().getStatus() != StepStatus.PENDING) {
            steps().current().retryAt(t, error);
        }
        if (state == ROLLING_BACK) {
            rollbackProgress().countRetry();
        }
        log(now, JobLogEntry.Level.WARN, error + "; trying again at " + t);
        dueAt(t, now);
    }

    /** Every step is done. */
    public void succeed(Instant now) {
        succeed(now, "");
    }

    /** The job moves on to {@code step}, due now (a step completed or skipped, or the job went back). */
    void moveTo(StepName step, Instant now) {
        currentStep = step.name();
        dueAt(now, now);
    }

    void succeed(Instant now, String finishedNote) {
        require("succeed", RUNNING);
        if (!steps().allSettled()) {
            throw new IllegalTransition("job " + getId(), state, "succeed with unfinished steps");
        }
        finish(SUCCEEDED, now);
        log(now, JobLogEntry.Level.INFO, getKind().label() + " finished" + finishedNote);
    }

    /** Stops the job at {@code step}: a permanent error or a missed deadline. */
    public void fail(StepName step, String reason, String code, String requestId, Instant now) {
        require("fail", QUEUED, RUNNING);
        JobStep failed = steps().get(step);
        failed.fail(now, reason);
        currentStep = step.name();
        stopWith(FAILED, new JobFailure(reason, code, requestId), now);
        log(now, JobLogEntry.Level.ERROR, failure.describe(failed.getName().label() + " failed: " + reason));
    }

    /** Runs a failed job again from the step that failed, reusing that step's client token. */
    public void retry(Instant now) {
        require("retry", FAILED);
        steps().current().reset(true);
        failure = null;
        reopen(RUNNING, now);
        log(now, JobLogEntry.Level.INFO, "Retry from step: " + getCurrentStep().label());
    }

    /** An internal error (ours, not the cloud's) stops the job at its third occurrence in the same step. */
    static final int INTERNAL_ERRORS_BEFORE_STOP = 3;

    /**
     * A step failed with an error of ours (a bug, not a cloud answer). The claim is kept, so that the job is tried
     * again only when its lease runs out; the third such error in the same step (or rollback) stops the job, so
     * that a deployment always finishes. Answers true when the job stopped.
     */
    public boolean recordInternalError(String what, Duration lease, Instant now) {
        require("record an error of", RUNNING, ROLLING_BACK);
        int errors = state == ROLLING_BACK ? rollbackProgress().countInternalError() : steps().current().countInternalError();
        if (errors < INTERNAL_ERRORS_BEFORE_STOP) {
            log(now, JobLogEntry.Level.ERROR, "Internal error: " + what + "; tried again in " + lease.toSeconds() + " s");
            return false;
        }
        String reason = "Internal error: " + what + " (" + INTERNAL_ERRORS_BEFORE_STOP + " times; see the server log)";
        if (state == RUNNING) {
            fail(getCurrentStep(), reason, "InternalError", null, now);
        } else {
            rollback().failed(reason, "InternalError", null, now);
        }
        releaseClaim();
        return true;
    }

    // ---- Zones ------------------------------------------------------------------------------------------------

    public void placeIn(String zoneId, Instant now) {
        zone().place(zoneId);
        updatedAt = now;
    }

    /** Where the job runs and the zones it found unable to take it; never null. */
    public JobZone zone() {
        if (zone == null) {
            zone = new JobZone();
        }
        return zone;
    }

    // ---- Cancel and rollback ----------------------------------------------------------------------------------

    /** The job's cancel and rollback: asked for, begun, finished or stopped. */
    public JobRollback rollback() {
        return new JobRollback(this, rollbackProgress());
    }

    private RollbackProgress rollbackProgress() {
        if (rollback == null) {
            rollback = new RollbackProgress();
        }
        return rollback;
    }

    // ---- Resources and log ------------------------------------------------------------------------------------

    /** What the job created or uses in the cloud. */
    public JobResources resources() {
        return new JobResources(this, resources);
    }

    public void log(Instant at, JobLogEntry.Level level, String message) {
        log.add(new JobLogEntry(this, at, state == ROLLING_BACK || currentStep == null ? null : steps().named(currentStep), level, message));
    }

    public List<JobLogEntry> log() {
        return Collections.unmodifiableList(log);
    }

    // ---- Internals --------------------------------------------------------------------------------------------

    /** Due at {@code t} (or never, when null), changed {@code now}. */
    void dueAt(Instant t, Instant now) {
        nextRunAt = t;
        updatedAt = now;
    }

    /** The job (back) in an active state, due now: a retry, a rollback. */
    void reopen(JobState active, Instant now) {
        state = active;
        finishedAt = null;
        dueAt(now, now);
    }

    /** The job ends in {@code end}: nothing more to run. */
    void finish(JobState end, Instant now) {
        state = end;
        finishedAt = now;
        dueAt(null, now);
    }

    /** The job stops in {@code end} (a failure, a failed rollback) for {@code why}; answers it. */
    JobFailure stopWith(JobState end, JobFailure why, Instant now) {
        failure = why;
        finish(end, now);
        return why;
    }

    /** Throws unless the job is in one of {@code allowed}: the guard of every move, the job's and its parts'. */
    void require(String verb, JobState... allowed) {
        for (JobState s : allowed) {
            if (s == state) {
                return;
            }
        }
        throw new IllegalTransition("job " + getId(), state, verb);
    }

    /** Text cut to a column's width, marked as cut. */
    public static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    // ---- Reading ----------------------------------------------------------------------------------------------


    /** The server the job is about; null for a job about no server (its handler then gets no server either). */
    public Long getServerId() {
        return serverId;
    }

    public long getProfileId() {
        return profileId;
    }

    /** The job's kind, with the label it was made with. */
    public JobKind getKind() {
        return request.kind();
    }

    /**
     * How the job ended, or that it has not ended, in words for the action history: "succeeded", "failed: why",
     * "cancelled", "running: step".
     */
    public String getResult() {
        return switch (state) {
            case QUEUED -> "queued";
            case RUNNING -> "running: " + (currentStep == null ? "" : getCurrentStep().label().toLowerCase(Locale.ROOT));
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed: " + (getFailureMessage() == null ? "no reason recorded" : getFailureMessage());
            case ROLLING_BACK -> rollback().isCancelRequested() ? "cancelling" : "rolling back";
            case ROLLED_BACK -> rollback().isCancelRequested() ? "cancelled" : "rolled back";
            case ROLLBACK_FAILED -> "roll back failed: " + (getFailureMessage() == null ? "no reason recorded" : getFailureMessage());
        };
    }

    /** Who asked for the job (a login name, {@link Callers#SYSTEM}, or {@code unknown} for jobs made before this was kept). */
    public String getRequestedBy() {
        return request.requestedBy();
    }

    /** Records the request id of the command that asked for this job, in the transaction that made the job. */
    public void recordRequestId(String requestId) {
        request.recordId(requestId);
    }

    /** What was asked for and by whom, and the automation command's request id. */
    public JobRequest request() {
        return request;
    }

    /** Notes a change made through {@link #zone()}, or to what a feature keeps about the job in its own table. */
    public void touch(Instant now) {
        updatedAt = now;
    }

    public JobState getState() {
        return state;
    }

    String currentStepName() {
        return currentStep;
    }

    /** The step the job is at (or stopped at), with the label the job shows for it. */
    public StepName getCurrentStep() {
        return currentStep == null ? null : steps().named(currentStep);
    }

    public List<JobStep> getSteps() {
        return Collections.unmodifiableList(steps);
    }

    /** Where and what the job runs on (region, server name, type, network): the deployment's plan, or the server's for an action. */
    public JobPlan plan() {
        return plan;
    }

    public Instant getNextRunAt() {
        return nextRunAt;
    }

    public Instant getClaimedUntil() {
        return claim().until();
    }

    public String getFailureMessage() {
        return failure == null ? null : failure.message();
    }

    public String getFailureCode() {
        return failure == null ? null : failure.code();
    }

    public String getFailureRequestId() {
        return failure == null ? null : failure.requestId();
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

}

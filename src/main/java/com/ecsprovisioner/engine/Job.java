package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
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
import jakarta.persistence.Table;
import jakarta.persistence.Version;

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
@NamedQuery(name = "Job.recent", query = "SELECT j FROM Job j ORDER BY j.id DESC")
@NamedQuery(name = "Job.busyServers", query = "SELECT DISTINCT j.serverId FROM Job j WHERE j.state IN :active")
public class Job extends VersionedEntity {

    @Column(name = "server_id", nullable = false)
    private long serverId;

    @Column(name = "profile_id", nullable = false)
    private long profileId;

    /** The kind's name in lower case; V11 dropped the schema's list of kinds, each feature declares its own. */
    @Column(nullable = false, length = 16)
    private String kind;

    /** The kind's label when the job was made (V11): a job shows what it is even if no handler declares its kind now. */
    @Column(name = "kind_label", length = 64)
    private String kindLabel;

    /** What a lifecycle action was asked for and recorded (same columns as before); empty for other jobs. */
    @Embedded
    private ActionDetails action = new ActionDetails();

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
    private JobRollback rollback = new JobRollback();

    /** Why the job stopped; null while it has not. */
    @Embedded
    private JobFailure failure;

    /** Who asked for the job: a console user's login name, or {@link Callers#SYSTEM} for what the product starts itself. */
    @Column(name = "requested_by", nullable = false, length = 128)
    private String requestedBy;

    /** The request id the sender of an automation command chose (V10); null for jobs asked for otherwise. */
    @Column(name = "request_id", length = 100)
    private String requestId;

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
    public Job(JobKind kind, List<StepName> steps, long serverId, long profileId, JobPlan plan, String requestedBy, Instant now) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.label() + " job needs at least one step");
        }
        this.kind = kind.dbName();
        this.kindLabel = kind.label();
        this.requestedBy = requester(requestedBy);
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

    /** How far the bootstrap step got (attempt, its directory, how much of the server's log is copied); never null. */
    public BootstrapProgress bootstrap() {
        if (bootstrap == null) {
            bootstrap = new BootstrapProgress();
        }
        return bootstrap;
    }

    // ---- Running ----------------------------------------------------------------------------------------------

    /** The first look at a queued job. */
    public void start(Instant now) {
        require("start", QUEUED);
        state = RUNNING;
        updatedAt = now;
        log(now, JobLogEntry.Level.INFO, getKind().label() + " started");
    }

    public JobStep currentStep() {
        return step(getCurrentStep());
    }

    public JobStep step(StepName name) {
        return findStep(name.name()).orElseThrow(() -> new IllegalStateException("job " + getId() + " has no step " + name));
    }

    private Optional<JobStep> findStep(String name) {
        return steps.stream().filter(s -> s.getName().name().equals(name)).findFirst();
    }

    /** The job's step of that name as the job shows it (its stored label); the bare name when the job has none such. */
    StepName stepNamed(String name) {
        return findStep(name).map(JobStep::getName).orElseGet(() -> StepName.stored(name, null));
    }

    /**
     * Starts the current step if it has not started yet (its client token is made here, before any call); true when
     * it started now (not when it resumed from a wait).
     */
    public boolean beginCurrentStep(Instant now, Duration stepDeadline) {
        require("begin a step of", RUNNING);
        JobStep step = currentStep();
        boolean starts = step.getStatus() == StepStatus.PENDING;
        if (starts) {
            step.restart(now, now.plus(stepDeadline));
            log(now, JobLogEntry.Level.INFO, step.getName().label());
        } else if (step.getStatus() == StepStatus.WAITING) {
            step.resume();
        }
        updatedAt = now;
        return starts;
    }

    /** The current step's call that must not be repeated was made: marked on the step, told in the log. */
    public void callMade(Instant now, String what) {
        require("record a call of", RUNNING);
        currentStep().markCallMade();
        log(now, JobLogEntry.Level.INFO, what);
    }

    /** The rollback's next retry, counted from the first (for its back-off). */
    public int getRollbackAttempt() {
        return rollback().attempt();
    }

    public void waitUntil(Instant t, Instant now) {
        require("wait in", RUNNING, ROLLING_BACK);
        // A step that has not started yet (the next one, after a create) simply starts at t.
        if (state == RUNNING && currentStep().getStatus() != StepStatus.PENDING) {
            currentStep().waitUntil(t);
        }
        nextRunAt = t;
        updatedAt = now;
    }

    /** A transient failure of the current step: logged, and tried again at {@code t}. */
    /** A transient failure the log has already told (the same as last time): noted on the step only. */
    public void retryQuietly(Instant t, String error, Instant now) {
        require("retry", RUNNING);
        currentStep().retryAt(t, error);
        nextRunAt = t;
        updatedAt = now;
    }

    public void retryLater(Instant t, String error, Instant now) {
        require("retry", RUNNING, ROLLING_BACK);
        if (state == RUNNING && currentStep().getStatus() != StepStatus.PENDING) {
            currentStep().retryAt(t, error);
        }
        if (state == ROLLING_BACK) {
            rollback().countRetry();
        }
        log(now, JobLogEntry.Level.WARN, error + "; trying again at " + t);
        nextRunAt = t;
        updatedAt = now;
    }

    /** The current step is done; the job moves to the next step not yet done, or succeeds. */
    public void completeStep(Instant now, String what) {
        completeStep(now, what, "");
    }

    /** As {@link #completeStep(Instant, String)}; {@code finishedNote} follows "... finished" if the job succeeds now. */
    public void completeStep(Instant now, String what, String finishedNote) {
        require("complete a step of", RUNNING);
        JobStep step = currentStep();
        step.complete(now);
        log(now, JobLogEntry.Level.INFO, what);
        moveToNextStep(now, finishedNote);
    }

    /**
     * The job goes past {@code step} without running it, saying why in its log (a soft reboot that SSH cannot do, a
     * hard reboot the OS made unnecessary). When it is the current step the job moves on, or succeeds when nothing is
     * left. Allowed while queued (the request already knows) or running.
     */
    public void skipStep(StepName step, String why, Instant now) {
        require("skip a step of", QUEUED, RUNNING);
        JobStep skipped = step(step);
        skipped.skip(now);
        log(now, JobLogEntry.Level.INFO, "Skipped: " + skipped.getName().label() + " (" + why + ")");
        if (step.name().equals(currentStep)) {
            moveToNextStep(now, "");
        }
        updatedAt = now;
    }

    private void moveToNextStep(Instant now, String finishedNote) {
        Optional<JobStep> next = steps.stream().filter(s -> !s.getStatus().isSettled()).findFirst();
        if (next.isPresent()) {
            currentStep = next.get().getName().name();
            nextRunAt = now;
        } else {
            succeed(now, finishedNote);
        }
        updatedAt = now;
    }

    /** Every step is done. */
    public void succeed(Instant now) {
        succeed(now, "");
    }

    private void succeed(Instant now, String finishedNote) {
        require("succeed", RUNNING);
        if (steps.stream().anyMatch(s -> !s.getStatus().isSettled())) {
            throw new IllegalTransition("job " + getId(), state, "succeed with unfinished steps");
        }
        state = SUCCEEDED;
        finish(now);
        log(now, JobLogEntry.Level.INFO, getKind().label() + " finished" + finishedNote);
    }

    /** Stops the job at {@code step}: a permanent error or a missed deadline. */
    public void fail(StepName step, String reason, String code, String requestId, Instant now) {
        require("fail", QUEUED, RUNNING);
        JobStep failed = step(step);
        failed.fail(now, reason);
        currentStep = step.name();
        state = FAILED;
        failure = new JobFailure(reason, code, requestId);
        finish(now);
        log(now, JobLogEntry.Level.ERROR, failure.describe(failed.getName().label() + " failed: " + reason));
    }

    /** Runs a failed job again from the step that failed, reusing that step's client token. */
    public void retry(Instant now) {
        require("retry", FAILED);
        currentStep().reset(true);
        state = RUNNING;
        clearFailure();
        finishedAt = null;
        nextRunAt = now;
        updatedAt = now;
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
        int errors = state == ROLLING_BACK ? rollback().countInternalError() : currentStep().countInternalError();
        if (errors < INTERNAL_ERRORS_BEFORE_STOP) {
            log(now, JobLogEntry.Level.ERROR, "Internal error: " + what + "; tried again in " + lease.toSeconds() + " s");
            return false;
        }
        String reason = "Internal error: " + what + " (" + INTERNAL_ERRORS_BEFORE_STOP + " times; see the server log)";
        if (state == RUNNING) {
            fail(getCurrentStep(), reason, "InternalError", null, now);
        } else {
            rollbackFailed(reason, "InternalError", null, now);
        }
        releaseClaim();
        return true;
    }

    // ---- Bootstrap ----------------------------------------------------------------------------------------------

    /** A bootstrap step starts a new attempt (its own directory on the server), told in the log. */
    public void newBootstrapAttempt(Instant now) {
        require("begin a bootstrap attempt of", RUNNING);
        bootstrap().newAttempt();
        log(now, JobLogEntry.Level.INFO, "Bootstrap attempt " + bootstrap().attempt());
        updatedAt = now;
    }

    /** The scripts of the current attempt run on the server (started now, or found running by a repeated start). */
    public void bootstrapStarted(Instant now) {
        require("start the bootstrap of", RUNNING);
        bootstrap().started();
        updatedAt = now;
    }

    /** The server has no run in the attempt's directory (it was reinstalled meanwhile): the next call starts it. */
    public void bootstrapNotStarted(Instant now) {
        require("restart the bootstrap of", RUNNING);
        bootstrap().notStarted();
        updatedAt = now;
    }

    /**
     * The server's log was copied up to {@code offset}, with {@code scriptStep} running at that point. The offset
     * only moves forward: a late, older answer cannot make lines appear twice.
     */
    public void followBootstrap(long offset, String scriptStep, Instant now) {
        require("follow the bootstrap of", RUNNING);
        bootstrap().follow(offset, scriptStep);
        updatedAt = now;
    }

    // ---- Zones ------------------------------------------------------------------------------------------------

    public void placeIn(String zoneId, Instant now) {
        zone().place(zoneId);
        updatedAt = now;
    }

    public List<String> excludedZones() {
        return zone().excluded();
    }

    /** Where the job runs and the zones it found unable to take it; never null. */
    public JobZone zone() {
        if (zone == null) {
            zone = new JobZone();
        }
        return zone;
    }

    /**
     * The job goes back to {@code step}, and the {@code again} steps run again with new client tokens (the others
     * stay done): e.g. a deployment whose zone cannot take its instance chooses another zone.
     */
    public void goBackTo(StepName step, List<StepName> again, Instant now) {
        require("go back in", RUNNING);
        for (StepName name : again) {
            step(name).reset(false);
        }
        currentStep = step(step).getName().name();
        nextRunAt = now;
        updatedAt = now;
    }

    // ---- Cancel and rollback ----------------------------------------------------------------------------------

    /** Asks a queued or running job to stop and delete what it created; it does so at its next run, due now. */
    public void requestCancel(Instant now) {
        require("cancel", QUEUED, RUNNING);
        if (rollback().requestCancel()) {
            log(now, JobLogEntry.Level.WARN, "Cancel requested: the job will delete what it created");
        }
        nextRunAt = now;
        updatedAt = now;
    }

    public boolean isCancelRequested() {
        return rollback().isCancelRequested();
    }

    private JobRollback rollback() {
        if (rollback == null) {
            rollback = new JobRollback();
        }
        return rollback;
    }

    /**
     * Starts deleting what the job created: after a failure, after a failed rollback, for a cancel, or to take back
     * a job that succeeded. Whether a kind rolls back at all is its handler's decision.
     */
    public void beginRollback(Instant now, Duration deadline) {
        if (!(state == FAILED || state == ROLLBACK_FAILED || state == SUCCEEDED
                || (state.isActive() && state != ROLLING_BACK && isCancelRequested()))) {
            throw new IllegalTransition("job " + getId(), state, "roll back");
        }
        state = ROLLING_BACK;
        rollback().begin(now, deadline);
        finishedAt = null;
        nextRunAt = now;
        updatedAt = now;
        log(now, JobLogEntry.Level.INFO, isCancelRequested() ? "Cancelling: deleting what the job created" : "Rolling back: deleting what the job created");
    }

    public void rolledBack(Instant now) {
        require("finish the rollback of", ROLLING_BACK);
        state = ROLLED_BACK;
        finish(now);
        log(now, JobLogEntry.Level.INFO, "Rolled back: every resource the job created is deleted");
    }

    public void rollbackFailed(String reason, String code, String requestId, Instant now) {
        require("fail the rollback of", ROLLING_BACK);
        state = ROLLBACK_FAILED;
        failure = new JobFailure(reason, code, requestId);
        finish(now);
        log(now, JobLogEntry.Level.ERROR, failure.describe("Rollback stopped: " + reason));
    }

    public boolean isRollbackPastDeadline(Instant now) {
        return rollback().isPastDeadline(now);
    }

    // ---- Resources and log ------------------------------------------------------------------------------------

    /** Records a resource the job uses (idempotent: the same kind and id again changes nothing). */
    public JobResource recordResource(ResourceKind kind, String resourceId, String zone, boolean owned, Instant now) {
        for (JobResource r : resources) {
            if (r.getKind() == kind && r.getResourceId().equals(resourceId)) {
                return r;
            }
        }
        JobResource r = new JobResource(this, kind, resourceId, zone, owned, now);
        resources.add(r);
        return r;
    }

    /** The resource of that kind the job uses now (the latest not released), if any. */
    public Optional<JobResource> resource(ResourceKind kind) {
        JobResource found = null;
        for (JobResource r : resources) {
            if (r.getKind() == kind && !r.isReleased()) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    public Optional<String> resourceId(ResourceKind kind) {
        return resource(kind).map(JobResource::getResourceId);
    }

    public List<JobResource> resources() {
        return Collections.unmodifiableList(resources);
    }

    public void log(Instant at, JobLogEntry.Level level, String message) {
        log.add(new JobLogEntry(this, at, state == ROLLING_BACK || currentStep == null ? null : stepNamed(currentStep), level, message));
    }

    public List<JobLogEntry> log() {
        return Collections.unmodifiableList(log);
    }

    // ---- Internals --------------------------------------------------------------------------------------------

    private void finish(Instant now) {
        nextRunAt = null;
        finishedAt = now;
        updatedAt = now;
    }

    private void clearFailure() {
        failure = null;
    }

    private void require(String verb, JobState... allowed) {
        for (JobState s : allowed) {
            if (s == state) {
                return;
            }
        }
        throw new IllegalTransition("job " + getId(), state, verb);
    }

    /** Every job names who asked for it; a blank name is a bug of the caller, not an anonymous request. */
    private static String requester(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a job needs the name of who requested it (or \"" + Callers.SYSTEM + "\")");
        }
        return clip(name.strip(), 128);
    }

    /** Text cut to a column's width, marked as cut. */
    public static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    // ---- Reading ----------------------------------------------------------------------------------------------


    public long getServerId() {
        return serverId;
    }

    public long getProfileId() {
        return profileId;
    }

    /** The job's kind, with the label it was made with. */
    public JobKind getKind() {
        return JobKind.stored(kind, kindLabel);
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
            case ROLLING_BACK -> isCancelRequested() ? "cancelling" : "rolling back";
            case ROLLED_BACK -> isCancelRequested() ? "cancelled" : "rolled back";
            case ROLLBACK_FAILED -> "roll back failed: " + (getFailureMessage() == null ? "no reason recorded" : getFailureMessage());
        };
    }

    /** Who asked for the job (a login name, {@link Callers#SYSTEM}, or {@code unknown} for jobs made before this was kept). */
    public String getRequestedBy() {
        return requestedBy;
    }

    /** The sender's request id, when the job was asked for by an automation command; otherwise null. */
    public String requestId() {
        return requestId;
    }

    /** Records the request id of the command that asked for this job, in the transaction that made the job. */
    public void recordRequestId(String requestId) {
        this.requestId = requestId;
    }

    /** What a lifecycle action was asked for and recorded; never null (all its columns empty read back as null). */
    public ActionDetails action() {
        if (action == null) {
            action = new ActionDetails();
        }
        return action;
    }

    /** What the action was asked for, recorded when the job is made. */
    public void describeAction(ActionDetails details) {
        this.action = Objects.requireNonNull(details);
    }

    /** Notes a change made through {@link #action()} or {@link #zone()}. */
    public void touch(Instant now) {
        updatedAt = now;
    }

    public JobState getState() {
        return state;
    }

    /** The step the job is at (or stopped at), with the label the job shows for it. */
    public StepName getCurrentStep() {
        return currentStep == null ? null : stepNamed(currentStep);
    }

    public List<JobStep> getSteps() {
        return Collections.unmodifiableList(steps);
    }

    /** Where and what the job runs on: the deployment's plan, or the server's region and type for an action. */
    public JobPlan plan() {
        return plan;
    }

    public String getRegionId() {
        return plan.regionId();
    }

    public String getZoneId() {
        return zone().zoneId();
    }

    public NetworkPolicy getNetworkPolicy() {
        return plan.networkPolicy();
    }

    public String getServerName() {
        return plan.serverName();
    }

    public String getInstanceType() {
        return plan.instanceType();
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

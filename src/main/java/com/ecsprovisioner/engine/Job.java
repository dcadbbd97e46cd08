package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.platform.VersionedEntity;
import com.ecsprovisioner.security.Callers;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static com.ecsprovisioner.engine.JobState.*;

/**
 * A deployment job: the plan, its steps, the resources it created, its log, and when it should run next. The
 * database row is the truth about the work; messages and timers only say "look at job N now".
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

    @Column(nullable = false, length = 16)
    @Convert(converter = JobKind.Column.class)
    private JobKind kind = JobKind.DEPLOY;

    /** A deployment's steps, in order; a job's steps are ranked by their place in its kind's list. */
    public static final List<StepName> DEPLOYMENT_STEPS = List.of(StepName.ZONE, StepName.VPC, StepName.VSWITCH,
            StepName.SECURITY_GROUP, StepName.INGRESS_RULES, StepName.INSTANCE, StepName.RUNNING, StepName.SSH, StepName.BOOTSTRAP);

    /** What a lifecycle action was asked for and recorded (same columns as before); empty for other jobs. */
    @Embedded
    private ActionDetails action = new ActionDetails();

    @Column(nullable = false, length = 16)
    @Convert(converter = JobState.Column.class)
    private JobState state;

    @Column(name = "current_step", length = 32)
    @Enumerated(EnumType.STRING)
    private StepName currentStep;

    @Embedded
    private JobPlan plan;

    @Column(name = "zone_id", length = 32)
    private String zoneId;

    @Column(name = "excluded_zones", length = 1000)
    private String excludedZones;

    @Column(name = "next_run_at")
    private Instant nextRunAt;

    @Embedded
    private JobClaim claim = new JobClaim();

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "rollback_deadline")
    private Instant rollbackDeadline;

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


    /** Retries of the rollback after transient failures: the rollback's back-off grows with them. */
    @Column(name = "rollback_retries", nullable = false)
    private int rollbackRetries;

    /** Errors of ours during the rollback (a step's are counted on the step): the third stops the rollback. */
    @Column(name = "rollback_internal_errors", nullable = false)
    private int rollbackInternalErrors;

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
     * A queued deployment of the server with that id (its id goes into every tag), due now.
     *
     * @param requestedBy the login name of who asked (the boundary's caller), or {@link Callers#SYSTEM}
     */
    public Job(long serverId, DeploymentPlan plan, String requestedBy, Instant now) {
        this.serverId = serverId;
        this.requestedBy = requester(requestedBy);
        this.profileId = plan.profileId();
        this.plan = JobPlan.of(plan);
        addSteps(this, DEPLOYMENT_STEPS);
        this.state = QUEUED;
        this.currentStep = DEPLOYMENT_STEPS.get(0);
        this.createdAt = now;
        this.updatedAt = now;
        this.nextRunAt = now;
        log(now, JobLogEntry.Level.INFO, "Deployment of " + plan.serverName() + " requested by " + this.requestedBy + " ("
                + this.plan.describe() + ")");
    }

    /**
     * A queued bootstrap of a server that already runs and answers SSH (a custom server, or an ECS server whose
     * software is installed again): the {@link StepName#BOOTSTRAP} step alone, no cloud plan.
     */
    public static Job bootstrapOnly(long serverId, long profileId, String regionId, String serverName, int sshPort,
                                    String requestedBy, Instant now) {
        Job job = new Job();
        job.requestedBy = requester(requestedBy);
        job.serverId = serverId;
        job.profileId = profileId;
        job.plan = JobPlan.bootstrapOnly(regionId, serverName, sshPort);
        addSteps(job, List.of(StepName.BOOTSTRAP));
        job.state = QUEUED;
        job.currentStep = StepName.BOOTSTRAP;
        job.createdAt = now;
        job.updatedAt = now;
        job.nextRunAt = now;
        job.log(now, JobLogEntry.Level.INFO, "Bootstrap of " + serverName + " requested by " + job.requestedBy);
        return job;
    }

    /** The steps in the order given; each step's order is its place in that list. */
    private static void addSteps(Job job, List<StepName> names) {
        for (StepName name : names) {
            job.steps.add(new JobStep(job, name, job.steps.size()));
        }
    }

    /** True for a job that only bootstraps (it has no cloud steps and nothing to roll back in the cloud). */
    public boolean isBootstrapOnly() {
        return steps.size() == 1 && steps.get(0).getName() == StepName.BOOTSTRAP;
    }

    /**
     * A lifecycle action on a server that exists (not a deployment), due now. The deployment-only columns stay
     * empty; {@code instanceType} is the server's type, or the new one for a resize.
     */
    public static Job action(JobKind kind, List<StepName> steps, long serverId, Server server, String instanceType,
                             String snapshotName, boolean startAfter, String requestedBy, Instant now) {
        if (kind == JobKind.DEPLOY) {
            throw new IllegalArgumentException("a deployment is made from its plan");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.label() + " job needs at least one step");
        }
        Job job = new Job();
        job.requestedBy = requester(requestedBy);
        job.kind = kind;
        job.serverId = serverId;
        job.profileId = server.getProfileId();
        job.plan = JobPlan.action(server, instanceType);
        job.zoneId = server.getZoneId();
        job.action = new ActionDetails(snapshotName, startAfter);
        addSteps(job, steps);
        job.state = QUEUED;
        job.currentStep = steps.get(0);
        job.createdAt = now;
        job.updatedAt = now;
        job.nextRunAt = now;
        job.log(now, JobLogEntry.Level.INFO, kind.label() + " of " + server.getName() + " requested by " + job.requestedBy
                + (kind == JobKind.RESIZE ? " (to " + instanceType + ")" : "")
                + (kind == JobKind.SNAPSHOT ? " (snapshot " + snapshotName + ")" : ""));
        return job;
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

    private BootstrapProgress bootstrap() {
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
        log(now, JobLogEntry.Level.INFO, isBootstrapOnly() ? "Bootstrap started" : kind.label() + " started");
    }

    public JobStep currentStep() {
        return step(currentStep);
    }

    public JobStep step(StepName name) {
        return steps.stream().filter(s -> s.getName() == name).findFirst()
                .orElseThrow(() -> new IllegalStateException("job " + getId() + " has no step " + name));
    }

    /** Starts the current step if it has not started yet (its client token is made here, before any call). */
    public void beginCurrentStep(Instant now, Duration stepDeadline) {
        require("begin a step of", RUNNING);
        JobStep step = currentStep();
        if (step.getStatus() == StepStatus.PENDING) {
            step.restart(now, now.plus(stepDeadline));
            log(now, JobLogEntry.Level.INFO, step.getName().label());
            if (step.getName() == StepName.BOOTSTRAP) {
                bootstrap().newAttempt();
                log(now, JobLogEntry.Level.INFO, "Bootstrap attempt " + bootstrap().attempt());
            }
        } else if (step.getStatus() == StepStatus.WAITING) {
            step.resume();
        }
        updatedAt = now;
    }

    /** The current step looks again at {@code t}. */
    /** The current step's call that must not be repeated was made: marked on the step, told in the log. */
    public void callMade(Instant now, String what) {
        require("record a call of", RUNNING);
        currentStep().markCallMade();
        log(now, JobLogEntry.Level.INFO, what);
    }

    /** The rollback's next retry, counted from the first (for its back-off). */
    public int getRollbackAttempt() {
        return Math.min(20, rollbackRetries + 1);
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
            rollbackRetries++;
        }
        log(now, JobLogEntry.Level.WARN, error + "; trying again at " + t);
        nextRunAt = t;
        updatedAt = now;
    }

    /** The current step is done; the job moves to the next step not yet done, or succeeds. */
    public void completeStep(Instant now, String what) {
        require("complete a step of", RUNNING);
        JobStep step = currentStep();
        step.complete(now);
        log(now, JobLogEntry.Level.INFO, what);
        moveToNextStep(now);
    }

    /**
     * The job goes past {@code step} without running it, saying why in its log (a soft reboot that SSH cannot do, a
     * hard reboot the OS made unnecessary). When it is the current step the job moves on, or succeeds when nothing is
     * left. Allowed while queued (the request already knows) or running.
     */
    public void skipStep(StepName step, String why, Instant now) {
        require("skip a step of", QUEUED, RUNNING);
        step(step).skip(now);
        log(now, JobLogEntry.Level.INFO, "Skipped: " + step.label() + " (" + why + ")");
        if (step == currentStep) {
            moveToNextStep(now);
        }
        updatedAt = now;
    }

    private void moveToNextStep(Instant now) {
        Optional<JobStep> next = steps.stream().filter(s -> !s.getStatus().isSettled()).findFirst();
        if (next.isPresent()) {
            currentStep = next.get().getName();
            nextRunAt = now;
        } else {
            succeed(now);
        }
        updatedAt = now;
    }

    /** Every step is done. */
    public void succeed(Instant now) {
        require("succeed", RUNNING);
        if (steps.stream().anyMatch(s -> !s.getStatus().isSettled())) {
            throw new IllegalTransition("job " + getId(), state, "succeed with unfinished steps");
        }
        state = SUCCEEDED;
        finish(now);
        log(now, JobLogEntry.Level.INFO, isBootstrapOnly() ? "Bootstrap finished: server active"
                : kind == JobKind.DEPLOY ? "Deployment finished: server active" : kind.label() + " finished");
    }

    /** Stops the job at {@code step}: a permanent error or a missed deadline. */
    public void fail(StepName step, String reason, String code, String requestId, Instant now) {
        require("fail", QUEUED, RUNNING);
        JobStep failed = step(step);
        failed.fail(now, reason);
        currentStep = step;
        state = FAILED;
        failure = new JobFailure(reason, code, requestId);
        finish(now);
        log(now, JobLogEntry.Level.ERROR, failure.describe(step.label() + " failed: " + reason));
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
        log(now, JobLogEntry.Level.INFO, "Retry from step: " + currentStep.label());
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
        int errors = state == ROLLING_BACK ? ++rollbackInternalErrors : currentStep().countInternalError();
        if (errors < INTERNAL_ERRORS_BEFORE_STOP) {
            log(now, JobLogEntry.Level.ERROR, "Internal error: " + what + "; tried again in " + lease.toSeconds() + " s");
            return false;
        }
        String reason = "Internal error: " + what + " (" + INTERNAL_ERRORS_BEFORE_STOP + " times; see the server log)";
        if (state == RUNNING) {
            fail(currentStep, reason, "InternalError", null, now);
        } else {
            rollbackFailed(reason, "InternalError", null, now);
        }
        releaseClaim();
        return true;
    }

    // ---- Bootstrap ----------------------------------------------------------------------------------------------

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

    public int getBootstrapAttempt() {
        return bootstrap().attempt();
    }

    /** The directory name of the current attempt on the server; null before the step first starts. */
    public String getBootstrapRun() {
        return bootstrap().run();
    }

    public boolean isBootstrapStarted() {
        return bootstrap().isStarted();
    }

    public long getBootstrapOffset() {
        return bootstrap().offset();
    }

    /** The script step running at the last look (e.g. {@code packages}), or null. */
    public String getBootstrapScriptStep() {
        return bootstrap().scriptStep();
    }

    // ---- Zones ------------------------------------------------------------------------------------------------

    public void placeIn(String zone, Instant now) {
        this.zoneId = Objects.requireNonNull(zone);
        updatedAt = now;
    }

    /**
     * The chosen zone cannot take the instance (out of stock, not on sale): remember it, and go back to choosing a
     * zone; the zone-bound steps run again with new client tokens, the regional ones (VPC, security group) stay done.
     */
    public void leaveZone(String reason, Instant now) {
        require("leave the zone of", RUNNING);
        Set<String> excluded = new LinkedHashSet<>(excludedZones());
        excluded.add(zoneId);
        excludedZones = String.join(",", excluded);
        log(now, JobLogEntry.Level.WARN, "Zone " + zoneId + " cannot take the instance (" + reason + "); trying the next zone");
        for (StepName name : List.of(StepName.ZONE, StepName.VSWITCH, StepName.INSTANCE, StepName.RUNNING, StepName.SSH)) {
            step(name).reset(false);
        }
        zoneId = null;
        currentStep = StepName.ZONE;
        nextRunAt = now;
        updatedAt = now;
    }

    public List<String> excludedZones() {
        return excludedZones == null || excludedZones.isBlank() ? List.of() : Arrays.asList(excludedZones.split(","));
    }

    // ---- Cancel and rollback ----------------------------------------------------------------------------------

    /** Asks a queued or running job to stop and delete what it created; it does so at its next run, due now. */
    public void requestCancel(Instant now) {
        require("cancel", QUEUED, RUNNING);
        if (kind != JobKind.DEPLOY) {
            // A lifecycle action has nothing to take back; it finishes or fails within its deadline.
            throw new IllegalTransition("job " + getId(), state, "cancel a " + kind.label().toLowerCase() + " job");
        }
        if (!cancelRequested) {
            cancelRequested = true;
            log(now, JobLogEntry.Level.WARN, "Cancel requested: the job will delete what it created");
        }
        nextRunAt = now;
        updatedAt = now;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    /**
     * Starts deleting what the job created: after a failure, after a failed rollback, for a cancel, or to take back
     * a deployment that succeeded (its server is deleted the same way).
     */
    public void beginRollback(Instant now, Duration deadline) {
        if (kind != JobKind.DEPLOY || !(state == FAILED || state == ROLLBACK_FAILED || state == SUCCEEDED
                || (state.isActive() && state != ROLLING_BACK && cancelRequested))) {
            throw new IllegalTransition("job " + getId(), state, "roll back");
        }
        state = ROLLING_BACK;
        rollbackDeadline = now.plus(deadline);
        finishedAt = null;
        nextRunAt = now;
        updatedAt = now;
        log(now, JobLogEntry.Level.INFO, cancelRequested ? "Cancelling: deleting what the job created" : "Rolling back: deleting what the job created");
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
        return rollbackDeadline != null && now.isAfter(rollbackDeadline);
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
        log.add(new JobLogEntry(this, at, state == ROLLING_BACK ? null : currentStep, level, message));
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

    public JobKind getKind() {
        return kind;
    }

    /**
     * How the job ended, or that it has not ended, in words for the action history: "succeeded", "failed: why",
     * "cancelled", "running: step".
     */
    public String getResult() {
        return switch (state) {
            case QUEUED -> "queued";
            case RUNNING -> "running: " + (currentStep == null ? "" : currentStep.label().toLowerCase(Locale.ROOT));
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed: " + (getFailureMessage() == null ? "no reason recorded" : getFailureMessage());
            case ROLLING_BACK -> cancelRequested ? "cancelling" : "rolling back";
            case ROLLED_BACK -> cancelRequested ? "cancelled" : "rolled back";
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

    /** The snapshot the cloud is making for this job (recorded once, before waiting for it). */
    public void recordSnapshot(String id, Instant now) {
        if (kind != JobKind.SNAPSHOT) {
            throw new IllegalTransition("job " + getId(), state, "record a snapshot of");
        }
        action().recordSnapshot(id);
        updatedAt = now;
    }

    /** The OS was asked to reboot over SSH; {@code bootId} is the boot id it had just before. */
    public void recordOsReboot(String bootId, Instant now) {
        if (kind != JobKind.REBOOT || state != RUNNING || currentStep != StepName.OS_REBOOT) {
            throw new IllegalTransition("job " + getId(), state, "record an OS reboot of");
        }
        action().recordOsBootId(bootId);
        updatedAt = now;
    }

    /** A resize found the instance running: it is started again once its type changed. */
    public void startAfterResize(Instant now) {
        if (kind != JobKind.RESIZE) {
            throw new IllegalTransition("job " + getId(), state, "start after a resize");
        }
        action().startAfterResize();
        updatedAt = now;
    }

    public JobState getState() {
        return state;
    }

    public StepName getCurrentStep() {
        return currentStep;
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
        return zoneId;
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

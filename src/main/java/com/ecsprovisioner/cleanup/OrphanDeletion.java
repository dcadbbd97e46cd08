package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditTrail;
import com.ecsprovisioner.audit.Changes;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.CloudLooks;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.server.Server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The orphan deletion job: one job per orphan, about no server, with one step that deletes it. An instance is
 * released (forced) and looked at until it is gone; a security group, vSwitch or VPC is deleted, and a parent whose
 * children the cloud is still releasing (DependencyViolation) is tried again with back-off until the step's deadline,
 * as the lifecycle's deletion does. A failed job stays failed until a person retries it (or deletes the orphan again
 * from the Clean-up page); there is nothing to roll back, a deletion cannot be undone. Each deletion is written to the
 * audit trail in the transaction that records it on the job, as done by whoever asked ({@code system} for the
 * automatic clean-up).
 */
public final class OrphanDeletion implements JobHandler {

    static final StepName DELETE_ORPHAN = StepName.of("DELETE_ORPHAN", "Delete the orphaned resource", Duration.ofMinutes(30));
    static final JobKind KIND = JobKind.of("ORPHAN_DELETE", "Orphan deletion");

    private final ProvisioningSettings settings;
    private final StepOutcomes outcomes;
    private final AuditTrail audit;

    public OrphanDeletion(ProvisioningSettings settings, RandomGenerator random, AuditTrail audit) {
        this.settings = Objects.requireNonNull(settings);
        this.outcomes = new StepOutcomes(settings, random, this);
        this.audit = Objects.requireNonNull(audit);
    }

    /** A queued deletion of the orphan, due now; its one resource is the orphan (recorded as the job's to delete). */
    static Job create(OrphanRecord orphan, String requestedBy, String why, Instant now) {
        Job job = new Job(KIND, List.of(DELETE_ORPHAN), null, orphan.getProfileId(),
                JobPlan.about(orphan.getRegionId(), "orphan " + orphan.subject()), requestedBy, now);
        job.resources().record(orphan.getKind(), orphan.getResourceId(), null, true, now);
        job.log(now, JobLogEntry.Level.INFO, "Deletion of the orphaned " + orphan.subject()
                + (orphan.getName() == null ? "" : " ('" + orphan.getName() + "')") + " requested by " + job.getRequestedBy()
                + ": " + why + "; it is an orphan because " + orphan.getWhy());
        return job;
    }

    @Override
    public Set<JobKind> kinds() {
        return Set.of(KIND);
    }

    @Override
    public List<StepName> steps(JobKind kind) {
        return List.of(DELETE_ORPHAN);
    }

    /** The job is about no server: a failure shows on the job and the Clean-up page only. */
    @Override
    public boolean failureReachesServer(JobKind kind) {
        return false;
    }

    /** A released instance is looked at with the other jobs' looks (batched per profile). */
    @Override
    public CloudLooks looksAt(Job job) {
        JobResource r = orphan(job);
        return r.getKind() == ResourceKind.INSTANCE && r.getDeleteRequestedAt() != null
                ? CloudLooks.instance(r.getResourceId()) : CloudLooks.NONE;
    }

    @Override
    public void prepare(Job job, Server server, Instant now) {
        outcomes.startCurrentStep(job, now);
    }

    @Override
    public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        JobResource r = orphan(job);
        try {
            return r.getKind() == ResourceKind.INSTANCE ? releaseInstance(job, r, cloud, seen, now) : deleteNetwork(r, cloud);
        } catch (CloudException e) {
            return outcomes.retry(job, e, now, true).orElseGet(() -> outcomes.permanent(job, e));
        }
    }

    private Outcome releaseInstance(Job job, JobResource r, CloudRegion cloud, CloudObservations seen, Instant now) {
        String id = r.getResourceId();
        if (r.getDeleteRequestedAt() == null) {
            return outcomes.requestInstanceDeletion(cloud, id, (j, s, t) -> j.steps().callMade(t, "Cloud accepted: DeleteInstance "
                    + id + " (force)"));
        }
        Optional<CloudTypes.Instance> instance = seen.instance(id);
        if (instance.isPresent()) {
            return outcomes.keepWaiting(job, now, settings.pollInstance(), "instance " + id + " is still " + instance.get().rawStatus());
        }
        return deleted(r, "Released instance " + id);
    }

    private Outcome deleteNetwork(JobResource r, CloudRegion cloud) {
        StepOutcomes.deleteNetworkResource(cloud, r.getKind(), r.getResourceId());
        return deleted(r, "Deleted " + r.getKind().word() + " " + r.getResourceId());
    }

    /** Recorded on the job and in the audit trail in one transaction (the write-back's). */
    private Outcome deleted(JobResource r, String what) {
        ResourceKind kind = r.getKind();
        String id = r.getResourceId();
        return (j, s, t) -> {
            JobResource fresh = j.resources().record(kind, id, null, true, t);
            if (fresh.getDeleteRequestedAt() == null) {
                fresh.deleteRequested(t);
            }
            fresh.released(t);
            j.steps().complete(t, what);
            audit.record(j.getRequestedBy(), AuditAction.ORPHAN_DELETED, kind.word() + " " + id
                    + " of profile " + j.getProfileId(), Changes.none().value("region", j.plan().regionId())
                    .value("job", j.getId() == null ? null : Long.toString(j.getId())));
        };
    }

    private static JobResource orphan(Job job) {
        return job.resources().stream().findFirst().orElseThrow(() ->
                new IllegalStateException("orphan deletion job " + job.getId() + " names no resource"));
    }
}

package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A deployment's rollback (after a failure, or a cancel): what the job created is deleted, one resource per run,
 * within the rollback's own deadline and with its own back-off; the server is deleted with it. A bootstrap-only job
 * has nothing in any cloud to delete.
 */
final class DeploymentRollback {

    private static final List<ResourceKind> DELETION_ORDER =
            List.of(ResourceKind.INSTANCE, ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);

    private final ProvisioningSettings settings;
    private final RandomGenerator random;
    private final StepOutcomes outcomes;

    DeploymentRollback(ProvisioningSettings settings, RandomGenerator random, StepOutcomes outcomes) {
        this.settings = Objects.requireNonNull(settings);
        this.random = Objects.requireNonNull(random);
        this.outcomes = Objects.requireNonNull(outcomes);
    }

    /**
     * Deletes what the job created, one resource per run, in dependency order (instances, security group,
     * vSwitches, VPC). A parent still held by a child being released answers a busy code; that is retried with
     * back-off until the rollback's deadline. Resources tagged with this server but never recorded (a create whose
     * answer was lost) are found by their tags first.
     */
    Outcome rollBack(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (DeploymentJobs.isBootstrapOnly(job)) {
            // Nothing of ours in any cloud, and the server is not ours to delete: it stays registered and can be
            // bootstrapped again. A script already started is not stopped (it is idempotent, and may finish).
            return (j, s, t) -> {
                j.log(t, JobLogEntry.Level.INFO, "Nothing to delete in the cloud: the server stays registered; a bootstrap"
                        + " script already started on it may still run to its end");
                j.rollback().done(t);
                if (s.getStatus() == ServerStatus.BOOTSTRAPPING) {
                    s.fail(j.rollback().isCancelRequested() ? "Bootstrap cancelled" : "Bootstrap rolled back", t);
                }
            };
        }
        List<CloudTypes.TaggedResource> discovered = new ArrayList<>();
        try {
            if (job.resources().stream().noneMatch(r -> r.getDeleteRequestedAt() != null)) {
                String server = Long.toString(job.getServerId());
                for (CloudTypes.Instance i : cloud.instancesTagged(Tags.SERVER, Optional.of(server))) {
                    discovered.add(new CloudTypes.TaggedResource(ResourceKind.INSTANCE, i.id(), i.name(), i.tags(), i.createdAt()));
                }
                discovered.addAll(cloud.networkResourcesTagged(Tags.SERVER, Optional.of(server)));
            }
            List<JobResource> pending = new ArrayList<>(job.resources().stream().filter(r -> r.isOwned() && !r.isReleased()).toList());
            for (CloudTypes.TaggedResource t : discovered) {
                boolean known = job.resources().stream().anyMatch(r -> r.getKind() == t.kind() && r.getResourceId().equals(t.id()));
                if (!known) {
                    return (j, s, at) -> {
                        j.resources().record(t.kind(), t.id(), null, true, at);
                        j.log(at, JobLogEntry.Level.INFO, "Found " + t.kind().word() + " " + t.id()
                                + " by its server tag; it will be deleted too");
                        j.waitUntil(at, at);
                    };
                }
            }
            for (ResourceKind kind : DELETION_ORDER) {
                for (JobResource r : pending) {
                    if (r.getKind() == kind) {
                        return delete(job, r, cloud, seen, now);
                    }
                }
            }
            return (j, s, t) -> {
                j.rollback().done(t);
                s.markDeleted(t);
            };
        } catch (CloudException e) {
            return rollbackFailure(job, e, now);
        }
    }

    private Outcome delete(Job job, JobResource r, CloudRegion cloud, CloudObservations seen, Instant now) {
        ResourceKind kind = r.getKind();
        String id = r.getResourceId();
        String name = kind.word() + " " + id;
        if (kind == ResourceKind.INSTANCE) {
            if (r.getDeleteRequestedAt() == null) {
                return outcomes.requestInstanceDeletion(cloud, id, (j, s, t) -> j.log(t, JobLogEntry.Level.INFO, "Deleting " + name));
            }
            if (seen.instance(id).isPresent()) {
                Duration pause = settings.pollInstance();
                return (j, s, t) -> j.waitUntil(t.plus(pause), t);
            }
        } else {
            StepOutcomes.deleteNetworkResource(cloud, kind, id);
        }
        return (j, s, t) -> {
            JobResource fresh = j.resources().record(kind, id, null, true, t);
            fresh.deleteRequested(t);
            fresh.released(t);
            j.log(t, JobLogEntry.Level.INFO, "Deleted " + name);
            j.waitUntil(t, t);
        };
    }

    private Outcome rollbackFailure(Job job, CloudException e, Instant now) {
        Optional<Outcome> later = StepOutcomes.retryRollback(job, e, now, settings, random);
        if (later.isPresent()) {
            return later.get();
        }
        boolean retryable = StepOutcomes.rollbackMayPass(e);
        String reason = (retryable ? "The rollback did not finish within " + StepOutcomes.humanDuration(settings.rollbackDeadline()) + ": " : "")
                + StepOutcomes.forPeople(e);
        return (j, s, t) -> {
            j.rollback().failed(reason, e.code(), e.requestId(), t);
            s.fail("Rollback failed: " + reason, t);
        };
    }
}

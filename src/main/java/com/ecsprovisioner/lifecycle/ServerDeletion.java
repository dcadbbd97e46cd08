package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.StepOutcomes;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A deletion's two steps: release the server's instances (the one it knows and any other carrying its tag), then
 * delete the network resources chosen when the deletion was asked, children first. Each run makes one call and
 * records it on the job before the next, so that a deletion interrupted by a crash goes on where the job says.
 */
final class ServerDeletion {

    private static final List<ResourceKind> NETWORK_DELETION_ORDER =
            List.of(ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);

    private final LifecycleOutcomes moves;

    ServerDeletion(LifecycleOutcomes moves) {
        this.moves = Objects.requireNonNull(moves);
    }

    /**
     * Releases the server's instances: the one the server knows, and any other carrying its tag (a create whose
     * answer was lost). One instance per run; a released instance is gone from DescribeInstances.
     */
    Outcome deleteInstances(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        String lookedUp = "Instances tagged with server " + job.getServerId() + ": ";
        if (!job.steps().current().isCallMade()) {
            List<CloudTypes.Instance> tagged = cloud.instancesTagged(Tags.SERVER, Optional.of(Long.toString(job.getServerId())));
            return (j, s, t) -> {
                tagged.forEach(i -> j.resources().record(ResourceKind.INSTANCE, i.id(), i.zoneId(), true, t));
                j.steps().callMade(t, lookedUp + (tagged.isEmpty() ? "none"
                        : tagged.stream().map(CloudTypes.Instance::id).collect(Collectors.joining(", "))));
                j.waitUntil(t, t);
            };
        }
        for (JobResource r : job.resources()) {
            if (r.getKind() != ResourceKind.INSTANCE || !r.isOwned() || r.isReleased()) {
                continue;
            }
            String id = r.getResourceId();
            Optional<CloudTypes.Instance> instance = seen.instance(id);
            if (instance.isEmpty()) {
                return (j, s, t) -> {
                    JobResource fresh = j.resources().record(ResourceKind.INSTANCE, id, null, true, t);
                    fresh.deleteRequested(t);
                    fresh.released(t);
                    j.log(t, JobLogEntry.Level.INFO, "Released instance " + id);
                    j.waitUntil(t, t);
                };
            }
            if (r.getDeleteRequestedAt() == null) {
                return moves.engine().requestInstanceDeletion(cloud, id, (j, s, t) -> j.steps().callMade(t, LifecycleOutcomes.CALLED + "DeleteInstance " + id + " (force)"));
            }
            return moves.keepWaiting(job, now, "instance " + id + " is still " + instance.get().rawStatus());
        }
        return moves.done("No instance of the server is left");
    }

    /**
     * Deletes the network resources chosen when the deletion was asked, children first (security group, vSwitches,
     * VPC). A parent whose children the cloud is still releasing answers DependencyViolation: that is retried with
     * back-off until the step's deadline, as the cloud needs.
     */
    Outcome deleteNetwork(Job job, CloudRegion cloud, Instant now) {
        for (ResourceKind kind : NETWORK_DELETION_ORDER) {
            for (JobResource r : job.resources()) {
                if (r.getKind() != kind || !r.isOwned() || r.isReleased()) {
                    continue;
                }
                String id = r.getResourceId();
                StepOutcomes.deleteNetworkResource(cloud, kind, id);
                String name = kind.word() + " " + id;
                return (j, s, t) -> {
                    JobResource fresh = j.resources().record(kind, id, r.getZoneId(), true, t);
                    fresh.deleteRequested(t);
                    fresh.released(t);
                    j.log(t, JobLogEntry.Level.INFO, "Deleted " + name);
                    j.waitUntil(t, t);
                };
            }
        }
        List<ResourceKind> order = List.of(ResourceKind.INSTANCE, ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);
        String deleted = job.resources().stream().filter(r -> r.isOwned() && r.isReleased())
                .sorted(Comparator.comparing((JobResource r) -> order.indexOf(r.getKind())))
                .map(r -> r.getKind().word() + " " + r.getResourceId()).collect(Collectors.joining(", "));
        return moves.done("Deleted: " + (deleted.isEmpty() ? "nothing" : deleted)
                + (job.resources().stream().anyMatch(r -> !r.isOwned()) ? "; kept the network resources not chosen" : ""));
    }
}

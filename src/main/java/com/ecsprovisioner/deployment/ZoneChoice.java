package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.engine.ZonePolicy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where a deployment runs: the zone asked for, the region's first zone, or the first zone with the instance type in
 * stock ({@link ZonePolicy}); and, when the chosen zone runs out of the type at RunInstances, leaving it (its own
 * vSwitch released) to choose again among the zones not yet tried.
 */
final class ZoneChoice {

    private static final Logger LOG = Logger.getLogger(ZoneChoice.class.getName());

    private final StepOutcomes outcomes;

    ZoneChoice(StepOutcomes outcomes) {
        this.outcomes = Objects.requireNonNull(outcomes);
    }

    Outcome chooseZone(Job job, CloudRegion cloud) {
        if (job.plan().requestedZoneId() != null) {
            return placed(job.plan().requestedZoneId(), "Zone " + job.plan().requestedZoneId() + " (as requested)");
        }
        List<String> candidates = cloud.zones().stream().map(CloudTypes.Zone::id)
                .filter(z -> !job.zone().excluded().contains(z)).toList();
        if (job.plan().zonePolicy() == ZonePolicy.FIRST_ZONE) {
            if (candidates.isEmpty()) {
                return outcomes.failure(job, "Region " + job.plan().regionId() + " has no zone left to try", null, null);
            }
            return placed(candidates.get(0), "Zone " + candidates.get(0) + " (the region's first zone)");
        }
        for (String zone : candidates) {
            boolean inStock = cloud.availableInstanceTypes(zone).stream().anyMatch(o -> o.instanceType().equals(job.plan().instanceType())
                    && (o.systemDiskCategories().isEmpty() || o.systemDiskCategories().contains(job.plan().diskCategory())));
            if (inStock) {
                return placed(zone, "Zone " + zone + " (the first with " + job.plan().instanceType() + " in stock)");
            }
        }
        return outcomes.failure(job, "No zone of region " + job.plan().regionId() + " has " + job.plan().instanceType()
                + " with a " + job.plan().diskCategory() + " system disk in stock"
                + (job.zone().excluded().isEmpty() ? "" : " (tried " + String.join(", ", job.zone().excluded()) + ")")
                + ": choose another instance type or region, or retry later", CloudException.Kind.OUT_OF_STOCK.name(), null);
    }

    private static Outcome placed(String zone, String what) {
        return (job, server, now) -> {
            job.placeIn(zone, now);
            server.placeIn(zone, now);
            job.steps().complete(now, what);
        };
    }



    /** The zone ran out of the instance type: release this zone's vSwitch if it is ours, and choose again. */
    Outcome leaveZone(Job job, CloudRegion cloud, CloudException e) {
        Optional<JobResource> abandoned = job.resources().current(ResourceKind.VSWITCH).filter(JobResource::isOwned);
        boolean deleted = false;
        if (abandoned.isPresent()) {
            try {
                cloud.deleteVSwitch(abandoned.get().getResourceId());
                deleted = true;
            } catch (CloudException ignored) {
                // Not fatal: the rollback deletes it if the job is ever rolled back; the log says so.
                LOG.fine(() -> "vSwitch " + abandoned.get().getResourceId() + " not deleted after leaving its zone: " + ignored.describe());
            }
        }
        boolean released = deleted;
        String reason = e.code() == null ? e.getMessage() : e.code();
        return (j, s, t) -> {
            abandoned.ifPresent(r -> {
                JobResource fresh = j.resources().record(r.getKind(), r.getResourceId(), r.getZoneId(), true, t);
                if (released) {
                    fresh.deleteRequested(t);
                    fresh.released(t);
                    j.log(t, JobLogEntry.Level.INFO, "vSwitch " + r.getResourceId() + " of the abandoned zone deleted");
                }
            });
            DeploymentJobs.leaveZone(j, reason, t);
        };
    }

}

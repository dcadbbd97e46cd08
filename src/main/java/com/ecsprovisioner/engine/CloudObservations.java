package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the waiting steps look at: the current state of one instance, VPC or vSwitch. {@link #direct} asks the
 * cloud for that one resource; {@link #batched} answers from one describe call per kind made for every job of a
 * profile waiting at the same moment, so that the number of polling calls does not grow with the number of
 * servers. A resource the batch did not cover is asked for directly.
 */
public interface CloudObservations {

    Optional<CloudTypes.Instance> instance(String instanceId);

    Optional<CloudTypes.Vpc> vpc(String vpcId);

    Optional<CloudTypes.VSwitch> vSwitch(String vSwitchId);

    static CloudObservations direct(CloudRegion cloud) {
        return new CloudObservations() {
            @Override
            public Optional<CloudTypes.Instance> instance(String id) {
                return Optional.ofNullable(cloud.describeInstances(List.of(id)).get(id));
            }

            @Override
            public Optional<CloudTypes.Vpc> vpc(String id) {
                return Optional.ofNullable(cloud.describeVpcs(List.of(id)).get(id));
            }

            @Override
            public Optional<CloudTypes.VSwitch> vSwitch(String id) {
                return Optional.ofNullable(cloud.describeVSwitches(List.of(id)).get(id));
            }
        };
    }

    /**
     * Describes all given ids now, one call per kind that has ids (the port splits into requests of 100). Ids
     * absent from an answer are known not to exist (yet).
     */
    static CloudObservations batched(CloudRegion cloud, Collection<String> instanceIds, Collection<String> vpcIds,
                                     Collection<String> vSwitchIds) {
        Batch<CloudTypes.Instance> instances = new Batch<>(instanceIds, cloud::describeInstances);
        Batch<CloudTypes.Vpc> vpcs = new Batch<>(vpcIds, cloud::describeVpcs);
        Batch<CloudTypes.VSwitch> vSwitches = new Batch<>(vSwitchIds, cloud::describeVSwitches);
        CloudObservations fallback = direct(cloud);
        return new CloudObservations() {
            @Override
            public Optional<CloudTypes.Instance> instance(String id) {
                return instances.covers(id) ? instances.get(id) : fallback.instance(id);
            }

            @Override
            public Optional<CloudTypes.Vpc> vpc(String id) {
                return vpcs.covers(id) ? vpcs.get(id) : fallback.vpc(id);
            }

            @Override
            public Optional<CloudTypes.VSwitch> vSwitch(String id) {
                return vSwitches.covers(id) ? vSwitches.get(id) : fallback.vSwitch(id);
            }
        };
    }

    /**
     * One describe call for many ids. A failed call fails each job that asks, as its own transient or permanent
     * error (so each retries with its own back-off), instead of failing the whole sweep.
     */
    final class Batch<T> {
        private final Set<String> asked;
        private final Map<String, T> answer;
        private final CloudException failure;

        Batch(Collection<String> ids, Function<Collection<String>, Map<String, T>> describe) {
            this.asked = Set.copyOf(ids);
            Map<String, T> result = Map.of();
            CloudException failed = null;
            if (!ids.isEmpty()) {
                try {
                    result = describe.apply(ids);
                } catch (CloudException e) {
                    failed = e;
                }
            }
            this.answer = result;
            this.failure = failed;
        }

        boolean covers(String id) {
            return asked.contains(id);
        }

        Optional<T> get(String id) {
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(answer.get(id));
        }
    }

    /**
     * True when the job's next run is a look at something the cloud is preparing (what its handler says it looks at,
     * or an instance its rollback is releasing): such looks are batched per profile.
     */
    static boolean waitsOnCloud(Job job, JobHandlers handlers) {
        return !looks(job, handlers).isEmpty();
    }

    /**
     * One batch for the jobs of one profile that are about to look at the cloud: the VPCs, vSwitches and instances
     * they wait for, each kind described in one call.
     */
    static CloudObservations batchedFor(CloudRegion cloud, Collection<Job> jobs, JobHandlers handlers) {
        Set<String> instances = new LinkedHashSet<>();
        Set<String> vpcs = new LinkedHashSet<>();
        Set<String> vSwitches = new LinkedHashSet<>();
        for (Job job : jobs) {
            CloudLooks looks = looks(job, handlers);
            instances.addAll(looks.instances());
            vpcs.addAll(looks.vpcs());
            vSwitches.addAll(looks.vSwitches());
        }
        return batched(cloud, instances, vpcs, vSwitches);
    }

    /** A rollback looks at the instances it is releasing (the engine's own); a running job, at what its handler says. */
    private static CloudLooks looks(Job job, JobHandlers handlers) {
        if (job.getState() == JobState.ROLLING_BACK) {
            return new CloudLooks(job.resources().stream().filter(r -> r.getKind() == CloudTypes.ResourceKind.INSTANCE
                    && r.getDeleteRequestedAt() != null && !r.isReleased()).map(JobResource::getResourceId).toList(), List.of(), List.of());
        }
        if (job.getState() != JobState.RUNNING && job.getState() != JobState.QUEUED) {
            return CloudLooks.NONE;
        }
        return handlers.find(job.getKind()).map(h -> h.looksAt(job)).orElse(CloudLooks.NONE);
    }
}

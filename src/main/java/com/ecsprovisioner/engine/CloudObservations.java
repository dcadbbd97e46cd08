package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * True when the job's next run is a look at something the cloud is preparing (a VPC, a vSwitch, an instance
     * starting or being released): such looks are batched per profile.
     */
    static boolean waitsOnCloud(Job job) {
        // A lifecycle job looks at its instance from its very first step, so a queued one is batched too.
        if ((job.getState() == JobState.RUNNING || job.getState() == JobState.QUEUED) && lifecycleInstance(job).isPresent()) {
            return true;
        }
        if (job.getState() == JobState.RUNNING) {
            return switch (job.getCurrentStep()) {
                case VPC -> job.resourceId(CloudTypes.ResourceKind.VPC).isPresent();
                case VSWITCH -> job.resource(CloudTypes.ResourceKind.VSWITCH)
                        .filter(r -> Objects.equals(r.getZoneId(), job.getZoneId())).isPresent();
                case RUNNING -> job.resourceId(CloudTypes.ResourceKind.INSTANCE).isPresent();
                default -> false;
            };
        }
        return job.getState() == JobState.ROLLING_BACK && job.resources().stream().anyMatch(r ->
                r.getKind() == CloudTypes.ResourceKind.INSTANCE && r.getDeleteRequestedAt() != null && !r.isReleased());
    }

    /**
     * One batch for the jobs of one profile that are about to look at the cloud: the VPCs, vSwitches and instances
     * they wait for, each kind described in one call.
     */
    static CloudObservations batchedFor(CloudRegion cloud, Collection<Job> jobs) {
        Set<String> instances = new LinkedHashSet<>();
        Set<String> vpcs = new LinkedHashSet<>();
        Set<String> vSwitches = new LinkedHashSet<>();
        for (Job job : jobs) {
            if (!waitsOnCloud(job)) {
                continue;
            }
            if (job.getState() == JobState.ROLLING_BACK) {
                job.resources().stream().filter(r -> r.getKind() == CloudTypes.ResourceKind.INSTANCE
                        && r.getDeleteRequestedAt() != null && !r.isReleased()).forEach(r -> instances.add(r.getResourceId()));
                continue;
            }
            Optional<String> lifecycle = lifecycleInstance(job);
            if (lifecycle.isPresent()) {
                instances.add(lifecycle.get());
                continue;
            }
            switch (job.getCurrentStep()) {
                case VPC -> job.resourceId(CloudTypes.ResourceKind.VPC).ifPresent(vpcs::add);
                case VSWITCH -> job.resourceId(CloudTypes.ResourceKind.VSWITCH).ifPresent(vSwitches::add);
                case RUNNING -> job.resourceId(CloudTypes.ResourceKind.INSTANCE).ifPresent(instances::add);
                default -> {
                }
            }
        }
        return batched(cloud, instances, vpcs, vSwitches);
    }

    /**
     * The instance a lifecycle step looks at now (stop, start, reboot, change of type, release), if any: such looks
     * are batched like the deployment's.
     */
    private static Optional<String> lifecycleInstance(Job job) {
        if (job.getKind() == JobKind.DEPLOY) {
            return Optional.empty();
        }
        return switch (job.getCurrentStep()) {
            case STOP_INSTANCE, START_INSTANCE, REBOOT_INSTANCE, CHANGE_TYPE, OS_REBOOT, OS_BACK ->
                    job.resourceId(CloudTypes.ResourceKind.INSTANCE);
            case DELETE_INSTANCE -> job.resources().stream().filter(r -> r.getKind() == CloudTypes.ResourceKind.INSTANCE
                    && r.getDeleteRequestedAt() != null && !r.isReleased()).map(JobResource::getResourceId).findFirst();
            default -> Optional.empty();
        };
    }
}

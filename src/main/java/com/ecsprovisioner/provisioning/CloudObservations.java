package com.ecsprovisioner.provisioning;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        Map<String, CloudTypes.Instance> instances = instanceIds.isEmpty() ? Map.of() : cloud.describeInstances(instanceIds);
        Map<String, CloudTypes.Vpc> vpcs = vpcIds.isEmpty() ? Map.of() : cloud.describeVpcs(vpcIds);
        Map<String, CloudTypes.VSwitch> vSwitches = vSwitchIds.isEmpty() ? Map.of() : cloud.describeVSwitches(vSwitchIds);
        CloudObservations fallback = direct(cloud);
        java.util.Set<String> askedInstances = java.util.Set.copyOf(instanceIds);
        java.util.Set<String> askedVpcs = java.util.Set.copyOf(vpcIds);
        java.util.Set<String> askedVSwitches = java.util.Set.copyOf(vSwitchIds);
        return new CloudObservations() {
            @Override
            public Optional<CloudTypes.Instance> instance(String id) {
                return askedInstances.contains(id) ? Optional.ofNullable(instances.get(id)) : fallback.instance(id);
            }

            @Override
            public Optional<CloudTypes.Vpc> vpc(String id) {
                return askedVpcs.contains(id) ? Optional.ofNullable(vpcs.get(id)) : fallback.vpc(id);
            }

            @Override
            public Optional<CloudTypes.VSwitch> vSwitch(String id) {
                return askedVSwitches.contains(id) ? Optional.ofNullable(vSwitches.get(id)) : fallback.vSwitch(id);
            }
        };
    }
}

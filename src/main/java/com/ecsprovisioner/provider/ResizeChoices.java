package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.CloudTypes;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instance types a server can be resized to: those its zone offers now (a type the zone has no stock of would
 * fail the resize half-way, with the server stopped), other than the one it has, smallest first.
 */
public final class ResizeChoices {

    private ResizeChoices() {
    }

    public static List<CloudTypes.InstanceType> fitting(List<CloudTypes.InstanceType> types, List<CloudTypes.Offer> offers,
                                                        String zoneId, String currentType) {
        Set<String> offered = offers.stream().filter(o -> o.zoneId() == null || o.zoneId().equals(zoneId))
                .map(CloudTypes.Offer::instanceType).collect(Collectors.toSet());
        return types.stream().filter(t -> offered.contains(t.id()) && !t.id().equals(currentType))
                .sorted(Comparator.comparingInt(CloudTypes.InstanceType::cpuCores).thenComparingDouble(CloudTypes.InstanceType::memoryGiB)
                        .thenComparing(CloudTypes.InstanceType::id))
                .toList();
    }
}

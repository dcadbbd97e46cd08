package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.CloudTypes.InstanceType;
import com.ecsprovisioner.cloud.CloudTypes.Offer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A resize offers the types the server's zone has, other than its own, smallest first. */
class ResizeChoicesTest {

    private static InstanceType type(String id, int cores, double memory) {
        return new InstanceType(id, "ecs.g7", cores, memory, null);
    }

    @Test
    void onlyTypesOfferedInTheZoneAndNotTheCurrentOne() {
        List<InstanceType> types = List.of(type("ecs.g7.2xlarge", 8, 32), type("ecs.g7.large", 2, 8), type("ecs.c7.large", 2, 4),
                type("ecs.g7.xlarge", 4, 16), type("ecs.r7.large", 2, 16));
        List<Offer> offers = List.of(new Offer("cn-hangzhou-h", "ecs.g7.large", List.of()), new Offer("cn-hangzhou-h", "ecs.g7.xlarge", List.of()),
                new Offer("cn-hangzhou-h", "ecs.c7.large", List.of()), new Offer("cn-hangzhou-h", "ecs.g7.2xlarge", List.of()),
                new Offer("cn-hangzhou-i", "ecs.r7.large", List.of()));
        List<String> fitting = ResizeChoices.fitting(types, offers, "cn-hangzhou-h", "ecs.g7.large").stream().map(InstanceType::id).toList();
        assertEquals(List.of("ecs.c7.large", "ecs.g7.xlarge", "ecs.g7.2xlarge"), fitting);
    }
}

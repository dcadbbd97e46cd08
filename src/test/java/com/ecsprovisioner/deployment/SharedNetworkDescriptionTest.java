package com.ecsprovisioner.deployment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared VPC's description, read by people in Alibaba Cloud's console, names the profile as people know it. */
class SharedNetworkDescriptionTest {

    @Test
    void namesTheProfileByItsName() {
        assertEquals("Shared network of provider profile Shop production (ECS Provisioner)",
                NetworkSteps.sharedDescription("  Shop \n production "));
    }

    @Test
    void withoutANameItSaysNoNumber() {
        assertEquals("Shared network of a provider profile (ECS Provisioner)", NetworkSteps.sharedDescription(null));
    }

    @Test
    void aLongNameStaysWithinTheCloudsLimit() {
        String d = NetworkSteps.sharedDescription("x".repeat(300));
        assertEquals(256, d.length());
        assertTrue(d.endsWith("… (ECS Provisioner)"), d);
    }
}

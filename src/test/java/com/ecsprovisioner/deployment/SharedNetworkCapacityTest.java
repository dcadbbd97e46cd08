package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The profile's shared network holds hundreds of servers in one zone: more than the 252 a /24 vSwitch has
 * addresses for (the sandbox hands out private addresses from the vSwitch's block and refuses RunInstances when
 * it is full, as Alibaba does).
 */
class SharedNetworkCapacityTest {

    @Test
    void threeHundredServersFitInTheSharedNetworkOfOneZone() {
        int servers = 300;
        // A security group per server (firewall rules never reach another server): the group quota must hold them all.
        Quotas roomy = new Quotas(10, 150, servers + 1, 200, 500, servers + 1);
        ProvisioningSettings noWaits = ProvisioningSettings.defaults().withWaits(Duration.ZERO, Duration.ZERO, Duration.ZERO);
        try (EngineHarness h = new EngineHarness(b -> b.quotas(roomy), noWaits, "sandbox-admin", true)) {
            for (int i = 0; i < servers; i++) {
                h.deploy(DeployRequest.withDefaults("crowd-" + i, EngineHarness.PROFILE).withNetworkPolicy(NetworkPolicy.SHARED_PER_PROFILE));
            }
            // A guard against a hang, not a speed target: 300 deployments took 100-130 s on a loaded 2-core machine.
            h.runUntilSettled(Duration.ofMinutes(10));
            List<Job> failed = h.jobs.values().stream().filter(j -> j.getState() != JobState.SUCCEEDED).toList();
            assertTrue(failed.isEmpty(), failed.size() + " failed, first: " + (failed.isEmpty() ? "" : failed.get(0).getFailureMessage()));
            assertEquals(1, h.jobs.values().stream().map(j -> j.zone().zoneId()).distinct().count(), "all in one zone");
        }
    }

    @Test
    void everyZoneIndexGetsItsOwnSlash20InsideTheSharedVpc() {
        assertEquals("172.16.0.0/20", NetworkSteps.sharedVSwitchCidr(0));
        assertEquals("172.16.16.0/20", NetworkSteps.sharedVSwitchCidr(1));
        assertEquals("172.17.0.0/20", NetworkSteps.sharedVSwitchCidr(16));
        assertEquals("172.31.144.0/20", NetworkSteps.sharedVSwitchCidr(249));
    }
}

package com.ecsprovisioner.sandbox;

import com.ecsprovisioner.sandbox.cloud.Quotas;
import com.ecsprovisioner.testsupport.FreePort;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sandbox started inside the application (or by SandboxMain) takes every quota its configuration documents: the
 * vCPU quota was once left out, so that a benchmark raising the instance quota still hit 500 vCPUs.
 */
class SandboxSystemSettingsTest {

    @Test
    void everyQuotaSettingReachesTheSandbox() {
        Map<String, String> settings = Map.of("ecs.sandbox.port", "0", "ecs.sandbox.ssh.port", String.valueOf(FreePort.next()),
                "ecs.sandbox.quota.vpcs-per-region", "11", "ecs.sandbox.quota.vswitches-per-vpc", "12",
                "ecs.sandbox.quota.security-groups-per-region", "13", "ecs.sandbox.quota.rules-per-security-group", "14",
                "ecs.sandbox.quota.key-pairs-per-region", "15", "ecs.sandbox.quota.instances-per-region", "1010",
                "ecs.sandbox.quota.vcpus-per-region", "8100");
        try (SandboxSystem sandbox = SandboxSystem.start(settings::get, null)) {
            Quotas q = sandbox.api().config().quotas();
            assertEquals(new Quotas(11, 12, 13, 14, 15, 1010, 8100), q);
        }
    }
}

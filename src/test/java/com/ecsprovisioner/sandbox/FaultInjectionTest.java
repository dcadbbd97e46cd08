package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults per action, reproducible with a seed, and off by default. */
class FaultInjectionTest {

    private static List<String> outcomes(long seed) {
        SandboxConfig config = SandboxConfig.builder().durations(Durations.IMMEDIATE).faultSeed(seed)
                .fault("DescribeRegions", new FaultRule(0.3, 0.3, 0.1, 0)).build();
        List<String> out = new ArrayList<>();
        try (Sandbox s = Sandbox.start(config)) {
            IAcsClient c = SdkClients.client(s, s.accounts().get(0), "cn-hangzhou");
            for (int i = 0; i < 30; i++) {
                try {
                    c.getAcsResponse(new DescribeRegionsRequest());
                    out.add("ok");
                } catch (ServerException e) {
                    out.add("5xx:" + e.getErrCode());
                } catch (ClientException e) {
                    out.add(e.getErrCode());
                }
            }
            // Other actions are untouched.
            try {
                assertEquals(4, c.getAcsResponse(new DescribeZonesRequest()).getZones().size());
            } catch (ClientException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Test
    void sameSeedSameFaults() {
        List<String> a = outcomes(7);
        List<String> b = outcomes(7);
        assertEquals(a, b);
        assertTrue(a.contains("Throttling.User"), a.toString());
        assertTrue(a.contains("5xx:ServiceUnavailable"), a.toString());
        assertTrue(a.contains("SDK.ServerUnreachable"), a.toString());
        assertTrue(a.contains("ok"), a.toString());
        assertTrue(!a.equals(outcomes(8)), "a different seed gives a different sequence");
    }

    @Test
    void latencyIsAddedWithoutFailing() throws Exception {
        SandboxConfig config = SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .fault("*", new FaultRule(0, 0, 0, 150)).build();
        try (Sandbox s = Sandbox.start(config)) {
            IAcsClient c = SdkClients.client(s, s.accounts().get(0), "cn-hangzhou");
            long t0 = System.nanoTime();
            c.getAcsResponse(new DescribeRegionsRequest());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 150, "took " + ms + " ms");
        }
    }

    @Test
    void configParsesFaultsStockAndRejectsBadValues() {
        SandboxConfig c = SandboxConfig.fromProperties(java.util.Map.of(
                "ecs.sandbox.port", "0",
                "ecs.sandbox.faults", "RunInstances:throttle=0.5,latency=20;*:error=0.01",
                "ecs.sandbox.faults.seed", "9",
                "ecs.sandbox.stock", "cn-hangzhou-h/ecs.g7.large=0",
                "ecs.sandbox.duration.instance-starting", "PT1S",
                "ecs.sandbox.quota.vpcs-per-region", "4",
                "ecs.sandbox.accounts", "LTAIabc:sec:100:alice:AliyunECSFullAccess+AliyunVPCReadOnlyAccess"));
        assertEquals(new FaultRule(0.5, 0, 0, 20), c.faults().get("RunInstances"));
        assertEquals(0, c.stock().get("cn-hangzhou-h/ecs.g7.large"));
        assertEquals(4, c.quotas().vpcsPerRegion());
        assertEquals(java.time.Duration.ofSeconds(1), c.durations().instanceStarting());
        assertEquals("alice", c.accounts().get(0).userName());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SandboxConfig.fromProperties(java.util.Map.of("ecs.sandbox.faults", "RunInstances:explode=1")));
        assertTrue(e.getMessage().contains("explode"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SandboxConfig.fromProperties(java.util.Map.of("ecs.sandbox.accounts", "LTAIabc:sec:100:alice:Root")));
        assertTrue(e.getMessage().contains("Root"), e.getMessage());
    }
}

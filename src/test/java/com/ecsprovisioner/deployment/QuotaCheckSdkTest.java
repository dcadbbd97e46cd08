package com.ecsprovisioner.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pre-flight check's quota part with the real SDK against the sandbox: it refuses by the account's own quota,
 * so a quota raised past the documented default lets a deployment through that the default would have refused, and a
 * quota that cannot be read refuses nothing.
 */
class QuotaCheckSdkTest {

    private static final String TYPE = "ecs.t6-c1m1.large";
    private final AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private CloudRegion start(Quotas quotas, String user) {
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).quotas(quotas).build());
        AccessKey k = sandbox.accounts().stream().filter(a -> a.userName().equals(user)).findFirst().orElseThrow();
        return cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                Optional.of(URI.create("http://" + sandbox.endpoint()))));
    }

    private void vpcs(int count) {
        AccessKey admin = sandbox.accounts().stream().filter(a -> a.userName().equals("sandbox-admin")).findFirst().orElseThrow();
        CloudRegion region = cloud.region(new CloudConnection(admin.id(), admin.secret(), "cn-hangzhou",
                Optional.of(URI.create("http://" + sandbox.endpoint()))));
        for (int i = 0; i < count; i++) {
            region.createVpc(new CloudTypes.VpcSpec("v" + i, "10." + i + ".0.0/16", null, Map.of()), UUID.randomUUID().toString());
        }
    }

    @Test
    void aRaisedVpcQuotaLetsTheEleventhServerThrough() {
        CloudRegion region = start(new Quotas(12, 150, 100, 200, 500, 100), "sandbox-admin");
        vpcs(10);
        assertEquals(List.of(), QuotaCheck.shortfalls(region, NetworkPolicy.PER_SERVER, TYPE, 1), "10 of 12: two left");
        vpcs(2);
        List<String> full = QuotaCheck.shortfalls(region, NetworkPolicy.PER_SERVER, TYPE, 1);
        assertTrue(full.size() == 1 && full.get(0).contains("VPCs per region 12 of 12"), full.toString());
        assertEquals(List.of(), QuotaCheck.shortfalls(region, NetworkPolicy.SHARED_PER_PROFILE, TYPE, 1),
                "the shared network needs no new VPC");
    }

    @Test
    void usedUpVcpusRefuseTheInstanceType() {
        CloudRegion region = start(new Quotas(10, 150, 100, 200, 500, 100, 1), "sandbox-admin");
        List<String> e = QuotaCheck.shortfalls(region, NetworkPolicy.SHARED_PER_PROFILE, TYPE, 1);
        assertTrue(e.size() == 1 && e.get(0).contains("Pay-as-you-go vCPUs per region 0 of 1") && e.get(0).contains("needs 2 more"),
                e.toString());
    }

    @Test
    void aQuotaTheKeyMayNotReadRefusesNothing() {
        CloudRegion ecsOnly = start(new Quotas(2, 150, 100, 200, 500, 100), "sandbox-ecs-only");
        vpcs(2);
        // Quota Center refuses this key: the full VPC quota is not known, so it is not guessed (the cloud refuses later).
        assertEquals(List.of(), QuotaCheck.shortfalls(ecsOnly, NetworkPolicy.PER_SERVER, TYPE, 1));
    }
}

package com.ecsprovisioner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.QuotaKind;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Policy;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the quota meter, the warnings and the connection test show, from the real SDK against the sandbox's
 * configured quotas: a raised quota is the limit shown, and a quota the key may not read is shown as not readable,
 * the VPC one with the documented default marked as an assumption and the policy to grant.
 */
class QuotaReadingSdkTest {

    /** May read ECS and count VPCs, but not read Quota Center. */
    private static final AccessKey NO_QUOTA_CENTER = new AccessKey("LTAI5tNoQuotaCenter00001", "no-quota-center",
            "1234567890123456", "no-quota-center", Set.of(Policy.ECS_FULL, Policy.VPC_READ_ONLY));

    private final AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private void start(Quotas quotas) {
        List<AccessKey> keys = new java.util.ArrayList<>(SandboxConfig.defaultAccounts());
        keys.add(NO_QUOTA_CENTER);
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).quotas(quotas)
                .accounts(keys.toArray(AccessKey[]::new)).build());
    }

    private CloudRegion region(String user) {
        AccessKey k = sandbox.accounts().stream().filter(a -> a.userName().equals(user)).findFirst().orElseThrow();
        return cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                Optional.of(URI.create("http://" + sandbox.endpoint()))));
    }

    private static Map<QuotaKind, QuotaReading> read(CloudRegion region) {
        return QuotaReading.of(region.quotas(), region::vpcCount).stream()
                .collect(Collectors.toMap(QuotaReading::kind, Function.identity()));
    }

    @Test
    void aRaisedQuotaIsTheLimitShownAndNotTheDocumentedDefault() {
        start(new Quotas(25, 150, 120, 200, 500, 100, 64));
        CloudRegion admin = region("sandbox-admin");
        for (int i = 0; i < 9; i++) {
            admin.createVpc(new CloudTypes.VpcSpec("v" + i, "10." + i + ".0.0/16", null, Map.of()), UUID.randomUUID().toString());
        }
        Map<QuotaKind, QuotaReading> q = read(admin);
        QuotaReading vpcs = q.get(QuotaKind.VPCS_PER_REGION);
        assertEquals(new QuotaReading(QuotaKind.VPCS_PER_REGION, "VPCs per region", 9, 25, false, null), vpcs);
        // With the old constant of 10, 9 VPCs were "nearly full"; of 25 they are not.
        assertFalse(vpcs.isLow(), vpcs.text());
        assertEquals("VPCs per region: 9 of 25 used", vpcs.text());
        assertEquals(120, q.get(QuotaKind.SECURITY_GROUPS_PER_REGION).limit());
        assertEquals(64, q.get(QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION).limit());
        for (int i = 9; i < 23; i++) {
            admin.createVpc(new CloudTypes.VpcSpec("v" + i, "10." + i + ".0.0/16", null, Map.of()), UUID.randomUUID().toString());
        }
        assertTrue(read(admin).get(QuotaKind.VPCS_PER_REGION).isLow(), "23 of 25: two left");
    }

    @Test
    void aQuotaTheKeyMayNotReadIsShownAsSuchAndTheDefaultIsMarkedAssumed() {
        start(new Quotas(25, 150, 120, 200, 500, 100, 64));
        region("sandbox-admin").createVpc(new CloudTypes.VpcSpec("v", "10.0.0.0/16", null, Map.of()), UUID.randomUUID().toString());
        QuotaReading vpcs = read(region("no-quota-center")).get(QuotaKind.VPCS_PER_REGION);
        assertTrue(vpcs.assumed());
        assertTrue(vpcs.hasNumbers());
        assertEquals(1, vpcs.used(), "counted by DescribeVpcs");
        assertEquals(QuotaReading.DEFAULT_VPCS_PER_REGION, vpcs.limit());
        assertTrue(vpcs.text().startsWith("VPCs per region: 1 of 10 used (10 is the documented default, ASSUMED"), vpcs.text());
        assertTrue(vpcs.text().contains("AliyunQuotasReadOnlyAccess"), vpcs.text());

        // A key that may neither read Quota Center nor count VPCs: nothing is assumed, nothing shown as numbers.
        Map<QuotaKind, QuotaReading> ecsOnly = read(region("sandbox-ecs-only"));
        QuotaReading none = ecsOnly.get(QuotaKind.VPCS_PER_REGION);
        assertFalse(none.hasNumbers());
        assertFalse(none.isLow());
        assertTrue(none.text().startsWith("VPCs per region: not readable — "), none.text());
        assertTrue(none.text().contains("AliyunVPCFullAccess"), none.text());
        assertEquals(120, ecsOnly.get(QuotaKind.SECURITY_GROUPS_PER_REGION).limit(), "ECS attributes stay readable");
    }
}

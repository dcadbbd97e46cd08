package com.ecsprovisioner.cloud.alibaba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.BandwidthBilling;
import com.ecsprovisioner.cloud.CloudTypes.QuotaKind;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Policy;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The port's quotas and prices through the adapter, with the real SDK v1 against the sandbox: VPCs per region from
 * Quota Center (core SDK CommonRequest), security groups and pay-as-you-go vCPUs from ECS DescribeAccountAttributes,
 * prices from DescribePrice; a source the key may not read is reported beside what could be read, with the policy
 * to grant, the cloud's code and request id.
 */
class QuotasAndPricesAdapterTest {

    private static final String ZONE = "cn-hangzhou-h";
    private static final String IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
    /** Quota Center and ECS read-only rights, no VPC right: a key that reads every quota but cannot make a VPC. */
    private static final AccessKey QUOTAS_ONLY = new AccessKey("LTAI5tQuotasOnlyKey00001", "quotas-only-secret",
            "1234567890123456", "quotas-only", Set.of(Policy.QUOTAS_READ_ONLY));

    private final AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private void start(Consumer<SandboxConfig.Builder> config) {
        SandboxConfig.Builder b = SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .quotas(new Quotas(4, 150, 7, 200, 500, 100, 6));
        config.accept(b);
        sandbox = Sandbox.start(b.build());
    }

    private CloudRegion region(String user) {
        AccessKey k = sandbox.accounts().stream().filter(a -> a.userName().equals(user)).findFirst().orElseThrow();
        return region(k.id(), k.secret());
    }

    private CloudRegion region(String id, String secret) {
        return cloud.region(new CloudConnection(id, secret, "cn-hangzhou",
                Optional.of(URI.create("http://" + sandbox.endpoint()))));
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    @Test
    void eachQuotaIsReadWhereTheCloudExposesItWithItsUse() {
        start(b -> { });
        CloudRegion admin = region("sandbox-admin");
        CloudTypes.QuotaReport empty = admin.quotas();
        assertEquals(Map.of(), empty.unreadable());
        assertEquals(new CloudTypes.Quota("VPCs per region", 0, 4), empty.get(QuotaKind.VPCS_PER_REGION).orElseThrow());
        assertEquals(new CloudTypes.Quota("Security groups per region", 0, 7),
                empty.get(QuotaKind.SECURITY_GROUPS_PER_REGION).orElseThrow());
        assertEquals(new CloudTypes.Quota("Pay-as-you-go vCPUs per region", 0, 6),
                empty.get(QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION).orElseThrow());

        String vpc = admin.createVpc(new CloudTypes.VpcSpec("a", "172.16.0.0/12", null, Map.of()), token());
        admin.createVpc(new CloudTypes.VpcSpec("b", "10.0.0.0/16", null, Map.of()), token());
        String vsw = admin.createVSwitch(new CloudTypes.VSwitchSpec(vpc, ZONE, "s", "172.16.1.0/24", Map.of()), token());
        String sg = admin.createSecurityGroup(new CloudTypes.SecurityGroupSpec(vpc, "g", null, Map.of()), token());
        admin.runInstance(new CloudTypes.InstanceSpec("web-1", "web-1", ZONE, "ecs.t6-c1m1.large", IMAGE, vsw, sg, null,
                "cloud_essd", 40, 5, Map.of()), token());

        CloudTypes.QuotaReport used = admin.quotas();
        assertEquals(2, used.get(QuotaKind.VPCS_PER_REGION).orElseThrow().used());
        assertEquals(2, used.get(QuotaKind.VPCS_PER_REGION).orElseThrow().remaining());
        assertEquals(1, used.get(QuotaKind.SECURITY_GROUPS_PER_REGION).orElseThrow().used());
        assertEquals(2, used.get(QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION).orElseThrow().used(), "one 2-vCPU instance");
        assertEquals(used.get(QuotaKind.VPCS_PER_REGION).orElseThrow(), region("sandbox-read-only").quotas()
                .get(QuotaKind.VPCS_PER_REGION).orElseThrow(), "the read-only key reads quotas too");
    }

    @Test
    void aSourceTheKeyMayNotReadIsReportedBesideWhatCouldBeRead() {
        start(b -> b.accounts(SandboxConfig.defaultAccounts().toArray(AccessKey[]::new)).account(QUOTAS_ONLY));
        CloudTypes.QuotaReport ecsOnly = region("sandbox-ecs-only").quotas();
        CloudException noQuotaCenter = ecsOnly.unreadable().get(QuotaKind.VPCS_PER_REGION);
        assertEquals(Kind.FORBIDDEN, noQuotaCenter.kind());
        assertEquals("Forbidden.RAM", noQuotaCenter.code());
        assertNotNull(noQuotaCenter.requestId());
        assertEquals("AliyunQuotasReadOnlyAccess", noQuotaCenter.missingPolicy());
        assertTrue(noQuotaCenter.getMessage().contains("quotas:ListProductQuotas")
                && noQuotaCenter.getMessage().contains("AliyunQuotasReadOnlyAccess"), noQuotaCenter.getMessage());
        assertTrue(ecsOnly.get(QuotaKind.VPCS_PER_REGION).isEmpty());
        assertEquals(7, ecsOnly.get(QuotaKind.SECURITY_GROUPS_PER_REGION).orElseThrow().limit());
        assertEquals(6, ecsOnly.get(QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION).orElseThrow().limit());

        CloudTypes.QuotaReport quotasOnly = region(QUOTAS_ONLY.id(), QUOTAS_ONLY.secret()).quotas();
        assertEquals(4, quotasOnly.get(QuotaKind.VPCS_PER_REGION).orElseThrow().limit());
        CloudException noEcs = quotasOnly.unreadable().get(QuotaKind.SECURITY_GROUPS_PER_REGION);
        assertEquals(Kind.FORBIDDEN, noEcs.kind());
        assertEquals("AliyunECSFullAccess", noEcs.missingPolicy());
        assertEquals(noEcs, quotasOnly.unreadable().get(QuotaKind.PAY_AS_YOU_GO_VCPUS_PER_REGION));
    }

    @Test
    void failuresOfTheWholeCallAreThrown() {
        start(b -> b.fault("ListProductQuotas", new FaultRule(1.0, 0, 0, 0)));
        CloudException throttled = assertThrows(CloudException.class, () -> region("sandbox-admin").quotas());
        assertEquals(Kind.THROTTLED, throttled.kind());
        assertTrue(throttled.isTransient());
        AccessKey admin = sandbox.accounts().get(0);
        CloudException wrong = assertThrows(CloudException.class, () -> region(admin.id(), "wrong-secret").quotas());
        assertEquals(Kind.BAD_CREDENTIALS, wrong.kind());
    }

    private static CloudTypes.PriceQuery query(String type, int mbps, BandwidthBilling billing) {
        return new CloudTypes.PriceQuery(type, "cloud_essd", 40, mbps, billing);
    }

    @Test
    void aServerIsPricedPerHourInTheReportedCurrencyWithEachItem() {
        start(b -> { });
        CloudRegion readOnly = region("sandbox-read-only");
        CloudTypes.Price byTraffic = readOnly.price(query("ecs.t6-c1m1.large", 5, BandwidthBilling.BY_TRAFFIC));
        assertEquals("USD", byTraffic.currency());
        assertEquals(new BigDecimal("0.025"), byTraffic.instanceTypePerHour());
        assertEquals(new BigDecimal("0.008"), byTraffic.systemDiskPerHour(), "40 GiB of ESSD");
        assertEquals(0, byTraffic.bandwidthPerHour().signum(), "traffic is billed per GB, not per hour");
        assertEquals(new BigDecimal("0.033"), byTraffic.perHour());

        CloudTypes.Price byBandwidth = readOnly.price(query("ecs.c7.large", 10, BandwidthBilling.BY_BANDWIDTH));
        assertEquals(new BigDecimal("0.0845"), byBandwidth.bandwidthPerHour(), "5 Mbit/s at the first rate, 5 above");
        assertEquals(0, byBandwidth.perHour().compareTo(byBandwidth.instanceTypePerHour()
                .add(byBandwidth.systemDiskPerHour()).add(byBandwidth.bandwidthPerHour())), byBandwidth.toString());
        assertTrue(readOnly.price(query("ecs.c7.xlarge", 5, BandwidthBilling.BY_TRAFFIC)).instanceTypePerHour()
                .compareTo(byBandwidth.instanceTypePerHour()) > 0);

        CloudException unknown = assertThrows(CloudException.class,
                () -> readOnly.price(query("ecs.nope.large", 5, BandwidthBilling.BY_TRAFFIC)));
        assertEquals(Kind.INVALID_REQUEST, unknown.kind());
        assertEquals("InvalidInstanceType.ValueNotSupported", unknown.code());
        assertNotNull(unknown.requestId());
        CloudException noType = assertThrows(CloudException.class, () -> readOnly.price(query(" ", 5, BandwidthBilling.BY_TRAFFIC)));
        assertEquals(Kind.INVALID_REQUEST, noType.kind());
    }
}

package com.ecsprovisioner.cloud.alibaba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.IngressRule;
import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.cloud.CloudTypes.NetworkStatus;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.CloudSnapshot;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The adapter with the real Alibaba SDK against the sandbox cloud, started in-process on an ephemeral port with
 * immediate state transitions. Every test starts its own sandbox.
 */
class AlibabaCloudSandboxTest {

    private static final String ZONE = "cn-hangzhou-h";
    private static final String TYPE = "ecs.t6-c1m1.large";
    private static final String IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
    private static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICnohXTUUfXuOB9hVBLHApw2a2YpJD61UF19I5kqAARQ t";

    private final List<AutoCloseable> open = new ArrayList<>();
    private Sandbox sandbox;
    private final AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Sandbox start(Consumer<SandboxConfig.Builder> config) {
        SandboxConfig.Builder b = SandboxConfig.builder().durations(Durations.IMMEDIATE);
        config.accept(b);
        sandbox = Sandbox.start(b.build());
        open.add(sandbox);
        return sandbox;
    }

    private AccessKey key(String user) {
        return sandbox.accounts().stream().filter(k -> k.userName().equals(user)).findFirst().orElseThrow();
    }

    private CloudConnection connection(String user, String regionId) {
        AccessKey k = key(user);
        return new CloudConnection(k.id(), k.secret(), regionId, Optional.of(URI.create("http://" + sandbox.endpoint())));
    }

    private CloudRegion admin() {
        return cloud.region(connection("sandbox-admin", "cn-hangzhou"));
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    private static CloudException fails(Kind kind, Executable call) {
        CloudException e = assertThrows(CloudException.class, call);
        assertEquals(kind, e.kind(), e::describe);
        return e;
    }

    private record Net(String vpcId, String vSwitchId, String securityGroupId) {
    }

    private Net network(CloudRegion region, String cidr) {
        Map<String, String> tags = Map.of("ecs-provisioner", "server-1");
        String vpc = region.createVpc(new CloudTypes.VpcSpec("blog-vpc", "172.16.0.0/12", "for a test", tags), token());
        String vsw = region.createVSwitch(new CloudTypes.VSwitchSpec(vpc, ZONE, "blog-vsw", cidr, tags), token());
        String sg = region.createSecurityGroup(new CloudTypes.SecurityGroupSpec(vpc, "blog-sg", "web", tags), token());
        return new Net(vpc, vsw, sg);
    }

    private CloudTypes.InstanceSpec spec(Net net, String name) {
        return new CloudTypes.InstanceSpec(name, "blog", ZONE, TYPE, IMAGE, net.vSwitchId(), net.securityGroupId(),
                null, "cloud_essd", 40, 5, Map.of("ecs-provisioner", name));
    }

    // ---- catalogue ------------------------------------------------------------------------------------------

    @Test
    void catalogue() {
        start(b -> b.stock(ZONE, "ecs.g7.large", 0));
        CloudRegion region = admin();
        Map<String, CloudTypes.Region> regions = region.regions().stream()
                .collect(Collectors.toMap(CloudTypes.Region::id, r -> r));
        assertTrue(regions.get("cn-hangzhou").mainlandChina());
        assertFalse(regions.get("cn-hongkong").mainlandChina());
        assertFalse(regions.get("ap-southeast-1").mainlandChina());
        assertEquals(List.of("cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"),
                region.zones().stream().map(CloudTypes.Zone::id).toList());

        List<CloudTypes.Offer> offers = region.availableInstanceTypes(ZONE);
        List<String> types = offers.stream().map(CloudTypes.Offer::instanceType).toList();
        assertTrue(types.contains(TYPE), types.toString());
        assertFalse(types.contains("ecs.g7.large"), "sold out in " + ZONE);
        assertTrue(offers.get(0).systemDiskCategories().contains("cloud_essd"), offers.get(0).toString());
        assertTrue(region.availableInstanceTypes("cn-hangzhou-i").stream().anyMatch(o -> o.instanceType().equals("ecs.g7.large")));

        CloudTypes.InstanceType t6 = region.instanceTypes().stream().filter(t -> t.id().equals(TYPE)).findFirst().orElseThrow();
        assertEquals(2, t6.cpuCores());
        assertEquals(2.0, t6.memoryGiB());
        CloudTypes.Image image = region.publicImages().stream().filter(i -> i.id().equals(IMAGE)).findFirst().orElseThrow();
        assertEquals("linux", image.osType());
        assertEquals(20, image.sizeGiB());
    }

    // ---- key pairs ------------------------------------------------------------------------------------------

    @Test
    void keyPairsAcrossPages() throws Exception {
        start(b -> { });
        try (CountingProxy proxy = new CountingProxy(sandbox.endpoint())) {
            AccessKey k = key("sandbox-admin");
            CloudRegion region = cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                    Optional.of(URI.create(proxy.endpoint()))));
            for (int i = 0; i < 55; i++) {
                region.importKeyPair("key-" + i, ED25519);
            }
            CloudTypes.CreatedKeyPair created = region.createKeyPair("made-by-cloud");
            assertTrue(created.privateKeyPem().contains("PRIVATE KEY"));
            assertFalse(created.toString().contains("PRIVATE"), "the private key stays out of toString");
            List<CloudTypes.KeyPair> all = region.keyPairs();
            assertEquals(56, all.size());
            assertEquals(56, all.stream().map(CloudTypes.KeyPair::name).distinct().count());
            assertEquals(2, proxy.calls("DescribeKeyPairs"), "56 key pairs in pages of 50");
            assertEquals(KeyFingerprint.ED25519, all.get(0).fingerprint());

            fails(Kind.CONFLICT, () -> region.importKeyPair("key-0", ED25519));
            region.deleteKeyPairs(all.stream().map(CloudTypes.KeyPair::name).toList());
            assertTrue(region.keyPairs().isEmpty());
            assertEquals(1, proxy.calls("DeleteKeyPairs"));
        }
    }

    /** The sandbox's fingerprint of {@link #ED25519}, as ssh-keygen -E md5 prints it without colons. */
    private static final class KeyFingerprint {
        static final String ED25519 = "34ffc1a676ae690cdeba9d21433d04f3";
    }

    // ---- networks -------------------------------------------------------------------------------------------

    @Test
    void networksWithTagsRulesAndDeletion() throws Exception {
        start(b -> { });
        try (CountingProxy proxy = new CountingProxy(sandbox.endpoint())) {
            AccessKey k = key("sandbox-admin");
            CloudRegion region = cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                    Optional.of(URI.create(proxy.endpoint()))));
            Net net = network(region, "172.16.1.0/24");

            CloudTypes.Vpc vpc = region.describeVpcs(List.of(net.vpcId(), "vpc-unknown")).get(net.vpcId());
            assertEquals(NetworkStatus.AVAILABLE, vpc.status());
            assertEquals("Available", vpc.rawStatus());
            assertEquals("server-1", vpc.tags().get("ecs-provisioner"));
            assertNotNull(vpc.createdAt());
            assertEquals(1, region.describeVpcs(List.of(net.vpcId(), "vpc-unknown")).size());
            CloudTypes.VSwitch vsw = region.describeVSwitches(List.of(net.vSwitchId())).get(net.vSwitchId());
            assertEquals(NetworkStatus.AVAILABLE, vsw.status());
            assertEquals(ZONE, vsw.zoneId());
            assertEquals("server-1", vsw.tags().get("ecs-provisioner"));
            CloudTypes.SecurityGroup sg = region.describeSecurityGroups(List.of(net.securityGroupId())).get(net.securityGroupId());
            assertEquals(net.vpcId(), sg.vpcId());
            assertEquals("server-1", sg.tags().get("ecs-provisioner"));

            region.authorizeIngress(net.securityGroupId(), List.of(IngressRule.tcp(22, "ssh"), IngressRule.tcp(80, "http"),
                    IngressRule.tcp(443, "https")), token());
            assertEquals(1, proxy.calls("AuthorizeSecurityGroup"), "SSH, 80 and 443 in one call");
            assertEquals("3", rules(net.securityGroupId()));
            // More than 100 rules take two calls; rules already there are not an error.
            List<IngressRule> many = new ArrayList<>(IntStream.range(1000, 1120).mapToObj(p -> IngressRule.tcp(p, "p" + p)).toList());
            many.add(IngressRule.tcp(22, "ssh"));
            region.authorizeIngress(net.securityGroupId(), many, token());
            assertEquals(3, proxy.calls("AuthorizeSecurityGroup"));
            assertEquals("123", rules(net.securityGroupId()));
            fails(Kind.INVALID_REQUEST, () -> region.authorizeIngress(net.securityGroupId(), List.of(new IngressRule(0, 70000, "0.0.0.0/0", "")), token()));

            Map<CloudTypes.ResourceKind, List<String>> tagged = region.networkResourcesTagged("ecs-provisioner", Optional.of("server-1"))
                    .stream().collect(Collectors.groupingBy(CloudTypes.TaggedResource::kind,
                            Collectors.mapping(CloudTypes.TaggedResource::id, Collectors.toList())));
            assertEquals(List.of(net.vpcId()), tagged.get(CloudTypes.ResourceKind.VPC));
            assertEquals(List.of(net.vSwitchId()), tagged.get(CloudTypes.ResourceKind.VSWITCH));
            assertEquals(List.of(net.securityGroupId()), tagged.get(CloudTypes.ResourceKind.SECURITY_GROUP));
            assertEquals(3, region.networkResourcesTagged("ecs-provisioner", Optional.empty()).size());
            assertTrue(region.networkResourcesTagged("ecs-provisioner", Optional.of("server-2")).isEmpty());

            // The VPC still has children: a dependency the engine retries once they are released.
            CloudException dep = fails(Kind.CONFLICT, () -> region.deleteVpc(net.vpcId()));
            assertTrue(dep.isTransient());
            assertTrue(dep.code().startsWith("DependencyViolation"), dep.code());
            assertNotNull(dep.requestId());
            region.deleteSecurityGroup(net.securityGroupId());
            region.deleteVSwitch(net.vSwitchId());
            region.deleteVpc(net.vpcId());
            assertTrue(region.describeSecurityGroups(List.of(net.securityGroupId())).isEmpty());
            fails(Kind.NOT_FOUND, () -> region.deleteVSwitch(net.vSwitchId()));
            CloudException bad = fails(Kind.INVALID_REQUEST, () -> region.createVpc(
                    new CloudTypes.VpcSpec("x", "8.8.8.0/24", null, Map.of()), token()));
            assertFalse(bad.isTransient());
        }
    }

    private String rules(String securityGroupId) {
        for (CloudSnapshot.Account a : sandbox.inspect().accounts()) {
            for (CloudSnapshot.Region r : a.regions()) {
                for (CloudSnapshot.Resource res : r.resources()) {
                    if (res.id().equals(securityGroupId)) {
                        return res.details().get("Rules");
                    }
                }
            }
        }
        return null;
    }

    @Test
    void clientTokensMakeCreatesRepeatable() {
        start(b -> { });
        CloudRegion region = admin();
        CloudTypes.VpcSpec spec = new CloudTypes.VpcSpec("again", "10.0.0.0/16", null, Map.of());
        String t = token();
        String first = region.createVpc(spec, t);
        assertEquals(first, region.createVpc(spec, t), "same token, same VPC");
        assertNotEquals(first, region.createVpc(spec, token()));
        String vsw = region.createVSwitch(new CloudTypes.VSwitchSpec(first, ZONE, "s", "10.0.1.0/24", Map.of()), t);
        assertEquals(vsw, region.createVSwitch(new CloudTypes.VSwitchSpec(first, ZONE, "s", "10.0.1.0/24", Map.of()), t));
        String sgToken = token();
        String sg = region.createSecurityGroup(new CloudTypes.SecurityGroupSpec(first, "g", null, Map.of()), sgToken);
        assertEquals(sg, region.createSecurityGroup(new CloudTypes.SecurityGroupSpec(first, "g", null, Map.of()), sgToken));
        Net net = new Net(first, vsw, sg);
        String runToken = token();
        String id = region.runInstance(spec(net, "web-1"), runToken);
        assertEquals(id, region.runInstance(spec(net, "web-1"), runToken), "a retried RunInstances gets the same instance");
        assertEquals(1, region.instancesTagged("ecs-provisioner", Optional.of("web-1")).size());
        String snapToken = token();
        String snap = region.snapshotSystemDisk(id, "before-upgrade", snapToken);
        assertEquals(snap, region.snapshotSystemDisk(id, "before-upgrade", snapToken));
        // Same token, other parameters: the caller's bug, not something to retry.
        CloudException e = fails(Kind.INVALID_REQUEST, () -> region.createVpc(new CloudTypes.VpcSpec("other", "192.168.0.0/16", null, Map.of()), t));
        assertEquals("IdempotentParameterMismatch", e.code());
        fails(Kind.INVALID_REQUEST, () -> region.createVpc(spec, " "));
    }

    // ---- instances ------------------------------------------------------------------------------------------

    @Test
    void instanceLifecycle() {
        start(b -> { });
        CloudRegion region = admin();
        Net net = network(region, "172.16.2.0/24");
        region.importKeyPair("deploy", ED25519);
        CloudTypes.InstanceSpec base = spec(net, "web-1");
        CloudTypes.InstanceSpec withKey = new CloudTypes.InstanceSpec(base.name(), base.hostName(), base.zoneId(),
                base.instanceType(), base.imageId(), base.vSwitchId(), base.securityGroupId(), "deploy",
                base.systemDiskCategory(), base.systemDiskSizeGiB(), base.internetMaxBandwidthOut(), base.tags());
        String id = region.runInstance(withKey, token());

        CloudTypes.Instance i = region.describeInstances(List.of(id)).get(id);
        assertEquals(InstanceState.RUNNING, i.state());
        assertEquals("Running", i.rawStatus());
        assertTrue(i.publicIp().isPresent(), "outbound bandwidth gives a public IP");
        assertTrue(i.privateIp().orElseThrow().startsWith("172.16.2."));
        assertEquals(net.vpcId(), i.vpcId());
        assertEquals(net.vSwitchId(), i.vSwitchId());
        assertEquals(List.of(net.securityGroupId()), i.securityGroupIds());
        assertEquals("deploy", i.keyPairName());
        assertEquals("web-1", i.tags().get("ecs-provisioner"));
        assertEquals(ZONE, i.zoneId());
        assertNotNull(i.createdAt());

        CloudException busy = fails(Kind.CONFLICT, () -> region.startInstance(id));
        assertTrue(busy.isTransient(), "IncorrectInstanceStatus means busy: retry later");
        fails(Kind.CONFLICT, () -> region.modifyInstanceType(id, "ecs.t6-c1m2.large"));

        region.rebootInstance(id, false);
        region.stopInstance(id, false);
        assertEquals(InstanceState.STOPPED, region.describeInstances(List.of(id)).get(id).state());
        region.modifyInstanceType(id, "ecs.t6-c1m2.large");
        assertEquals("ecs.t6-c1m2.large", region.describeInstances(List.of(id)).get(id).instanceType());
        region.startInstance(id);
        assertEquals(InstanceState.RUNNING, region.describeInstances(List.of(id)).get(id).state());

        String snap = region.snapshotSystemDisk(id, "nightly", token());
        CloudTypes.Snapshot s = region.describeSnapshots(List.of(snap, "s-unknown")).get(snap);
        assertEquals(CloudTypes.SnapshotStatus.ACCOMPLISHED, s.status());
        assertEquals(100, s.progressPercent());
        assertEquals("nightly", s.name());
        assertEquals(1, region.describeSnapshots(List.of(snap, "s-unknown")).size());

        assertEquals(List.of(id), region.instancesTagged("ecs-provisioner", Optional.empty()).stream().map(CloudTypes.Instance::id).toList());
        assertTrue(region.instancesTagged("ecs-provisioner", Optional.of("web-2")).isEmpty());

        fails(Kind.CONFLICT, () -> region.deleteInstance(id, false));
        region.deleteInstance(id, true);
        assertTrue(region.describeInstances(List.of(id)).isEmpty(), "released instances vanish");
        fails(Kind.NOT_FOUND, () -> region.stopInstance(id, true));
        fails(Kind.NOT_FOUND, () -> region.snapshotSystemDisk(id, "late", token()));
    }

    @Test
    void describeInstancesBatchesByHundred() throws Exception {
        start(b -> b.quotas(new Quotas(10, 150, 100, 200, 500, 200)));
        try (CountingProxy proxy = new CountingProxy(sandbox.endpoint())) {
            AccessKey k = key("sandbox-admin");
            CloudRegion region = cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                    Optional.of(URI.create(proxy.endpoint()))));
            Net net = network(region, "172.16.4.0/24");
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < 130; n++) {
                ids.add(region.runInstance(spec(net, "web-" + n), token()));
            }
            List<String> asked = new ArrayList<>(ids);
            asked.add("i-doesnotexist");
            asked.add(ids.get(0)); // duplicates are asked once
            Map<String, CloudTypes.Instance> found = region.describeInstances(asked);
            assertEquals(130, found.size());
            assertEquals(ids, new ArrayList<>(found.keySet()));
            assertEquals(2, proxy.calls("DescribeInstances"), "131 distinct ids in batches of 100");
            assertEquals(130, region.instancesTagged("ecs-provisioner", Optional.empty()).size());
            assertEquals(4, proxy.calls("DescribeInstances"), "130 instances in pages of 100");
            assertTrue(region.describeInstances(List.of()).isEmpty());
            assertEquals(4, proxy.calls("DescribeInstances"), "no ids, no call");
        }
    }

    // ---- failures -------------------------------------------------------------------------------------------

    @Test
    void wrongSecretAndUnknownKeyAreBadCredentials() {
        start(b -> { });
        AccessKey k = key("sandbox-admin");
        URI endpoint = URI.create("http://" + sandbox.endpoint());
        String wrongSecret = "not-the-secret-" + UUID.randomUUID();
        CloudException wrong = fails(Kind.BAD_CREDENTIALS, () -> cloud.region(
                new CloudConnection(k.id(), wrongSecret, "cn-hangzhou", Optional.of(endpoint))).regions());
        assertEquals("The AccessKey secret is wrong: check it in the RAM console.", wrong.getMessage());
        assertFalse(wrong.describe().contains(wrongSecret));
        assertFalse(wrong.isTransient());
        CloudException unknown = fails(Kind.BAD_CREDENTIALS, () -> cloud.region(
                new CloudConnection("LTAI5tNobodyHasThisKey00", "x", "cn-hangzhou", Optional.of(endpoint))).zones());
        assertEquals("InvalidAccessKeyId.NotFound", unknown.code());
        assertNotNull(unknown.requestId());
        fails(Kind.BAD_CREDENTIALS, () -> cloud.region(new CloudConnection(k.id(), "", "cn-hangzhou", Optional.of(endpoint))));
    }

    /** The permission check itself is {@code PermissionCheckAdapterTest}; here, a refused real call names the same policy. */
    @Test
    void aRefusedCallNamesThePolicyToGrant() {
        start(b -> { });
        CloudRegion ecsOnly = cloud.region(connection("sandbox-ecs-only", "cn-hangzhou"));
        CloudException e = fails(Kind.FORBIDDEN, () -> ecsOnly.createVpc(new CloudTypes.VpcSpec("v", "10.0.0.0/8", null, Map.of()), token()));
        assertEquals("AliyunVPCFullAccess", e.missingPolicy());
        assertEquals("Forbbiden", e.code());
    }

    @Test
    void unknownRegionIsNotFoundAndMalformedRegionIsRejectedBeforeAnyCall() {
        start(b -> { });
        CloudException e = fails(Kind.NOT_FOUND, () -> cloud.region(connection("sandbox-admin", "xx-nowhere-1")).zones());
        assertEquals("InvalidRegionId.NotFound", e.code());
        assertTrue(e.getMessage().contains("xx-nowhere-1"), e.getMessage());
        CloudException bad = fails(Kind.INVALID_REQUEST, () -> cloud.region(connection("sandbox-admin", "cn hangzhou")));
        assertTrue(bad.getMessage().contains("not a region id"), bad.getMessage());
    }

    @Test
    void vpcCountAndQuotaExceeded() {
        start(b -> b.quotas(new Quotas(2, 150, 100, 200, 500, 100)));
        CloudRegion region = admin();
        assertEquals(0, region.vpcCount());
        region.createVpc(new CloudTypes.VpcSpec("a", "10.0.0.0/16", null, Map.of()), token());
        region.createVpc(new CloudTypes.VpcSpec("b", "10.1.0.0/16", null, Map.of()), token());
        assertEquals(2, region.vpcCount());
        CloudException e = fails(Kind.QUOTA_EXCEEDED, () -> region.createVpc(new CloudTypes.VpcSpec("c", "10.2.0.0/16", null, Map.of()), token()));
        assertFalse(e.isTransient());
        assertEquals("QuotaExceeded.Vpc", e.code());
        assertNull(e.missingPolicy());
    }

    @Test
    void noStockIsOutOfStock() {
        start(b -> b.stock(ZONE, TYPE, 0));
        CloudRegion region = admin();
        Net net = network(region, "172.16.5.0/24");
        CloudException e = fails(Kind.OUT_OF_STOCK, () -> region.runInstance(spec(net, "web"), token()));
        assertEquals("OperationDenied.NoStock", e.code());
        assertTrue(e.getMessage().contains("another zone"), e.getMessage());
    }

    @Test
    void throttlingIsTransient() {
        start(b -> b.fault("DescribeZones", new FaultRule(1.0, 0, 0, 0)));
        CloudException e = fails(Kind.THROTTLED, () -> admin().zones());
        assertTrue(e.isTransient());
        assertEquals("Throttling.User", e.code());
        assertFalse(admin().regions().isEmpty(), "other actions are not throttled");
    }

    @Test
    void serverErrorsAreTransientAndNotRetriedByTheSdk() throws Exception {
        start(b -> b.fault("DescribeZones", new FaultRule(0, 1.0, 0, 0)));
        try (CountingProxy proxy = new CountingProxy(sandbox.endpoint())) {
            AccessKey k = key("sandbox-admin");
            CloudRegion region = cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                    Optional.of(URI.create(proxy.endpoint()))));
            CloudException e = fails(Kind.UNAVAILABLE, region::zones);
            assertTrue(e.isTransient());
            assertEquals(1, proxy.calls("DescribeZones"), "the engine retries, not the SDK");
        }
    }

    @Test
    void aListenerThatNeverAnswersIsUnavailableWithinTheTimeOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // The kernel accepts the connection; nobody ever reads or answers.
            AlibabaCloud impatient = new AlibabaCloud(Duration.ofMillis(500), Duration.ofMillis(700));
            CloudRegion region = impatient.region(new CloudConnection("LTAI5tSandboxFullAccess1", "secret", "cn-hangzhou",
                    Optional.of(URI.create("http://127.0.0.1:" + silent.getLocalPort()))));
            long t0 = System.nanoTime();
            CloudException e = fails(Kind.UNAVAILABLE, region::zones);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.isTransient());
            assertNull(e.requestId());
            assertTrue(ms < 3000, "took " + ms + " ms");
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CloudRegion nobody = cloud.region(new CloudConnection("LTAI5tSandboxFullAccess1", "secret", "cn-hangzhou",
                Optional.of(URI.create("http://127.0.0.1:" + closedPort))));
        CloudException refused = fails(Kind.UNAVAILABLE, nobody::regions);
        assertTrue(refused.isTransient());
    }

    @Test
    void manyVSwitchesAreListedInsteadOfLookedUpOneByOne() throws Exception {
        start(b -> { });
        try (CountingProxy proxy = new CountingProxy(sandbox.endpoint())) {
            AccessKey k = key("sandbox-admin");
            CloudRegion region = cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                    Optional.of(URI.create(proxy.endpoint()))));
            String vpc = region.createVpc(new CloudTypes.VpcSpec("many", "10.0.0.0/16", null, Map.of()), token());
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < 7; n++) {
                ids.add(region.createVSwitch(new CloudTypes.VSwitchSpec(vpc, ZONE, "s" + n, "10.0." + n + ".0/24", Map.of()), token()));
            }
            List<String> asked = new ArrayList<>(ids.subList(0, 6));
            asked.add("vsw-unknown");
            Map<String, CloudTypes.VSwitch> found = region.describeVSwitches(asked);
            assertEquals(ids.subList(0, 6), new ArrayList<>(found.keySet()));
            assertEquals(1, proxy.calls("DescribeVSwitches"), "7 vSwitches fit one page of 50");
            assertEquals(1, region.describeVSwitches(List.of(ids.get(6), "vsw-unknown")).size());
            assertEquals(3, proxy.calls("DescribeVSwitches"), "two ids, two lookups");
        }
    }

    @Test
    void resourcesBetweenStatesAreBusyNotBroken() {
        Duration hour = Duration.ofHours(1);
        start(b -> b.durations(new Durations(hour, Duration.ZERO, hour, Duration.ZERO, Duration.ZERO, Duration.ZERO, hour)));
        CloudRegion region = admin();
        String vpc = region.createVpc(new CloudTypes.VpcSpec("slow", "10.0.0.0/16", null, Map.of()), token());
        assertEquals(NetworkStatus.PENDING, region.describeVpcs(List.of(vpc)).get(vpc).status());
        CloudException e = fails(Kind.CONFLICT, () -> region.createVSwitch(
                new CloudTypes.VSwitchSpec(vpc, ZONE, "s", "10.0.1.0/24", Map.of()), token()));
        assertTrue(e.isTransient(), e::describe);
        assertEquals("IncorrectVpcStatus", e.code());
    }

    @Test
    void eachProductHasItsOwnEndpoint() throws Exception {
        start(b -> { });
        try (CountingProxy ecsOnly = new CountingProxy(sandbox.endpoint())) {
            AccessKey k = key("sandbox-admin");
            CloudRegion region = cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                    Optional.of(URI.create(ecsOnly.endpoint())), Optional.of(URI.create("http://" + sandbox.endpoint()))));
            Net net = network(region, "172.16.6.0/24");
            assertEquals(1, ecsOnly.calls("CreateSecurityGroup"));
            assertEquals(0, ecsOnly.calls("CreateVpc"), "the VPC API went to its own endpoint");
            assertEquals(0, ecsOnly.calls("CreateVSwitch"));
            assertEquals(1, region.describeVpcs(List.of(net.vpcId())).size());
        }
    }

    @Test
    void clientsAreCachedPerAccountSecretRegionAndEndpoint() {
        start(b -> { });
        CloudConnection c = connection("sandbox-admin", "cn-hangzhou");
        cloud.region(c).zones();
        cloud.region(c).zones();
        assertEquals(1, cloud.cachedClients());
        cloud.region(c.inRegion("cn-shanghai")).zones();
        assertEquals(2, cloud.cachedClients());
        cloud.region(new CloudConnection(c.accessKeyId(), c.accessKeySecret() + "x", "cn-hangzhou", c.endpoint()));
        assertEquals(3, cloud.cachedClients());
        fails(Kind.INVALID_REQUEST, () -> cloud.region(new CloudConnection(c.accessKeyId(), c.accessKeySecret(),
                "cn-hangzhou", Optional.of(URI.create("ftp://127.0.0.1:21")))));
    }
}

package com.ecsprovisioner.cloud.alibaba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.IngressRule;
import com.ecsprovisioner.sandbox.MutableClock;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.api.TransientAnswer;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.CloudSnapshot;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adapter, with the real SDK v1 against the sandbox, meets every transient answer the sandbox can give: each is
 * classified transient with the cloud's code and request id, a retry with the same client token (the engine's rule in
 * {@code StepOutcomes.retry}: a transient failure is retried, any other stops the step) ends with the resource, and
 * the sandbox then holds exactly one of each; what is not transient stops at the first answer. Answers that never
 * arrive (the sandbox's {@code lost} fault: the call is handled, the connection closed) are retried the same way,
 * and the client token is what keeps them from making a second resource.
 */
class TransientAnswersAdapterTest {

    private static final String ZONE = "cn-hangzhou-h";
    private static final String IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
    private static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICnohXTUUfXuOB9hVBLHApw2a2YpJD61UF19I5kqAARQ t";
    /** Every create and change the product makes during a deployment and a snapshot. */
    private static final List<String> CREATES = List.of("CreateVpc", "CreateVSwitch", "CreateSecurityGroup",
            "AuthorizeSecurityGroup", "RunInstances", "CreateSnapshot");
    private static final int ATTEMPTS = 40;

    private final AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private final List<AutoCloseable> open = new ArrayList<>();
    private Sandbox sandbox;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private CloudRegion start(Consumer<SandboxConfig.Builder> config) {
        return start(config, "sandbox-admin");
    }

    private CloudRegion start(Consumer<SandboxConfig.Builder> config, String user) {
        SandboxConfig.Builder b = SandboxConfig.builder().durations(Durations.IMMEDIATE);
        config.accept(b);
        sandbox = Sandbox.start(b.build());
        open.add(sandbox);
        return region(user);
    }

    private CloudRegion region(String user) {
        AccessKey k = sandbox.accounts().stream().filter(a -> a.userName().equals(user)).findFirst().orElseThrow();
        return cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                Optional.of(URI.create("http://" + sandbox.endpoint()))));
    }

    /** The code a fault setting answers with: a transient answer's own, or throttling's and a server error's. */
    static Stream<String> transientFaults() {
        return Stream.concat(Arrays.stream(TransientAnswer.values()).map(TransientAnswer::code),
                Stream.of("throttle", "error"));
    }

    private static String codeOf(String fault) {
        return switch (fault) {
            case "throttle" -> "Throttling.User";
            case "error" -> "ServiceUnavailable";
            default -> fault;
        };
    }

    /**
     * The engine's rule for a step's call, applied at once instead of after a back-off: a transient failure is
     * retried with the same arguments (so the same client token), any other is thrown. Every failure is recorded.
     */
    private static <T> T engineLike(List<CloudException> failures, Supplier<T> call) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return call.get();
            } catch (CloudException e) {
                failures.add(e);
                if (!e.isTransient()) {
                    throw e;
                }
            }
        }
        return fail("still failing after " + ATTEMPTS + " attempts: " + failures.get(failures.size() - 1).describe());
    }

    private static void engineLike(List<CloudException> failures, Runnable call) {
        engineLike(failures, () -> {
            call.run();
            return null;
        });
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    private record Made(String vpcId, String vSwitchId, String securityGroupId, String instanceId, String snapshotId) {
    }

    /** What a deployment and a snapshot job create, each call retried as the engine retries it, one token each. */
    private static Made deployAndSnapshot(CloudRegion region, List<CloudException> failures) {
        Map<String, String> tags = Map.of("ecs-provisioner", "server-1");
        String vpcToken = token();
        String vpc = engineLike(failures, () -> region.createVpc(new CloudTypes.VpcSpec("web", "172.16.0.0/12", null, tags), vpcToken));
        String vswToken = token();
        String vsw = engineLike(failures, () -> region.createVSwitch(
                new CloudTypes.VSwitchSpec(vpc, ZONE, "web", "172.16.1.0/24", tags), vswToken));
        String sgToken = token();
        String sg = engineLike(failures, () -> region.createSecurityGroup(
                new CloudTypes.SecurityGroupSpec(vpc, "web", null, tags), sgToken));
        String rulesToken = token();
        engineLike(failures, () -> region.authorizeIngress(sg, List.of(IngressRule.tcp(22, "SSH"), IngressRule.tcp(80, "HTTP"),
                IngressRule.tcp(443, "HTTPS")), rulesToken));
        String runToken = token();
        String instance = engineLike(failures, () -> region.runInstance(new CloudTypes.InstanceSpec("web-1", "web-1", ZONE,
                "ecs.t6-c1m1.large", IMAGE, vsw, sg, null, "cloud_essd", 40, 5, tags), runToken));
        String snapToken = token();
        String snapshot = engineLike(failures, () -> region.snapshotSystemDisk(instance, "nightly", snapToken));
        return new Made(vpc, vsw, sg, instance, snapshot);
    }

    private List<CloudSnapshot.Resource> resources(String type) {
        return sandbox.inspect().accounts().stream().flatMap(a -> a.regions().stream())
                .flatMap(r -> r.resources().stream()).filter(r -> r.type().equals(type)).toList();
    }

    private void assertOneOfEach(Made made) {
        assertEquals(List.of(made.vpcId()), resources("Vpc").stream().map(CloudSnapshot.Resource::id).toList());
        assertEquals(List.of(made.vSwitchId()), resources("VSwitch").stream().map(CloudSnapshot.Resource::id).toList());
        assertEquals(List.of(made.securityGroupId()), resources("SecurityGroup").stream().map(CloudSnapshot.Resource::id).toList());
        assertEquals("3", resources("SecurityGroup").get(0).details().get("Rules"), "SSH, HTTP and HTTPS once each");
        assertEquals(List.of(made.instanceId()), resources("Instance").stream().map(CloudSnapshot.Resource::id).toList());
        assertEquals(List.of(made.snapshotId()), resources("Snapshot").stream().map(CloudSnapshot.Resource::id).toList());
    }

    @ParameterizedTest
    @MethodSource("transientFaults")
    void eachTransientAnswerOnEveryCreateIsRetriedWithTheSameTokenAndMakesOneResourceOfEach(String fault) {
        FaultRule rule = FaultRule.parse(fault + "=0.5,lost=0.2");
        CloudRegion region = start(b -> {
            b.faultSeed(6);
            CREATES.forEach(action -> b.fault(action, rule));
        });
        List<CloudException> failures = new ArrayList<>();
        Made made = deployAndSnapshot(region, failures);

        assertOneOfEach(made);
        String code = codeOf(fault);
        List<CloudException> answered = failures.stream().filter(e -> e.requestId() != null).toList();
        List<CloudException> lost = failures.stream().filter(e -> e.requestId() == null).toList();
        assertTrue(answered.stream().anyMatch(e -> e.code().equals(code)), () -> code + " not met: " + codes(failures));
        answered.forEach(e -> {
            assertEquals(code, e.code(), e::describe);
            assertTrue(e.isTransient(), e::describe);
            assertTrue(e.describe().contains(e.requestId()), "the log line carries the request id");
        });
        assertFalse(lost.isEmpty(), "some answers were lost after the call was handled: " + codes(failures));
        lost.forEach(e -> {
            assertEquals(Kind.UNAVAILABLE, e.kind(), e::describe);
            assertTrue(e.isTransient(), e::describe);
        });
    }

    private static List<String> codes(List<CloudException> failures) {
        return failures.stream().map(CloudException::code).toList();
    }

    @Test
    void aLostAnswerThenLastTokenProcessingThenTheFirstInstanceAndNoSecond() {
        MutableClock clock = new MutableClock();
        Duration processing = Duration.ofSeconds(2);
        CloudRegion region = start(b -> b.clock(clock).durations(Durations.IMMEDIATE.withTokenProcessing(processing))
                .faultSeed(6).fault("RunInstances", FaultRule.parse("lost=0.5")));
        List<CloudException> failures = new ArrayList<>();
        Net net = networkOnly(region, failures);
        CloudTypes.InstanceSpec spec = new CloudTypes.InstanceSpec("web-1", "web-1", ZONE, "ecs.t6-c1m1.large", IMAGE,
                net.vSwitchId(), net.securityGroupId(), null, "cloud_essd", 40, 5, Map.of());
        String runToken = token();

        CloudException lost = assertThrows(CloudException.class, () -> region.runInstance(spec, runToken));
        assertEquals(Kind.UNAVAILABLE, lost.kind(), lost::describe);
        assertTrue(lost.isTransient());
        assertNull(lost.requestId(), "no answer came");
        assertEquals(1, resources("Instance").size(), "the call was handled all the same");

        CloudException processingYet = assertThrows(CloudException.class, () -> region.runInstance(spec, runToken));
        assertEquals("LastTokenProcessing", processingYet.code());
        assertEquals(Kind.CONFLICT, processingYet.kind());
        assertTrue(processingYet.isTransient());
        assertNotNull(processingYet.requestId());

        clock.advance(processing);
        String id = engineLike(failures, () -> region.runInstance(spec, runToken));
        assertEquals(List.of(id), resources("Instance").stream().map(CloudSnapshot.Resource::id).toList(),
                "every RunInstances with the token, answered or not, got the first instance");
    }

    /** One call that must stop at its first answer: the action the sandbox counts, and the code it answers. */
    private void stopsAtOnce(String action, String code, Kind kind, Supplier<?> call) {
        long before = sandbox.apiCalls(action);
        int resourcesBefore = sandbox.inspect().accounts().stream().flatMap(a -> a.regions().stream())
                .mapToInt(r -> r.resources().size()).sum();
        List<CloudException> failures = new ArrayList<>();
        CloudException e = assertThrows(CloudException.class, () -> engineLike(failures, call));
        assertEquals(1, failures.size(), () -> "retried: " + codes(failures));
        assertEquals(before + 1, sandbox.apiCalls(action), "one call, no retry");
        assertEquals(code, e.code(), e::describe);
        assertEquals(kind, e.kind(), e::describe);
        assertFalse(e.isTransient());
        assertNotNull(e.requestId(), "the cloud's request id, for support");
        assertTrue(e.describe().contains(code) && e.describe().contains(e.requestId()), e.describe());
        assertEquals(resourcesBefore, sandbox.inspect().accounts().stream().flatMap(a -> a.regions().stream())
                .mapToInt(r -> r.resources().size()).sum(), "nothing was made");
    }

    @Test
    void whatIsNotTransientStopsAtTheFirstAnswerWithTheCloudsCodeAndRequestId() {
        CloudRegion region = start(b -> b.quotas(new Quotas(2, 150, 100, 200, 500, 100))
                .stock(ZONE, "ecs.g7.large", 0));
        List<CloudException> failures = new ArrayList<>();
        Net net = networkOnly(region, failures);
        assertTrue(failures.isEmpty());

        stopsAtOnce("RunInstances", "OperationDenied.NoStock", Kind.OUT_OF_STOCK,
                () -> region.runInstance(new CloudTypes.InstanceSpec("web-1", "web-1", ZONE, "ecs.g7.large", IMAGE,
                        net.vSwitchId(), net.securityGroupId(), null, "cloud_essd", 40, 5, Map.of()), token()));
        String vpcToken = token();
        region.createVpc(new CloudTypes.VpcSpec("same", "10.0.0.0/16", null, Map.of()), vpcToken);
        stopsAtOnce("CreateVpc", "IdempotentParameterMismatch", Kind.INVALID_REQUEST,
                () -> region.createVpc(new CloudTypes.VpcSpec("other", "10.1.0.0/16", null, Map.of()), vpcToken));
        stopsAtOnce("CreateVpc", "QuotaExceeded.Vpc", Kind.QUOTA_EXCEEDED,
                () -> region.createVpc(new CloudTypes.VpcSpec("third", "10.2.0.0/16", null, Map.of()), token()));
        stopsAtOnce("CreateVSwitch", "InvalidCidrBlock.Overlapped", Kind.CONFLICT,
                () -> region.createVSwitch(new CloudTypes.VSwitchSpec(net.vpcId(), ZONE, "twin", "172.16.1.0/24", Map.of()), token()));

        CloudRegion ecsOnly = region("sandbox-ecs-only");
        List<CloudException> denied = new ArrayList<>();
        CloudException forbidden = assertThrows(CloudException.class, () -> engineLike(denied,
                () -> ecsOnly.createVSwitch(new CloudTypes.VSwitchSpec(net.vpcId(), ZONE, "x", "172.16.2.0/24", Map.of()), token())));
        assertEquals(1, denied.size());
        assertEquals(Kind.FORBIDDEN, forbidden.kind());
        assertEquals("AliyunVPCFullAccess", forbidden.missingPolicy());
        assertNotNull(forbidden.requestId());
    }

    /**
     * Eventual consistency: a resource just created is not listed by describes for a moment. The adapter answers
     * "not there" (an absent entry, never an error), which the engine's waits read as "not listed yet" and look
     * again; a create repeated meanwhile with its token gets the same resource, not a second one.
     */
    @Test
    void aResourceJustCreatedIsNotListedForAMomentAndItsTokenStillGivesTheSameOne() {
        MutableClock clock = new MutableClock();
        Duration delay = Duration.ofSeconds(2);
        CloudRegion region = start(b -> b.clock(clock).durations(Durations.IMMEDIATE.withConsistencyDelay(delay)));
        Map<String, String> tags = Map.of("ecs-provisioner", "server-1");
        String vpcToken = token();
        CloudTypes.VpcSpec vpcSpec = new CloudTypes.VpcSpec("web", "172.16.0.0/12", null, tags);
        String vpc = region.createVpc(vpcSpec, vpcToken);
        String vsw = region.createVSwitch(new CloudTypes.VSwitchSpec(vpc, ZONE, "web", "172.16.1.0/24", tags), token());
        String sg = region.createSecurityGroup(new CloudTypes.SecurityGroupSpec(vpc, "web", null, tags), token());
        String runToken = token();
        CloudTypes.InstanceSpec spec = new CloudTypes.InstanceSpec("web-1", "web-1", ZONE, "ecs.t6-c1m1.large", IMAGE,
                vsw, sg, null, "cloud_essd", 40, 5, tags);
        String instance = region.runInstance(spec, runToken);
        region.importKeyPair("deploy", ED25519);

        assertTrue(region.describeVpcs(List.of(vpc)).isEmpty());
        assertTrue(region.describeVSwitches(List.of(vsw)).isEmpty());
        assertTrue(region.describeSecurityGroups(List.of(sg)).isEmpty());
        assertTrue(region.describeInstances(List.of(instance)).isEmpty());
        assertTrue(region.networkResourcesTagged("ecs-provisioner", Optional.empty()).isEmpty());
        assertTrue(region.instancesTagged("ecs-provisioner", Optional.empty()).isEmpty());
        assertTrue(region.keyPairs().isEmpty());
        assertEquals(vpc, region.createVpc(vpcSpec, vpcToken), "not listed, yet the token finds it");
        assertEquals(instance, region.runInstance(spec, runToken));
        assertEquals(1, resources("Vpc").size());
        assertEquals(1, resources("Instance").size());

        clock.advance(delay);
        assertEquals(CloudTypes.NetworkStatus.AVAILABLE, region.describeVpcs(List.of(vpc)).get(vpc).status());
        assertEquals(1, region.describeVSwitches(List.of(vsw)).size());
        assertEquals(1, region.describeSecurityGroups(List.of(sg)).size());
        assertEquals(1, region.describeInstances(List.of(instance)).size());
        assertEquals(3, region.networkResourcesTagged("ecs-provisioner", Optional.empty()).size());
        assertEquals(List.of("deploy"), region.keyPairs().stream().map(CloudTypes.KeyPair::name).toList());

        String snapshot = region.snapshotSystemDisk(instance, "nightly", token());
        assertTrue(region.describeSnapshots(List.of(snapshot)).isEmpty());
        clock.advance(delay);
        assertEquals(CloudTypes.SnapshotStatus.ACCOMPLISHED, region.describeSnapshots(List.of(snapshot)).get(snapshot).status());
    }

    private record Net(String vpcId, String vSwitchId, String securityGroupId) {
    }

    private static Net networkOnly(CloudRegion region, List<CloudException> failures) {
        String vpc = engineLike(failures, () -> region.createVpc(new CloudTypes.VpcSpec("web", "172.16.0.0/12", null, Map.of()), token()));
        String vsw = engineLike(failures, () -> region.createVSwitch(
                new CloudTypes.VSwitchSpec(vpc, ZONE, "web", "172.16.1.0/24", Map.of()), token()));
        String sg = engineLike(failures, () -> region.createSecurityGroup(
                new CloudTypes.SecurityGroupSpec(vpc, "web", null, Map.of()), token()));
        return new Net(vpc, vsw, sg);
    }
}

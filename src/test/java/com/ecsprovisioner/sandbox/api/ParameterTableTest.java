package com.ecsprovisioner.sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every action the sandbox implements, with the parameters the API reference marks required: each one left out is
 * answered with the real code (plain {@code MissingParameter} naming it, or the action's own variant), and the
 * call with only the required ones succeeds, so every other parameter is optional. Sent as raw V3 requests, which
 * carry exactly the parameters given (the SDK v1 always adds RegionId). Each required parameter is also one the
 * SDK v1 request class of the action can send.
 */
class ParameterTableTest {

    private static final String ECS = "2014-05-26";
    private static final String VPC = "2016-04-28";
    /** Quota Center: no SDK v1 request class, reached with the core SDK's CommonRequest. */
    private static final String QUOTAS = "2020-05-10";
    private static final String REGION = "cn-hangzhou";
    private static final String UBUNTU = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";

    /** What a case needs: created before its calls, one fresh sandbox per case. */
    private final class World {
        String vpc() throws Exception {
            return field(ok("CreateVpc", VPC, Map.of("RegionId", REGION, "CidrBlock", "172.16.0.0/12")), "VpcId");
        }

        String vSwitch(String vpc, String cidr) throws Exception {
            return field(ok("CreateVSwitch", VPC, Map.of("RegionId", REGION, "VpcId", vpc, "ZoneId", "cn-hangzhou-i",
                    "CidrBlock", cidr)), "VSwitchId");
        }

        String group(String vpc) throws Exception {
            return field(ok("CreateSecurityGroup", ECS, Map.of("RegionId", REGION, "VpcId", vpc)), "SecurityGroupId");
        }

        /** vpc, vSwitch and group, for an instance. */
        String[] network() throws Exception {
            String vpc = vpc();
            return new String[]{vpc, vSwitch(vpc, "172.16.1.0/24"), group(vpc)};
        }

        /** A Running instance (RunInstances) or a Stopped one with no public IP yet (CreateInstance). */
        String instance(boolean running) throws Exception {
            String[] net = network();
            HttpResponse<String> r = ok(running ? "RunInstances" : "CreateInstance", ECS, Map.of("RegionId", REGION,
                    "ImageId", UBUNTU, "InstanceType", "ecs.t6-c1m1.large", "SecurityGroupId", net[2],
                    "VSwitchId", net[1], "InternetMaxBandwidthOut", "5"));
            return running ? field(r, "InstanceIdSet") : field(r, "InstanceId");
        }

        String disk(String instanceId) throws Exception {
            return field(ok("DescribeDisks", ECS, Map.of("RegionId", REGION, "InstanceId", instanceId)), "DiskId");
        }

        String snapshot() throws Exception {
            return field(ok("CreateSnapshot", ECS, Map.of("DiskId", disk(instance(true)))), "SnapshotId");
        }

        /** DiskId and SnapshotId of a stopped instance's system disk and its snapshot. */
        Map<String, String> stoppedDiskAndSnapshot() throws Exception {
            String instance = instance(true);
            String disk = disk(instance);
            String snapshot = field(ok("CreateSnapshot", ECS, Map.of("DiskId", disk)), "SnapshotId");
            ok("StopInstance", ECS, Map.of("InstanceId", instance));
            Map<String, String> m = new LinkedHashMap<>();
            m.put("DiskId", disk);
            m.put("SnapshotId", snapshot);
            return m;
        }

        String keyPair(String name) throws Exception {
            ok("CreateKeyPair", ECS, Map.of("RegionId", REGION, "KeyPairName", name));
            return name;
        }
    }

    private interface Setup {
        Map<String, String> apply(World w) throws Exception;
    }

    /**
     * @param required sent in the minimal call, each left out once
     * @param context  always sent (what makes the call meaningful, e.g. the change to make), never left out
     * @param codes    per required parameter, the code its absence answers when not plain {@code MissingParameter}
     */
    record Case(String action, String version, Setup required, Setup context, Map<String, String> codes) {
        @Override
        public String toString() {
            return action;
        }
    }

    private static Case of(String action, String version, Setup required) {
        return new Case(action, version, required, w -> Map.of(), Map.of());
    }

    private static Case of(String action, String version, Setup required, Setup context, Map<String, String> codes) {
        return new Case(action, version, required, context, codes);
    }

    private static Map<String, String> region(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("RegionId", REGION);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Case> cases() {
        return Stream.of(
                of("DescribeRegions", ECS, w -> Map.of()),
                of("DescribeZones", ECS, w -> region()),
                of("DescribeAvailableResource", ECS, w -> region("DestinationResource", "InstanceType"), w -> Map.of(),
                        Map.of("DestinationResource", "Invalid.Param")),
                of("DescribeInstanceTypes", ECS, w -> Map.of()),
                of("DescribeImages", ECS, w -> region()),
                of("DescribeKeyPairs", ECS, w -> region()),
                of("ImportKeyPair", ECS, w -> region("KeyPairName", "imported", "PublicKeyBody", publicKey())),
                of("CreateKeyPair", ECS, w -> region("KeyPairName", "created")),
                of("DeleteKeyPairs", ECS, w -> region("KeyPairNames", "[\"" + w.keyPair("gone") + "\"]")),
                of("CreateSecurityGroup", ECS, w -> region(), w -> Map.of("VpcId", w.vpc()), Map.of()),
                of("AuthorizeSecurityGroup", ECS, w -> region("SecurityGroupId", w.group(w.vpc()), "IpProtocol", "tcp",
                        "PortRange", "22/22", "SourceCidrIp", "0.0.0.0/0"), w -> Map.of(),
                        Map.of("SourceCidrIp", "MissingParameter.Source")),
                of("DescribeSecurityGroups", ECS, w -> region()),
                of("DeleteSecurityGroup", ECS, w -> region("SecurityGroupId", w.group(w.vpc())), w -> Map.of(),
                        Map.of("RegionId", "MissingParameter.RegionId")),
                of("RunInstances", ECS, ParameterTableTest::launch),
                of("CreateInstance", ECS, ParameterTableTest::launch),
                of("AllocatePublicIpAddress", ECS, w -> Map.of("InstanceId", w.instance(false))),
                of("StartInstance", ECS, w -> Map.of("InstanceId", w.instance(false))),
                of("StopInstance", ECS, w -> Map.of("InstanceId", w.instance(true))),
                of("RebootInstance", ECS, w -> Map.of("InstanceId", w.instance(true))),
                of("DeleteInstance", ECS, w -> Map.of("InstanceId", w.instance(false))),
                of("DeleteInstances", ECS, w -> region("InstanceId.1", w.instance(false))),
                of("DescribeInstances", ECS, w -> region()),
                of("DescribeInstanceStatus", ECS, w -> region()),
                of("ModifyInstanceSpec", ECS, w -> Map.of("InstanceId", w.instance(true)),
                        w -> Map.of("InternetMaxBandwidthOut", "10"), Map.of()),
                of("DescribeDisks", ECS, w -> region()),
                of("CreateSnapshot", ECS, w -> Map.of("DiskId", w.disk(w.instance(true)))),
                of("DescribeSnapshots", ECS, w -> region()),
                of("TagResources", ECS, w -> region("ResourceType", "instance", "ResourceId.1", w.instance(true),
                        "Tag.1.Key", "env"), w -> Map.of(), Map.of("RegionId", "MissingParameter.RegionId",
                        "ResourceType", "MissingParameter.ResourceType", "Tag.1.Key", "MissingParameter.Tags")),
                of("UntagResources", ECS, w -> region("ResourceType", "instance", "ResourceId.1", w.instance(true))),
                of("ListTagResources", ECS, w -> region("ResourceType", "instance")),
                of("DeleteSnapshot", ECS, w -> Map.of("SnapshotId", w.snapshot())),
                of("CreateImage", ECS, w -> region("SnapshotId", w.snapshot())),
                of("ResetDisk", ECS, w -> w.stoppedDiskAndSnapshot()),
                of("DeleteImage", ECS, w -> region("ImageId", "m-none")),
                of("RevokeSecurityGroup", ECS, w -> region("SecurityGroupId", w.group(w.vpc()), "IpProtocol", "tcp",
                        "PortRange", "22/22", "SourceCidrIp", "0.0.0.0/0"), w -> Map.of(),
                        Map.of("SourceCidrIp", "MissingParameter.Source")),
                of("DescribeSecurityGroupAttribute", ECS, w -> region("SecurityGroupId", w.group(w.vpc()))),
                of("DescribeAccountAttributes", ECS, w -> region()),
                of("DescribePrice", ECS, w -> region("InstanceType", "ecs.g7.large")),
                of("ListProductQuotas", QUOTAS, w -> Map.of("ProductCode", "vpc")),
                of("CreateVpc", VPC, w -> region()),
                of("DescribeVpcs", VPC, w -> region()),
                of("DeleteVpc", VPC, w -> Map.of("VpcId", w.vpc())),
                of("CreateVSwitch", VPC, w -> region("VpcId", w.vpc(), "ZoneId", "cn-hangzhou-i",
                        "CidrBlock", "172.16.1.0/24")),
                of("DescribeVSwitches", VPC, w -> region()),
                of("DeleteVSwitch", VPC, w -> Map.of("VSwitchId", w.vSwitch(w.vpc(), "172.16.1.0/24"))));
    }

    private static Map<String, String> launch(World w) throws Exception {
        String[] net = w.network();
        return region("ImageId", UBUNTU, "InstanceType", "ecs.t6-c1m1.large", "SecurityGroupId", net[2],
                "VSwitchId", net[1]);
    }

    private static String publicKey() throws Exception {
        KeyPair k = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        k.writePublicKey(out, "table");
        return out.toString(StandardCharsets.US_ASCII).trim();
    }

    @RegisterExtension
    final V3Sandbox cloud = new V3Sandbox();

    private HttpResponse<String> call(String action, String version, Map<String, String> params) throws Exception {
        return cloud.call(action, version, params);
    }

    private HttpResponse<String> ok(String action, String version, Map<String, String> params) throws Exception {
        HttpResponse<String> r = call(action, version, params);
        assertEquals(200, r.statusCode(), () -> action + " " + params + ": " + r.body());
        return r;
    }

    private static String field(HttpResponse<String> r, String name) {
        return r.body().replaceAll("(?s).*\"" + name + "\":\\[?\"([^\"]+)\".*", "$1");
    }

    private static String code(HttpResponse<String> r) {
        return r.body().replaceAll("(?s).*\"Code\":\"([^\"]+)\".*", "$1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRequiredParameterIsRequiredAndNothingElseIs(Case c) throws Exception {
        World w = new World();
        Map<String, String> required = c.required().apply(w);
        Map<String, String> context = c.context().apply(w);
        for (String p : required.keySet()) {
            Map<String, String> without = new LinkedHashMap<>(required);
            without.remove(p);
            without.putAll(context);
            HttpResponse<String> r = call(c.action(), c.version(), without);
            String expected = c.codes().getOrDefault(p, "MissingParameter");
            assertEquals(expected, code(r), () -> c.action() + " without " + p + ": " + r.body());
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, () -> c.action() + " without " + p + ": " + r.statusCode());
            if (expected.equals("MissingParameter")) {
                assertTrue(r.body().contains(p), () -> "the answer names " + p + ": " + r.body());
            }
        }
        Map<String, String> minimal = new LinkedHashMap<>(required);
        minimal.putAll(context);
        ok(c.action(), c.version(), minimal);
    }

    /** The cases of products the SDK v1 has request classes for (Quota Center has none). */
    static Stream<Case> sdkV1Cases() {
        return cases().filter(c -> !c.version().equals(QUOTAS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sdkV1Cases")
    void eachRequiredParameterIsOneTheSdkV1RequestCanSend(Case c) throws Exception {
        String pkg = c.version().equals(ECS) ? "com.aliyuncs.ecs.model.v20140526." : "com.aliyuncs.vpc.model.v20160428.";
        Class<?> request = Class.forName(pkg + c.action() + "Request");
        Set<String> setters = new TreeSet<>();
        Arrays.stream(request.getMethods()).filter(m -> m.getName().startsWith("set")).forEach(m -> setters.add(m.getName()));
        for (String p : requiredNames(c)) {
            if (p.equals("RegionId")) {
                continue; // the SDK adds it from the client's region (reference, Appendix A)
            }
            String base = p.split("\\.")[0];
            assertTrue(setters.contains("set" + base) || setters.contains("set" + base + "s"),
                    () -> request.getSimpleName() + " has no setter for " + p + ": " + setters);
        }
    }

    /** The required parameter names of a case, without creating anything (setups that create answer dummies). */
    private List<String> requiredNames(Case c) throws Exception {
        World w = new World();
        return List.copyOf(c.required().apply(w).keySet());
    }

    @Test
    void vpcActionsTheReferenceDefinesWithOptionalRegionIdFindTheirResourceById() throws Exception {
        World w = new World();
        String vpc = w.vpc();
        String vSwitch = w.vSwitch(vpc, "172.16.2.0/24");
        HttpResponse<String> listed = ok("DescribeVSwitches", VPC, Map.of("VpcId", vpc));
        assertEquals(vSwitch, field(listed, "VSwitchId"));
        HttpResponse<String> unknown = ok("DescribeVSwitches", VPC, Map.of("VSwitchId", "vsw-bp1doesnotexist000000"));
        assertTrue(unknown.body().contains("\"TotalCount\":0"), unknown.body());
        assertEquals("InvalidVSwitchId.NotFound", code(call("DeleteVSwitch", VPC, Map.of("VSwitchId", "vsw-bp1none"))));
        assertEquals("InvalidVpcId.NotFound", code(call("DeleteVpc", VPC, Map.of("VpcId", "vpc-bp1none"))));
        HttpResponse<String> tagless = call("TagResources", ECS, Map.of("ResourceType", "instance", "ResourceId.1", "i-x",
                "Tag.1.Key", "env"));
        assertEquals(404, tagless.statusCode(), tagless.body());
    }
}

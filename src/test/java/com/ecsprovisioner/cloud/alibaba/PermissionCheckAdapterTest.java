package com.ecsprovisioner.cloud.alibaba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.Access;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Policy;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The permission check through the adapter, with the real SDK v1 against the sandbox's RAM-like keys: every action
 * the product calls is checked, a key lacking one action's right is refused that action only (with the policy that
 * grants it), and an answer that proves neither is reported as unknown with its code.
 */
class PermissionCheckAdapterTest {

    private static final String ZONE = "cn-hangzhou-h";
    private static final String TYPE = "ecs.t6-c1m1.large";
    private static final String IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
    private static final CloudTypes.PermissionProbe PROBE = new CloudTypes.PermissionProbe(ZONE, TYPE, IMAGE);

    /** Every action the *Api classes of the adapter call, with the product whose policy grants it. */
    private static final Map<String, String> ACTIONS = new LinkedHashMap<>();

    static {
        for (String ecs : List.of("DescribeRegions", "DescribeZones", "DescribeAvailableResource", "DescribeInstanceTypes",
                "DescribeImages", "DescribeAccountAttributes", "DescribePrice", "DescribeKeyPairs", "ImportKeyPair",
                "CreateKeyPair", "DeleteKeyPairs", "CreateSecurityGroup", "AuthorizeSecurityGroup",
                "DescribeSecurityGroupAttribute", "RevokeSecurityGroup", "DescribeSecurityGroups", "DeleteSecurityGroup", "RunInstances", "DescribeInstances", "StartInstance",
                "StopInstance", "RebootInstance", "ModifyInstanceSpec", "DeleteInstance", "TagResources",
                "DescribeDisks", "CreateSnapshot", "DescribeSnapshots", "DeleteSnapshot", "ResetDisk", "CreateImage",
                "DeleteImage")) {
            ACTIONS.put(ecs, "ecs");
        }
        for (String vpc : List.of("CreateVpc", "DescribeVpcs", "DeleteVpc", "CreateVSwitch", "DescribeVSwitches",
                "DeleteVSwitch")) {
            ACTIONS.put(vpc, "vpc");
        }
        ACTIONS.put("ListProductQuotas", "quotas");
    }

    private static final Map<String, String> POLICY = Map.of("ecs", "AliyunECSFullAccess", "vpc", "AliyunVPCFullAccess",
            "quotas", "AliyunQuotasReadOnlyAccess");

    private final AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private void start(Consumer<SandboxConfig.Builder> config) {
        SandboxConfig.Builder b = SandboxConfig.builder().durations(Durations.IMMEDIATE);
        config.accept(b);
        sandbox = Sandbox.start(b.build());
    }

    private Map<String, CloudTypes.PermissionCheck> check(AccessKey key) {
        CloudRegion region = cloud.region(new CloudConnection(key.id(), key.secret(), "cn-hangzhou",
                Optional.of(URI.create("http://" + sandbox.endpoint()))));
        Map<String, CloudTypes.PermissionCheck> m = new LinkedHashMap<>();
        region.checkPermissions(PROBE).forEach(c -> m.put(c.action(), c));
        return m;
    }

    private AccessKey user(String name) {
        return sandbox.accounts().stream().filter(a -> a.userName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyActionTheProductCallsIsCheckedAndAFullKeyHasThemAllWithoutAnythingMade() {
        start(b -> { });
        Map<String, CloudTypes.PermissionCheck> full = check(user("sandbox-admin"));
        assertEquals(ACTIONS.keySet(), full.keySet());
        full.values().forEach(c -> assertEquals(Access.GRANTED, c.access(), c.toString()));
        full.forEach((action, c) -> assertEquals(POLICY.get(ACTIONS.get(action)), c.policy(), action));
        assertTrue(sandbox.inspect().accounts().stream().allMatch(a -> a.regions().stream().allMatch(r -> r.resources().isEmpty())),
                "the probes created nothing");
    }

    /**
     * One key per action: full access to everything except that action, granted as every other single action.
     * Each is refused exactly its own action, with the policy that grants it.
     */
    @Test
    void aKeyLackingOneActionsRightIsReportedMissingForThatActionOnly() {
        List<AccessKey> keys = new java.util.ArrayList<>();
        int n = 0;
        for (String lacking : ACTIONS.keySet()) {
            Set<String> rights = new java.util.HashSet<>();
            ACTIONS.forEach((action, product) -> {
                if (!action.equals(lacking)) {
                    rights.add(product + ":" + action);
                }
            });
            keys.add(new AccessKey(String.format("LTAI5tLacksOne%010d", n++), "lacks-" + lacking, "1234567890123456",
                    "lacks-" + lacking, Set.of(), rights));
        }
        start(b -> b.accounts(keys.toArray(AccessKey[]::new)));
        for (AccessKey key : keys) {
            String lacking = key.userName().substring("lacks-".length());
            Map<String, CloudTypes.PermissionCheck> checks = check(key);
            checks.forEach((action, c) -> assertEquals(action.equals(lacking) ? Access.REFUSED : Access.GRANTED,
                    c.access(), lacking + " lacking: " + c));
            CloudTypes.PermissionCheck refused = checks.get(lacking);
            assertEquals(POLICY.get(ACTIONS.get(lacking)), refused.policy(), refused.toString());
            assertEquals("missing", refused.answer());
            assertTrue(refused.message().contains(refused.policy()), refused.message());
        }
    }

    /** A restore to a new server makes and deletes an image: a key that may not make one is told before it tries. */
    @Test
    void aKeyThatMayNotCreateImagesIsReportedMissingCreateImage() {
        Set<String> rights = new java.util.HashSet<>();
        ACTIONS.forEach((action, product) -> rights.add(product + ":" + action));
        rights.remove("ecs:CreateImage");
        AccessKey noImages = new AccessKey("LTAI5tNoCreateImage0", "no-images", "1234567890123456", "no-images", Set.of(), rights);
        start(b -> b.accounts(noImages));
        Map<String, CloudTypes.PermissionCheck> checks = check(noImages);
        CloudTypes.PermissionCheck createImage = checks.get("CreateImage");
        org.junit.jupiter.api.Assertions.assertNotNull(createImage, "CreateImage is not checked: " + checks.keySet());
        assertEquals(Access.REFUSED, createImage.access(), String.valueOf(createImage));
        assertEquals("AliyunECSFullAccess", createImage.policy());
        assertTrue(createImage.message().contains("ecs:CreateImage"), createImage.message());
        assertEquals(Access.GRANTED, checks.get("DeleteImage").access(), String.valueOf(checks.get("DeleteImage")));
        assertEquals(Access.GRANTED, checks.get("ResetDisk").access());
    }

    @Test
    void readOnlyPoliciesGrantTheReadsAndNameTheFullPolicyForTheRest() {
        start(b -> { });
        Map<String, CloudTypes.PermissionCheck> readOnly = check(user("sandbox-read-only"));
        readOnly.forEach((action, c) -> assertEquals(
                action.startsWith("Describe") || action.startsWith("List") ? Access.GRANTED : Access.REFUSED, c.access(), c.toString()));
        assertEquals("AliyunECSFullAccess", readOnly.get("RunInstances").policy());
        assertTrue(readOnly.get("RunInstances").message().contains("ecs:RunInstances"), readOnly.get("RunInstances").message());
        assertEquals("AliyunVPCFullAccess", readOnly.get("DeleteVpc").policy());

        Map<String, CloudTypes.PermissionCheck> ecsOnly = check(user("sandbox-ecs-only"));
        assertEquals(Access.REFUSED, ecsOnly.get("CreateVpc").access());
        assertEquals(Access.REFUSED, ecsOnly.get("DescribeVSwitches").access());
        assertEquals(Access.GRANTED, ecsOnly.get("CreateSnapshot").access());
    }

    /** An answer that is neither a refusal nor what the probe expects (here a conflict) is never counted as granted. */
    @Test
    void anUnexpectedAnswerIsUnknownWithItsCode() {
        start(b -> b.fault("DeleteSecurityGroup", FaultRule.parse("OperationConflict=1"))
                .fault("CreateVpc", FaultRule.parse("IncorrectVSwitchStatus=1")));
        Map<String, CloudTypes.PermissionCheck> checks = check(user("sandbox-admin"));
        assertEquals(Access.UNKNOWN, checks.get("DeleteSecurityGroup").access());
        assertEquals("not known", checks.get("DeleteSecurityGroup").answer());
        assertEquals("cloud error code: OperationConflict", checks.get("DeleteSecurityGroup").codeForSupport());
        assertFalse(checks.get("DeleteSecurityGroup").granted());
        assertEquals("cloud error code: IncorrectVSwitchStatus", checks.get("CreateVpc").codeForSupport());
        assertEquals(Access.GRANTED, checks.get("DeleteVpc").access());
    }
}

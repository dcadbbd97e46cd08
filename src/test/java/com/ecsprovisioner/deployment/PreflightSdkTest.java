package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.deployment.Preflight.Field;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's pre-flight check with the real SDK against the sandbox: every reason at once, each tied to the field
 * a person changes; quotas counted for all the servers deployed together; permissions tried before anything is made.
 */
class PreflightSdkTest {

    private static final String TYPE = "ecs.c7.large";
    private static final String IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
    private final AlibabaCloud cloud = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private CloudRegion start(Quotas quotas, String user) {
        if (sandbox == null) {
            sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).quotas(quotas).build());
        }
        AccessKey k = sandbox.accounts().stream().filter(a -> a.userName().equals(user)).findFirst().orElseThrow();
        return cloud.region(new CloudConnection(k.id(), k.secret(), "cn-hangzhou",
                Optional.of(URI.create("http://" + sandbox.endpoint()))));
    }

    private static DeploymentDefaults defaults(String keyPair) {
        return new DeploymentDefaults("cn-hangzhou", keyPair, 22, TYPE, IMAGE, "cloud_essd", 40, 5, ZonePolicy.FIRST_IN_STOCK,
                NetworkPolicy.PER_SERVER);
    }

    @Test
    void everyReasonIsFoundAtOnceAndTiedToItsField() {
        CloudRegion region = start(new Quotas(1, 150, 100, 200, 500, 100), "sandbox-admin");
        DeployRequest request = new DeployRequest("Bad name!", 1, null, "cn-hangzhou-z", null, null, null, "no-such-image", null, 20, null);

        Preflight found = DeployRequestCheck.preflight(request, defaults("missing-key"), region, 2).preflight();

        assertFalse(found.passed());
        assertTrue(found.reasonsFor(Field.NAME).get(0).contains("A server name is 2 to 64"), found.toString());
        assertTrue(found.reasonsFor(Field.ZONE).get(0).contains("cn-hangzhou-z is not a zone"), found.toString());
        assertTrue(found.reasonsFor(Field.IMAGE).get(0).contains("no-such-image is neither a public image"), found.toString());
        assertTrue(found.reasonsFor(Field.KEY_PAIR).get(0).contains("Key pair missing-key does not exist"), found.toString());
        assertTrue(found.reasonsFor(Field.QUOTA).get(0).contains("VPCs per region 0 of 1")
                && found.reasonsFor(Field.QUOTA).get(0).contains("these 2 servers need 2 more"), found.toString());
        // The automation interface's plan refuses with all of them too, in one message.
        Rejected refused = assertThrows(Rejected.class, () -> DeployRequestCheck.plan(request, defaults("missing-key"), region));
        assertTrue(refused.getMessage().contains("not a zone") && refused.getMessage().contains("Key pair missing-key"),
                refused.getMessage());
    }

    @Test
    void aTypeOutOfStockInTheChosenZoneIsTheInstanceTypesReason() {
        CloudRegion region = start(Quotas.DEFAULT, "sandbox-admin");
        region.createKeyPair("k1");
        DeployRequest request = new DeployRequest("shop-1", 1, null, "cn-hangzhou-h", null, null, "ecs.nope.large", null, null, null, null);

        Preflight found = DeployRequestCheck.preflight(request, defaults("k1"), region, 1).preflight();

        assertEquals(List.of(Field.INSTANCE_TYPE), found.findings().stream().map(Preflight.Finding::field).toList(), found.toString());
        assertTrue(found.reasonsFor(Field.INSTANCE_TYPE).get(0).contains("not on sale in zone cn-hangzhou-h"), found.toString());
    }

    @Test
    void aPhpVersionTheImagesOsCannotGetIsThePhpFieldsReasonAndAnOfferedOneReachesThePlan() {
        CloudRegion region = start(Quotas.DEFAULT, "sandbox-admin");
        region.createKeyPair("k3");
        DeployRequest request = DeployRequest.withDefaults("shop-1", 1).withPhpVersion("7.4");

        Preflight found = DeployRequestCheck.preflight(request, defaults("k3"), region, 1).preflight();

        assertEquals(List.of(Field.PHP), found.findings().stream().map(Preflight.Finding::field).toList(), found.toString());
        assertEquals("PHP 7.4 cannot be installed on image " + IMAGE + ": its OS offers PHP 8.1, 8.2, 8.3, 8.4 (8.1 from the distribution)",
                found.reasonsFor(Field.PHP).get(0));
        Rejected refused = assertThrows(Rejected.class, () -> DeployRequestCheck.plan(request, defaults("k3"), region));
        assertTrue(refused.getMessage().contains("PHP 7.4 cannot be installed"), refused.getMessage());
        assertEquals("8.4", DeployRequestCheck.plan(request.withPhpVersion("8.4"), defaults("k3"), region).phpVersion());
        assertNull(DeployRequestCheck.plan(request.withPhpVersion(" "), defaults("k3"), region).phpVersion());
    }

    @Test
    void aKeyPairOfTheProfilesNameHoldingAnotherKeyIsRefusedAsTheBootstrapCouldNotLogIn() {
        CloudRegion region = start(Quotas.DEFAULT, "sandbox-admin");
        String fingerprint = region.createKeyPair("k5").fingerprint();
        DeploymentDefaults own = new DeploymentDefaults("cn-hangzhou", "k5", 22, TYPE, IMAGE, "cloud_essd", 40, 5,
                ZonePolicy.FIRST_IN_STOCK, NetworkPolicy.PER_SERVER, fingerprint);
        DeploymentDefaults other = new DeploymentDefaults("cn-hangzhou", "k5", 22, TYPE, IMAGE, "cloud_essd", 40, 5,
                ZonePolicy.FIRST_IN_STOCK, NetworkPolicy.PER_SERVER, "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff");
        DeployRequest request = DeployRequest.withDefaults("shop-1", 1);

        assertTrue(DeployRequestCheck.preflight(request, own, region, 1).preflight().passed());
        List<String> reasons = DeployRequestCheck.preflight(request, other, region, 1).preflight().reasonsFor(Field.KEY_PAIR);
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("Key pair k5 in region cn-hangzhou holds another key (fingerprint " + fingerprint + ")"),
                reasons.get(0));
    }

    @Test
    void anAccessKeyWithoutVpcRightsIsRefusedBeforeAnythingIsCreatedAndAGoodRequestPasses() {
        CloudRegion ecsOnly = start(Quotas.DEFAULT, "sandbox-ecs-only");
        ecsOnly.createKeyPair("k2");
        DeployRequest request = DeployRequest.withDefaults("shop-1", 1);

        DeployRequestCheck.Checked refused = DeployRequestCheck.preflight(request, defaults("k2"), ecsOnly, 1);
        assertNull(refused.plan());
        List<String> permissions = refused.preflight().reasonsFor(Field.PERMISSIONS);
        assertTrue(permissions.stream().anyMatch(r -> r.contains("CreateVpc") && r.contains("AliyunVPCFullAccess")), permissions.toString());
        assertTrue(ecsOnly.describeVpcs(List.of()).isEmpty());
        Preflight both = DeployRequestCheck.preflight(request, defaults("no-such-key"), ecsOnly, 1).preflight();
        assertFalse(both.reasonsFor(Field.KEY_PAIR).isEmpty(), both.toString());
        assertTrue(both.reasonsFor(Field.PERMISSIONS).stream().anyMatch(r -> r.contains("CreateVpc")),
                "the refused permissions show beside the other reasons: " + both);

        CloudRegion admin = start(Quotas.DEFAULT, "sandbox-admin");
        DeployRequestCheck.Checked passed = DeployRequestCheck.preflight(request, defaults("k2"), admin, 3);
        assertTrue(passed.preflight().passed(), passed.preflight().toString());
        assertNotNull(passed.plan());
        assertEquals("shop-1", passed.plan().serverName());
    }
}

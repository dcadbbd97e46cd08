package com.ecsprovisioner.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.deployment.TestDeployments;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.engine.DeploymentTargets;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code deploy} command's {@code regionId} reaches the deployment boundary's pre-flight check, which reads that
 * region: with the real SDK against the sandbox, a profile whose key pair is only in its own region (cn-hangzhou) is
 * refused a deployment to cn-shanghai with the console's words, before anything is made.
 */
class DeployCommandRegionSdkTest {

    private static final String KEY_PAIR = "jms-region-key";

    private final Sandbox sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aRegionWithoutTheProfilesKeyPairIsRefusedByThePreflightCheck() {
        AccessKey key = sandbox.accounts().stream().filter(k -> k.userName().equals("sandbox-admin")).findFirst().orElseThrow();
        AlibabaCloud alibaba = new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5));
        DeploymentTargets targets = new DeploymentTargets() {
            @Override
            public CloudRegion cloudFor(long profileId) {
                return cloudFor(profileId, null);
            }

            @Override
            public CloudRegion cloudFor(long profileId, String regionId) {
                return alibaba.region(new CloudConnection(key.id(), key.secret(), regionId == null ? "cn-hangzhou" : regionId,
                        Optional.of(URI.create("http://" + sandbox.endpoint()))));
            }

            @Override
            public String profileName(long profileId) {
                return "jms-region";
            }

            @Override
            public DeploymentDefaults defaultsFor(long profileId) {
                return new DeploymentDefaults("cn-hangzhou", KEY_PAIR, 22, "ecs.c7.large",
                        "ubuntu_22_04_x64_20G_alibase_20240130.vhd", "cloud_essd", 40, 5, ZonePolicy.FIRST_IN_STOCK,
                        NetworkPolicy.PER_SERVER);
            }
        };
        targets.cloudFor(5).createKeyPair(KEY_PAIR);
        FakeBoundaries fake = new FakeBoundaries();
        CommandRoutes routes = new CommandRoutes(TestDeployments.checkingOnly(new TargetsLookup() {
            @Override
            public DeploymentTargets get() {
                return targets;
            }
        }), fake.actions, fake.customServers, fake.profiles, fake.firewall, fake.backups);

        CommandRefused refused = assertThrows(CommandRefused.class, () -> routes.carryOut(Command.of(CommandJson.parse(
                "{\"type\":\"deploy\",\"requestId\":\"r\",\"profile\":5,\"serverName\":\"away-1\",\"regionId\":\"cn-shanghai\"}").node())));
        assertEquals(CommandRefused.REFUSED, refused.rule());
        assertNull(refused.field(), "the pre-flight's reasons, as the boundary words them");
        assertEquals("Key pair " + KEY_PAIR + " does not exist in region cn-shanghai: import the profile's key pair there, "
                + "choose another region, or check the provider profile", refused.getMessage());
    }
}

package com.ecsprovisioner.it.support;

import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.engine.DeploymentTargets;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.sandbox.SandboxKeys;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.embedded.EmbeddedSandbox;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.Optional;

/**
 * Deployment targets for the integration tests: every profile is the embedded sandbox's full-access account in
 * cn-hangzhou, with a key pair made on first use. An alternative with a priority, so that it wins over the
 * product's own targets (provider profiles) in the test archive.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class SandboxTargets implements DeploymentTargets {

    static final String KEY_PAIR = "ecs-it-key";

    @Inject
    EmbeddedSandbox sandbox;

    @Inject
    AlibabaCloud cloud;

    private volatile boolean keyPairMade;
    private volatile String privateKey;

    @Override
    public CloudRegion cloudFor(long profileId) {
        // This installation's full-access key, from the data folder the application runs with.
        AccessKey key = SandboxKeys.forInstallation(java.nio.file.Path.of(System.getProperty("ecs.data.dir"))).get(0);
        CloudRegion region = cloud.region(new CloudConnection(key.id(), key.secret(), "cn-hangzhou",
                Optional.of(URI.create(sandbox.endpoint().orElseThrow()))));
        if (!keyPairMade) {
            synchronized (this) {
                if (!keyPairMade) {
                    // The bootstrap logs in with the pair's private key, which only its creation hands out: a pair
                    // left by an earlier run is replaced.
                    if (region.keyPairs().stream().anyMatch(k -> k.name().equals(KEY_PAIR))) {
                        region.deleteKeyPairs(java.util.List.of(KEY_PAIR));
                    }
                    privateKey = region.createKeyPair(KEY_PAIR).privateKeyPem();
                    keyPairMade = true;
                }
            }
        }
        return region;
    }

    /** The tests' engine works in cn-hangzhou only. */
    @Override
    public CloudRegion cloudFor(long profileId, String regionId) {
        if (regionId != null && !regionId.equals("cn-hangzhou")) {
            throw new IllegalArgumentException("The tests' targets work in cn-hangzhou only, not " + regionId);
        }
        return cloudFor(profileId);
    }

    /** The private key of the pair every sandbox instance of the tests is created with. */
    String privateKey() {
        cloudFor(1);
        return privateKey;
    }

    /** The tests' profiles have no names of their own. */
    @Override
    public String profileName(long profileId) {
        return "Integration tests";
    }

    @Override
    public DeploymentDefaults defaultsFor(long profileId) {
        return new DeploymentDefaults("cn-hangzhou", KEY_PAIR, sandbox.sshPort().orElseThrow(), "ecs.t6-c1m1.large",
                "ubuntu_22_04_x64_20G_alibase_20240130.vhd", "cloud_essd", 40, 5, ZonePolicy.FIRST_IN_STOCK,
                NetworkPolicy.PER_SERVER);
    }
}

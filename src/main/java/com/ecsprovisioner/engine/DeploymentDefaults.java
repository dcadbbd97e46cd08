package com.ecsprovisioner.engine;

import java.util.Objects;

/**
 * A profile's defaults for a deployment; every one except the region, key pair and SSH port can be overridden on
 * the deploy form. {@code sshPort} is the port the images' SSH daemon listens on (22 on the real cloud; the
 * sandbox's configured port).
 */
public record DeploymentDefaults(String regionId, String keyPairName, int sshPort, String instanceType, String imageId,
                                 String diskCategory, int diskSizeGiB, int bandwidthOutMbps, ZonePolicy zonePolicy,
                                 NetworkPolicy networkPolicy) {

    public DeploymentDefaults {
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(keyPairName, "keyPairName");
        Objects.requireNonNull(zonePolicy, "zonePolicy");
        Objects.requireNonNull(networkPolicy, "networkPolicy");
        if (sshPort < 1 || sshPort > 65535) {
            throw new IllegalArgumentException("SSH port " + sshPort + " is not a TCP port");
        }
    }
}

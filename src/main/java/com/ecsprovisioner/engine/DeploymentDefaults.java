package com.ecsprovisioner.engine;

import java.util.Objects;

/**
 * A profile's defaults for a deployment; every one except the region, key pair and SSH port can be overridden on
 * the deploy form. {@code sshPort} is the port the images' SSH daemon listens on (22 on the real cloud; the
 * sandbox's configured port). {@code keyFingerprint}, when known, is the fingerprint of the profile's private key: a
 * key pair of the same name in another region may hold another key, with which the bootstrap could not log in.
 */
public record DeploymentDefaults(String regionId, String keyPairName, int sshPort, String instanceType, String imageId,
                                 String diskCategory, int diskSizeGiB, int bandwidthOutMbps, ZonePolicy zonePolicy,
                                 NetworkPolicy networkPolicy, String keyFingerprint) {

    /** Defaults whose key pair is checked by name only ({@code keyFingerprint} null). */
    public DeploymentDefaults(String regionId, String keyPairName, int sshPort, String instanceType, String imageId,
                              String diskCategory, int diskSizeGiB, int bandwidthOutMbps, ZonePolicy zonePolicy,
                              NetworkPolicy networkPolicy) {
        this(regionId, keyPairName, sshPort, instanceType, imageId, diskCategory, diskSizeGiB, bandwidthOutMbps, zonePolicy,
                networkPolicy, null);
    }

    public DeploymentDefaults {
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(keyPairName, "keyPairName");
        Objects.requireNonNull(zonePolicy, "zonePolicy");
        Objects.requireNonNull(networkPolicy, "networkPolicy");
        if (sshPort < 1 || sshPort > 65535) {
            throw new IllegalArgumentException("SSH port " + sshPort + " is not a TCP port");
        }
    }

    /** The same defaults for a deployment to another region of the account (the key pair by the same name there). */
    public DeploymentDefaults inRegion(String otherRegionId) {
        return otherRegionId == null || otherRegionId.isBlank() ? this
                : new DeploymentDefaults(otherRegionId.strip(), keyPairName, sshPort, instanceType, imageId, diskCategory,
                        diskSizeGiB, bandwidthOutMbps, zonePolicy, networkPolicy, keyFingerprint);
    }
}

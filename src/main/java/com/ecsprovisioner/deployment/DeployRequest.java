package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;

/**
 * What the deploy form sends: a name, a profile, and any of the profile's defaults overridden (null keeps the
 * default). {@code regionId} deploys to another region of the profile's account (its key pair, by the same name,
 * must be there too). {@code zoneId} names a zone outright; otherwise the zone policy chooses. {@code phpVersion} is
 * the branch the bootstrap installs ({@code default}: the distribution's), null for the profile's bootstrap setting.
 */
public record DeployRequest(String name, long profileId, String regionId, String zoneId, ZonePolicy zonePolicy,
                            NetworkPolicy networkPolicy, String instanceType, String imageId, String diskCategory,
                            Integer diskSizeGiB, String phpVersion) {

    /** A request that keeps every default of the profile. */
    public static DeployRequest withDefaults(String name, long profileId) {
        return new DeployRequest(name, profileId, null, null, null, null, null, null, null, null, null);
    }

    public DeployRequest inRegion(String region) {
        return new DeployRequest(name, profileId, region, zoneId, zonePolicy, networkPolicy, instanceType, imageId, diskCategory, diskSizeGiB, phpVersion);
    }

    public DeployRequest withZonePolicy(ZonePolicy policy) {
        return new DeployRequest(name, profileId, regionId, zoneId, policy, networkPolicy, instanceType, imageId, diskCategory, diskSizeGiB, phpVersion);
    }

    public DeployRequest withNetworkPolicy(NetworkPolicy policy) {
        return new DeployRequest(name, profileId, regionId, zoneId, zonePolicy, policy, instanceType, imageId, diskCategory, diskSizeGiB, phpVersion);
    }

    public DeployRequest inZone(String zone) {
        return new DeployRequest(name, profileId, regionId, zone, zonePolicy, networkPolicy, instanceType, imageId, diskCategory, diskSizeGiB, phpVersion);
    }

    public DeployRequest withInstanceType(String type) {
        return new DeployRequest(name, profileId, regionId, zoneId, zonePolicy, networkPolicy, type, imageId, diskCategory, diskSizeGiB, phpVersion);
    }

    public DeployRequest withImage(String image) {
        return new DeployRequest(name, profileId, regionId, zoneId, zonePolicy, networkPolicy, instanceType, image, diskCategory, diskSizeGiB, phpVersion);
    }

    public DeployRequest withDisk(String category, Integer sizeGiB) {
        return new DeployRequest(name, profileId, regionId, zoneId, zonePolicy, networkPolicy, instanceType, imageId, category, sizeGiB, phpVersion);
    }

    public DeployRequest withPhpVersion(String version) {
        return new DeployRequest(name, profileId, regionId, zoneId, zonePolicy, networkPolicy, instanceType, imageId, diskCategory, diskSizeGiB, version);
    }

    /** The same request for a server of another name (one of several deployed at once). */
    public DeployRequest named(String serverName) {
        return new DeployRequest(serverName, profileId, regionId, zoneId, zonePolicy, networkPolicy, instanceType, imageId, diskCategory, diskSizeGiB, phpVersion);
    }

    /** The region asked for, or null for the profile's. */
    String regionOrNull() {
        return regionId == null || regionId.isBlank() ? null : regionId.strip();
    }
}

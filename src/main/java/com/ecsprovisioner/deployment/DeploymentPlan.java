package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;

import java.util.Objects;

/**
 * A deploy request after the profile's defaults were applied and everything was checked: exactly what the job
 * will create. {@code zoneId} is null when the zone policy chooses; {@code phpVersion} is null when the profile's
 * bootstrap setting decides (the server keeps it, not the job: a later bootstrap of the server reads it too). The deployment's own: the job keeps it as the
 * engine's kind-neutral {@code JobPlan} columns.
 */
public record DeploymentPlan(String serverName, long profileId, String regionId, String zoneId, ZonePolicy zonePolicy,
                             NetworkPolicy networkPolicy, String instanceType, String imageId, String diskCategory,
                             int diskSizeGiB, int bandwidthOutMbps, String keyPairName, int sshPort, String phpVersion) {

    public DeploymentPlan {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(zonePolicy, "zonePolicy");
        Objects.requireNonNull(networkPolicy, "networkPolicy");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(diskCategory, "diskCategory");
        Objects.requireNonNull(keyPairName, "keyPairName");
    }

    /** A plan that leaves the PHP version to the profile's bootstrap setting. */
    public DeploymentPlan(String serverName, long profileId, String regionId, String zoneId, ZonePolicy zonePolicy,
                          NetworkPolicy networkPolicy, String instanceType, String imageId, String diskCategory,
                          int diskSizeGiB, int bandwidthOutMbps, String keyPairName, int sshPort) {
        this(serverName, profileId, regionId, zoneId, zonePolicy, networkPolicy, instanceType, imageId, diskCategory,
                diskSizeGiB, bandwidthOutMbps, keyPairName, sshPort, null);
    }

    /** The same plan for a server of another name (several deployed at once share one check). */
    DeploymentPlan named(String name) {
        return new DeploymentPlan(name, profileId, regionId, zoneId, zonePolicy, networkPolicy, instanceType, imageId,
                diskCategory, diskSizeGiB, bandwidthOutMbps, keyPairName, sshPort, phpVersion);
    }

    /** The job's columns for this plan. */
    JobPlan toJobPlan() {
        return JobPlan.deployment(regionId, zoneId, zonePolicy, networkPolicy, serverName, instanceType, imageId, diskCategory,
                diskSizeGiB, bandwidthOutMbps, keyPairName, sshPort);
    }
}

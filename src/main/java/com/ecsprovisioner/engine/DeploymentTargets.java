package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;

/**
 * Where deployments of a provider profile go and what they default to. The provider profiles implement it (they
 * own the credentials and the key pair); provisioning only needs these two answers. Both throw
 * {@link com.ecsprovisioner.platform.Rejected} for a profile that does not exist.
 */
public interface DeploymentTargets {

    /** The profile's account in the profile's region. */
    CloudRegion cloudFor(long profileId);

    /**
     * The profile's account in {@code regionId} (null: the profile's region): a server deployed to another region
     * than its profile's is worked on there, by every job and look that concerns it.
     */
    CloudRegion cloudFor(long profileId, String regionId);

    DeploymentDefaults defaultsFor(long profileId);

    /**
     * What people call the profile (its name), for text they read, such as the description of its shared network in
     * the cloud's console: the profile's number means nothing there. Tags keep the number for the machines.
     */
    String profileName(long profileId);
}

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

    DeploymentDefaults defaultsFor(long profileId);
}

package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.server.Server;

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

    /** Where the server is: its profile's account, in the server's region (which may not be the profile's). */
    default CloudRegion cloudFor(Server server) {
        return cloudFor(server.getProfileId(), server.getRegionId());
    }

    /** The cloud of an account in a region, as the sweep and the status sync group their looks. */
    default CloudRegion cloudFor(AccountRegion where) {
        return cloudFor(where.profileId(), where.regionId());
    }

    /** One account's region: the unit of a batched look, since a profile's servers may be in several regions. */
    record AccountRegion(long profileId, String regionId) {
        @Override
        public String toString() {
            return "provider profile " + profileId + " in " + regionId;
        }
    }

    DeploymentDefaults defaultsFor(long profileId);

    /**
     * What people call the profile (its name), for text they read, such as the description of its shared network in
     * the cloud's console: the profile's number means nothing there. Tags keep the number for the machines.
     */
    String profileName(long profileId);
}

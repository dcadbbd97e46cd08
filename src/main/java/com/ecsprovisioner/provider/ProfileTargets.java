package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.engine.DeploymentTargets;
import com.ecsprovisioner.platform.Rejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a profile's deployments go: its account and region, and its defaults. The image and instance type must be
 * set on the profile (or on the deploy form); the outbound bandwidth that gives a server its public IP is a setting.
 */
@ApplicationScoped
public class ProfileTargets implements DeploymentTargets {

    @PersistenceContext
    EntityManager em;

    @Inject
    ProfileAccess access;

    @Inject
    @ConfigProperty(name = "ecs.deploy.bandwidth-out-mbps", defaultValue = "5")
    int bandwidthOutMbps;

    @Override
    public CloudRegion cloudFor(long profileId) {
        return access.cloudFor(profileId);
    }

    @Override
    public CloudRegion cloudFor(long profileId, String regionId) {
        return access.cloudFor(profileId, regionId);
    }

    @Override
    public DeploymentDefaults defaultsFor(long profileId) {
        ProviderProfile profile = require(profileId);
        return new DeploymentDefaults(profile.getRegionId(), profile.getKeyPairName(), profile.getSshPort(),
                profile.getInstanceType(), profile.getImageId(), profile.getSystemDiskCategory(), profile.getSystemDiskGiB(),
                bandwidthOutMbps, profile.getZonePolicy(), profile.getNetworkPolicy(), profile.getKeyFingerprint());
    }

    @Override
    public String profileName(long profileId) {
        return require(profileId).getName();
    }

    private ProviderProfile require(long profileId) {
        ProviderProfile profile = em.find(ProviderProfile.class, profileId);
        if (profile == null) {
            throw new Rejected("There is no provider profile " + profileId + " (was it deleted?)");
        }
        return profile;
    }
}

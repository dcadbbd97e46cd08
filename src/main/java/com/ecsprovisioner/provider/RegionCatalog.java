package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.KeyFingerprints;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A profile's account in any of its regions, for a deployment to another region than the profile's: that region's
 * zones, offers, instance types, images and key pairs through the same catalogue cache (entries are scoped by region
 * or zone, so the profile's own region shares them), and whether the profile's key pair is there with the profile's
 * key. Key pairs are per region: {@link #importKeyPair} puts the profile's public key there under the same name, so
 * that the bootstrap logs in to a server of that region with the profile's private key.
 */
@Stateless
@RolesAllowed(Role.ADMIN_NAME)
public class RegionCatalog {

    private static final Logger LOG = Logger.getLogger(RegionCatalog.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    ProfileAccess access;

    @Inject
    CatalogCache cache;

    /** Whether the profile's key pair is in a region, and with which key. */
    public enum KeyPairState { PRESENT, MISSING, OTHER_KEY }

    public CatalogCache.Cached<CloudTypes.Zone> zones(long id, String regionId) {
        return cached(id, regionId, CatalogEntry.Kind.ZONES, region(id, regionId), CloudTypes.Zone.class, CloudRegion::zones);
    }

    public CatalogCache.Cached<CloudTypes.Offer> offers(long id, String regionId, String zoneId) {
        return cached(id, regionId, CatalogEntry.Kind.OFFERS, zoneId, CloudTypes.Offer.class, r -> r.availableInstanceTypes(zoneId));
    }

    public CatalogCache.Cached<CloudTypes.InstanceType> instanceTypes(long id, String regionId) {
        return cached(id, regionId, CatalogEntry.Kind.INSTANCE_TYPES, region(id, regionId), CloudTypes.InstanceType.class,
                CloudRegion::instanceTypes);
    }

    public CatalogCache.Cached<CloudTypes.Image> images(long id, String regionId) {
        return cached(id, regionId, CatalogEntry.Kind.IMAGES, region(id, regionId), CloudTypes.Image.class, CloudRegion::publicImages);
    }

    /** Read afresh when it was missing or another key: a person may have just imported or replaced it. */
    public KeyPairState keyPairState(long id, String regionId) {
        ProviderProfile profile = require(id);
        String region = region(id, regionId);
        // Whether the cache answered from the cloud just now: then a second read would ask it again for the same answer.
        boolean[] fresh = {false};
        KeyPairState cachedState = stateIn(profile, cached(id, region, CatalogEntry.Kind.KEY_PAIRS, region,
                CloudTypes.KeyPair.class, cloud -> {
                    fresh[0] = true;
                    return cloud.keyPairs();
                }).items());
        if (cachedState == KeyPairState.PRESENT || fresh[0]) {
            return cachedState;
        }
        cache.forget(id, CatalogEntry.Kind.KEY_PAIRS, region);
        return stateIn(profile, cached(id, region, CatalogEntry.Kind.KEY_PAIRS, region, CloudTypes.KeyPair.class,
                CloudRegion::keyPairs).items());
    }

    /**
     * Imports the profile's public key (derived from its private key) into {@code regionId} under the profile's key
     * pair name. Refused when a key pair of that name holds another key there: replacing it could lock out the
     * servers that use it.
     */
    public void importKeyPair(long id, String regionId) {
        ProviderProfile profile = require(id);
        String region = region(id, regionId);
        if (keyPairState(id, region) == KeyPairState.OTHER_KEY) {
            throw new Rejected("Key pair " + profile.getKeyPairName() + " in " + region + " holds another key than the profile's: "
                    + "it is left alone, since servers may log in with it. Delete or rename it in the ECS console first.");
        }
        ProfileAccess.LoginKey key = access.loginKeyFor(id);
        String publicKey = PrivateKeys.parse(key.privateKeyPem(), key.passphrase()).publicKeyOpenSsh();
        call("importing the key pair " + profile.getKeyPairName() + " into " + region,
                () -> access.cloudFor(id, region).importKeyPair(profile.getKeyPairName(), publicKey));
        cache.forget(id, CatalogEntry.Kind.KEY_PAIRS, region);
        LOG.info(() -> "Key pair " + profile.getKeyPairName() + " of profile '" + profile.getName() + "' imported into " + region);
    }

    private static KeyPairState stateIn(ProviderProfile profile, List<CloudTypes.KeyPair> pairs) {
        Optional<CloudTypes.KeyPair> pair = pairs.stream().filter(k -> k.name().equals(profile.getKeyPairName())).findFirst();
        if (pair.isEmpty()) {
            return KeyPairState.MISSING;
        }
        return pair.get().fingerprint() == null || KeyFingerprints.same(pair.get().fingerprint(), profile.getKeyFingerprint())
                ? KeyPairState.PRESENT : KeyPairState.OTHER_KEY;
    }

    private <T> CatalogCache.Cached<T> cached(long id, String regionId, CatalogEntry.Kind kind, String scope, Class<T> type,
                                              Function<CloudRegion, List<T>> fetch) {
        CloudRegion region = access.cloudFor(id, region(id, regionId));
        return call("reading " + kind.name().toLowerCase().replace('_', ' ') + " of " + regionId,
                () -> cache.get(id, kind, scope, type, () -> fetch.apply(region)));
    }

    private String region(long id, String regionId) {
        return regionId == null || regionId.isBlank() ? require(id).getRegionId() : regionId.strip();
    }

    private ProviderProfile require(long id) {
        ProviderProfile profile = em.find(ProviderProfile.class, id);
        if (profile == null) {
            throw new Rejected("There is no provider profile " + id + " (was it deleted?)");
        }
        return profile;
    }

    /** Cloud failures become refusals a person can act on; the details go to the log. */
    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (CloudException e) {
            LOG.warning(() -> "Cloud call failed while " + what + ": " + e.describe());
            throw new Rejected(e.getMessage() + (e.requestId() == null ? "" : " (request " + e.requestId() + ")"));
        } catch (EJBException e) {
            if (e.getCause() instanceof CloudException cloudFailure) {
                LOG.warning(() -> "Cloud call failed while " + what + ": " + cloudFailure.describe());
                throw new Rejected(cloudFailure.getMessage());
            }
            throw e;
        }
    }
}

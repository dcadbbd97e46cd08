package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.Cloud;
import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.net.URI;
import java.util.Optional;

/**
 * The one place where a profile's secrets are opened, for the features that must use them: a cloud connection
 * for API calls and the private key for SSH logins. Deliberately not a page bean and not exposed to pages.
 */
@ApplicationScoped
public class ProfileAccess {

    static final String SECRET = "provider.access-key-secret";
    static final String PRIVATE_KEY = "provider.private-key";
    static final String PASSPHRASE = "provider.private-key-passphrase";

    @PersistenceContext
    EntityManager em;

    @Inject
    SecretBox box;

    @Inject
    Cloud cloud;

    /** The private key an SSH login with this profile uses; {@code toString} shows neither key nor passphrase. */
    public record LoginKey(String user, int port, String privateKeyPem, String passphrase, String fingerprint) {
        @Override
        public String toString() {
            return "LoginKey[" + user + ":" + port + ", " + fingerprint + "]";
        }
    }

    public CloudConnection connectionFor(long profileId) {
        return connectionFor(require(profileId));
    }

    public CloudRegion cloudFor(long profileId) {
        return cloud.region(connectionFor(profileId));
    }

    /** The profile's account in another region (null: its own); key pairs and catalogues there are that region's. */
    public CloudRegion cloudFor(long profileId, String regionId) {
        if (regionId == null) {
            // One way to the profile's own region, so that whatever decorates it sees every call there.
            return cloudFor(profileId);
        }
        return cloud.region(connectionFor(profileId).inRegion(regionId));
    }

    public LoginKey loginKeyFor(long profileId) {
        ProviderProfile profile = require(profileId);
        return new LoginKey(profile.getSshUser(), profile.getSshPort(), box.open(PRIVATE_KEY, profile.sealedPrivateKey()),
                profile.sealedPassphrase() == null ? null : box.open(PASSPHRASE, profile.sealedPassphrase()),
                profile.getKeyFingerprint());
    }

    CloudConnection connectionFor(ProviderProfile profile) {
        return new CloudConnection(profile.getAccessKeyId(), box.open(SECRET, profile.sealedSecret()),
                profile.getRegionId(), endpoint(profile.getEndpoint()));
    }

    static Optional<URI> endpoint(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(text.strip());
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
            return Optional.of(uri);
        } catch (RuntimeException e) {
            throw new Rejected("The endpoint must be an http(s) address such as http://127.0.0.1:8089 (the sandbox), or empty for Alibaba Cloud");
        }
    }

    private ProviderProfile require(long profileId) {
        ProviderProfile profile = em.find(ProviderProfile.class, profileId);
        if (profile == null) {
            throw new Rejected("There is no provider profile " + profileId);
        }
        return profile;
    }
}

package com.ecsprovisioner.provider;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditTrail;
import com.ecsprovisioner.audit.Changes;
import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.cloud.Cloud;
import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.KeyFingerprints;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.security.SecretBox;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The boundary for provider profiles: discovering what an account offers before anything is saved (regions, key
 * pairs), creating and importing key pairs, checking that a private key belongs to the chosen key pair, saving in
 * one step, testing the connection and permissions, serving the cached catalogue, and copying a profile to another
 * region. Cloud failures reach the caller as {@link Rejected} with a message for a person; the cloud's code and
 * request id go to the log.
 */
@Stateless
@RolesAllowed(Role.ADMIN_NAME)
public class ProviderProfiles {

    private static final Logger LOG = Logger.getLogger(ProviderProfiles.class.getName());
    /** DescribeRegions answers from any region; this one is only where the question is asked. */
    static final String DISCOVERY_REGION = "cn-hangzhou";

    @PersistenceContext
    EntityManager em;

    @Inject
    Cloud cloud;

    @Inject
    SecretBox box;

    @Inject
    ProfileAccess access;

    @Inject
    CatalogCache cache;

    @Inject
    AccountQuotas accountQuotas;

    /** Every change to a profile is recorded with who made it, in the change's transaction. */
    @Inject
    AuditTrail audit;

    @Resource
    SessionContext context;

    /** The name recorded as who asked: the caller, or the sender an interface authenticated itself (JMS). */
    @Inject
    Requester requester;

    Clock clock = Clock.systemUTC();

    /** The credentials being entered on a page, or those of a saved profile when the secret field was left empty. */
    public record Credentials(Long profileId, String accessKeyId, String secretOrNull, String endpoint) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + "]";
        }
    }

    // ---- Before saving: discovery -----------------------------------------------------------------------------

    public List<CloudTypes.Region> discoverRegions(Credentials credentials) {
        return callCloud("reading the regions", () -> region(credentials, DISCOVERY_REGION).regions().stream()
                .sorted(Comparator.comparing(CloudTypes.Region::id)).toList());
    }

    public List<CloudTypes.KeyPair> discoverKeyPairs(Credentials credentials, String regionId) {
        return callCloud("reading the key pairs of " + regionId, () -> region(credentials, regionId).keyPairs().stream()
                .sorted(Comparator.comparing(CloudTypes.KeyPair::name)).toList());
    }

    /** What a new profile starts with, so that a first deployment works without knowing the catalogue. */
    public record Suggestion(String instanceType, String imageId) {
    }

    /**
     * Picks defaults from what the region offers now: the smallest instance type in stock in the first zone with at
     * least 2 GiB of memory (WordPress with MariaDB needs it), and the newest supported image (Ubuntu 24.04, then
     * 22.04, then Debian 12). Either may be null when the region offers nothing suitable.
     */
    public Suggestion suggestDefaults(Credentials credentials, String regionId) {
        return callCloud("choosing defaults in " + regionId, () -> {
            CloudRegion region = region(credentials, regionId);
            List<CloudTypes.Zone> zones = region.zones();
            String type = null;
            if (!zones.isEmpty()) {
                Set<String> offered = region.availableInstanceTypes(zones.get(0).id()).stream()
                        .map(CloudTypes.Offer::instanceType).collect(Collectors.toSet());
                List<CloudTypes.InstanceType> candidates = region.instanceTypes().stream()
                        .filter(t -> offered.contains(t.id()))
                        .sorted(Comparator.comparingInt(CloudTypes.InstanceType::cpuCores).thenComparingDouble(CloudTypes.InstanceType::memoryGiB))
                        .toList();
                type = candidates.stream().filter(t -> t.memoryGiB() >= 2).map(CloudTypes.InstanceType::id).findFirst()
                        .orElse(candidates.isEmpty() ? null : candidates.get(0).id());
            }
            List<CloudTypes.Image> images = region.publicImages();
            String image = null;
            for (String wanted : List.of("ubuntu_24_04", "ubuntu_22_04", "debian_12")) {
                image = images.stream().filter(i -> i.id().startsWith(wanted) && !i.id().contains("arm"))
                        .map(CloudTypes.Image::id).sorted(Comparator.reverseOrder()).findFirst().orElse(null);
                if (image != null) {
                    break;
                }
            }
            return new Suggestion(type, image);
        });
    }

    /** The private key is in the answer only: the page offers it for download once and keeps it for the profile. */
    public CloudTypes.CreatedKeyPair createKeyPair(Credentials credentials, String regionId, String name) {
        requireKeyPairName(name);
        CloudTypes.CreatedKeyPair created = callCloud("creating the key pair " + name,
                () -> region(credentials, regionId).createKeyPair(name.strip()));
        LOG.info(() -> "Key pair " + created.name() + " created in " + regionId + " (" + created.fingerprint() + ")");
        return created;
    }

    public CloudTypes.KeyPair importKeyPair(Credentials credentials, String regionId, String name, String publicKey) {
        requireKeyPairName(name);
        try {
            KeyFingerprints.of(publicKey == null ? "" : publicKey.strip());
        } catch (IllegalArgumentException e) {
            throw new Rejected(e.getMessage());
        }
        return callCloud("importing the key pair " + name,
                () -> region(credentials, regionId).importKeyPair(name.strip(), publicKey.strip()));
    }

    /**
     * Checks that a private key opens and belongs to the named key pair (by the cloud's fingerprint).
     * Returns the parsed key; a mismatch is refused with both fingerprints named.
     */
    public PrivateKeys.ParsedKey matchKey(Credentials credentials, String regionId, String keyPairName, String privateKey,
                                          String passphrase) {
        PrivateKeys.ParsedKey parsed = PrivateKeys.parse(privateKey, passphrase);
        CloudTypes.KeyPair pair = discoverKeyPairs(credentials, regionId).stream()
                .filter(k -> k.name().equals(keyPairName)).findFirst()
                .orElseThrow(() -> new Rejected("There is no key pair named '" + keyPairName + "' in " + regionId
                        + ": choose one from the list, create one, or import your public key."));
        if (!KeyFingerprints.same(pair.fingerprint(), parsed.fingerprint())) {
            throw new Rejected("This private key does not belong to the key pair '" + keyPairName + "': the key pair's fingerprint is "
                    + pair.fingerprint() + ", the private key's is " + parsed.fingerprint() + ".");
        }
        return parsed;
    }

    // ---- Saving -------------------------------------------------------------------------------------------------

    /** Creates ({@code id} null) or updates a profile in one step, after checking the key against the cloud. */
    public ProviderProfile save(Long id, ProfileDraft draft) {
        ProviderProfile existing = id == null ? null : require(id);
        requireUniqueName(draft.name(), id);
        ProfileAccess.endpoint(draft.endpoint());
        if (existing == null && (blank(draft.accessKeySecret()) || blank(draft.privateKey()))) {
            throw new Rejected("A new profile needs the AccessKey secret and the private key");
        }
        Credentials credentials = new Credentials(id, draft.accessKeyId(), blankToNull(draft.accessKeySecret()), draft.endpoint());
        String sealedSecret = draft.accessKeySecret() == null || draft.accessKeySecret().isBlank()
                ? existing.sealedSecret() : box.seal(ProfileAccess.SECRET, draft.accessKeySecret().strip());

        // The key: a new one is checked against the key pair; a kept one must still match if the key pair changed.
        boolean newKey = !blank(draft.privateKey());
        String fingerprint;
        String sealedKey;
        String sealedPassphrase;
        if (newKey) {
            fingerprint = matchKey(credentials, draft.regionId(), draft.keyPairName(), draft.privateKey(), draft.passphrase()).fingerprint();
            sealedKey = box.seal(ProfileAccess.PRIVATE_KEY, draft.privateKey().strip() + "\n");
            sealedPassphrase = blank(draft.passphrase()) ? null : box.seal(ProfileAccess.PASSPHRASE, draft.passphrase());
        } else {
            if (!existing.getKeyPairName().equals(draft.keyPairName()) || !existing.getRegionId().equals(draft.regionId())) {
                throw new Rejected("A different key pair or region needs its private key: paste or upload it");
            }
            fingerprint = existing.getKeyFingerprint();
            sealedKey = existing.sealedPrivateKey();
            sealedPassphrase = existing.sealedPassphrase();
        }
        Instant now = clock.instant();
        Map<String, Object> before = existing == null ? null : ProfileAudit.fields(existing);
        ProviderProfile profile;
        if (existing == null) {
            profile = new ProviderProfile(draft.name(), draft.accessKeyId().strip(), sealedSecret, blankToNull(draft.endpoint()),
                    draft.regionId(), draft.keyPairName(), fingerprint, sealedKey, sealedPassphrase, now);
        } else {
            profile = existing;
            profile.rename(draft.name());
            profile.replaceCredentials(draft.accessKeyId().strip(), sealedSecret);
            profile.changeEndpoint(draft.endpoint());
            if (!profile.getRegionId().equals(draft.regionId())) {
                cache.clear(profile.getId());
            }
            profile.moveToRegion(draft.regionId(), draft.keyPairName(), fingerprint, sealedKey, sealedPassphrase);
            profile.touch(now);
        }
        profile.changeLogin(draft.sshPort(), draft.sshUser() == null ? "root" : draft.sshUser().strip());
        profile.changeDefaults(draft.zonePolicy(), draft.networkPolicy(), draft.instanceType(), draft.imageId(),
                draft.systemDiskGiB(), draft.systemDiskCategory());
        profile.changeBootstrapOptions(draft.bootstrap() == null ? BootstrapOverrides.none() : draft.bootstrap());
        if (existing == null) {
            em.persist(profile);
            em.flush();
        }
        Changes changes = existing == null ? ProfileAudit.all(profile) : ProfileAudit.edited(before, profile);
        changes.secretReplaced("accessKeySecret", existing != null && !blank(draft.accessKeySecret()))
                .secretReplaced("privateKey", existing != null && newKey)
                .secretReplaced("passphrase", existing != null && newKey && !Objects.equals(sealedPassphrase, existing.sealedPassphrase()));
        if (existing == null || !changes.isEmpty()) {
            audit.record(actor(), existing == null ? AuditAction.PROFILE_CREATED : AuditAction.PROFILE_EDITED,
                    ProfileAudit.subject(profile), changes);
        }
        LOG.info(() -> "Provider profile '" + profile.getName() + "' saved (" + profile.getAccessKeyId() + " in "
                + profile.getRegionId() + ", key pair " + profile.getKeyPairName() + ")");
        return profile;
    }

    /**
     * The same account in another region under a new name; key pairs are per region, so the key pair and its
     * private key for that region come with it.
     */
    public ProviderProfile copyToRegion(long id, String newName, String regionId, String keyPairName, String privateKey,
                                        String passphrase) {
        ProviderProfile source = require(id);
        ProfileDraft draft = new ProfileDraft(newName, source.getAccessKeyId(), null, source.getEndpoint(), regionId,
                keyPairName, privateKey, passphrase, source.getSshPort(), source.getSshUser(), source.getZonePolicy(),
                source.getNetworkPolicy(), null, null, source.getSystemDiskGiB(), source.getSystemDiskCategory(),
                source.getBootstrap());
        if (blank(privateKey)) {
            throw new Rejected("Key pairs are per region: choose, create or import a key pair in " + regionId + " and give its private key");
        }
        requireUniqueName(newName, null);
        Credentials credentials = new Credentials(id, source.getAccessKeyId(), null, source.getEndpoint());
        String fingerprint = matchKey(credentials, regionId, keyPairName, privateKey, passphrase).fingerprint();
        Suggestion defaults = defaultsIn(source, credentials, regionId);
        ProviderProfile copy = new ProviderProfile(draft.name(), source.getAccessKeyId(), source.sealedSecret(),
                source.getEndpoint(), regionId, keyPairName, fingerprint,
                box.seal(ProfileAccess.PRIVATE_KEY, privateKey.strip() + "\n"),
                blank(passphrase) ? null : box.seal(ProfileAccess.PASSPHRASE, passphrase), clock.instant());
        copy.changeLogin(source.getSshPort(), source.getSshUser());
        copy.changeDefaults(source.getZonePolicy(), source.getNetworkPolicy(), defaults.instanceType(), defaults.imageId(),
                source.getSystemDiskGiB(), source.getSystemDiskCategory());
        copy.changeBootstrapOptions(source.getBootstrap());
        em.persist(copy);
        em.flush();
        audit.record(actor(), AuditAction.PROFILE_COPIED, ProfileAudit.subject(copy),
                Changes.none().value("copiedFrom", ProfileAudit.subject(source)).field("region", source.getRegionId(), regionId)
                        .field("keyPair", source.getKeyPairName(), keyPairName).secretReplaced("privateKey"));
        return copy;
    }

    /**
     * Instance types and images differ between regions: the source's are carried where the target region offers them,
     * otherwise the region's own suggestion is taken, so that a deploy from the copy needs no field filled in.
     */
    private Suggestion defaultsIn(ProviderProfile source, Credentials credentials, String regionId) {
        Suggestion suggested = suggestDefaults(credentials, regionId);
        return callCloud("checking the defaults in " + regionId, () -> {
            CloudRegion region = region(credentials, regionId);
            boolean typeOffered = source.getInstanceType() != null
                    && region.instanceTypes().stream().anyMatch(t -> t.id().equals(source.getInstanceType()));
            boolean imageOffered = source.getImageId() != null
                    && region.publicImages().stream().anyMatch(i -> i.id().equals(source.getImageId()));
            return new Suggestion(typeOffered ? source.getInstanceType() : suggested.instanceType(),
                    imageOffered ? source.getImageId() : suggested.imageId());
        });
    }

    public void delete(long id) {
        ProviderProfile profile = require(id);
        cache.clear(id);
        audit.record(actor(), AuditAction.PROFILE_DELETED, ProfileAudit.subject(profile), ProfileAudit.all(profile));
        em.remove(profile);
        LOG.info(() -> "Provider profile '" + profile.getName() + "' deleted");
    }

    // ---- Saved profiles -------------------------------------------------------------------------------------

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<ProviderProfile> list() {
        return em.createNamedQuery("ProviderProfile.all", ProviderProfile.class).getResultList();
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Optional<ProviderProfile> find(long id) {
        return Optional.ofNullable(em.find(ProviderProfile.class, id));
    }

    /**
     * Checks credentials, the permission of every action the product calls, and reads the account's quotas afresh
     * (into the cache the dashboard reads); records the outcome.
     */
    public ConnectionReport testConnection(long id) {
        ProviderProfile profile = require(id);
        CloudRegion region = access.cloudFor(id);
        Instant now = clock.instant();
        ConnectionReport report;
        try {
            region.regions();
            List<CloudTypes.Zone> zones = zones(id).items();
            String zone = zones.isEmpty() ? null : zones.get(0).id();
            String type = profile.getInstanceType() != null ? profile.getInstanceType() : firstOffer(id, zone);
            String image = profile.getImageId() != null ? profile.getImageId() : firstLinuxImage(id);
            List<CloudTypes.PermissionCheck> checks = region.checkPermissions(new CloudTypes.PermissionProbe(zone, type, image));
            List<QuotaReading> quotas = List.of();
            String quotaMessage = null;
            try {
                quotas = accountQuotas.refresh(id).items();
            } catch (Rejected e) {
                quotaMessage = "The quotas could not be read: " + e.getMessage();
            }
            report = new ConnectionReport(now, true, "The AccessKey works.", checks, quotas, quotaMessage);
        } catch (CloudException e) {
            LOG.warning(() -> "Connection test of profile '" + profile.getName() + "' failed: " + e.describe());
            report = new ConnectionReport(now, false, e.getMessage(), List.of(), null, null);
        }
        profile.recordCheck(now, report.ok(), report.summary());
        return report;
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public CatalogCache.Cached<CloudTypes.Region> regions(long id) {
        return cached(id, CatalogEntry.Kind.REGIONS, "*", CloudTypes.Region.class, r -> r.regions());
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public CatalogCache.Cached<CloudTypes.Zone> zones(long id) {
        return cached(id, CatalogEntry.Kind.ZONES, regionOf(id), CloudTypes.Zone.class, CloudRegion::zones);
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public CatalogCache.Cached<CloudTypes.Offer> offers(long id, String zoneId) {
        return cached(id, CatalogEntry.Kind.OFFERS, zoneId, CloudTypes.Offer.class, r -> r.availableInstanceTypes(zoneId));
    }

    /** The types a server of this profile in {@code zoneId} can be resized to ({@link ResizeChoices}), from the catalogue. */
    @RolesAllowed(Role.ADMIN_NAME)
    public List<CloudTypes.InstanceType> resizeChoices(long id, String zoneId, String currentType) {
        return ResizeChoices.fitting(instanceTypes(id).items(), offers(id, zoneId).items(), zoneId, currentType);
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public CatalogCache.Cached<CloudTypes.InstanceType> instanceTypes(long id) {
        return cached(id, CatalogEntry.Kind.INSTANCE_TYPES, regionOf(id), CloudTypes.InstanceType.class, CloudRegion::instanceTypes);
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public CatalogCache.Cached<CloudTypes.Image> images(long id) {
        return cached(id, CatalogEntry.Kind.IMAGES, regionOf(id), CloudTypes.Image.class, CloudRegion::publicImages);
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public CatalogCache.Cached<CloudTypes.KeyPair> keyPairs(long id) {
        return cached(id, CatalogEntry.Kind.KEY_PAIRS, regionOf(id), CloudTypes.KeyPair.class, CloudRegion::keyPairs);
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<CatalogEntry> cacheEntries(long id) {
        return cache.entries(id);
    }

    public void clearCache(long id) {
        ProviderProfile profile = require(id);
        cache.clear(id);
        audit.record(actor(), AuditAction.PROFILE_CACHE_CLEARED, ProfileAudit.subject(profile), Changes.none());
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private <T> CatalogCache.Cached<T> cached(long id, CatalogEntry.Kind kind, String scope, Class<T> type,
                                              Function<CloudRegion, List<T>> fetch) {
        CloudRegion region = access.cloudFor(id);
        return callCloud("reading " + kind.name().toLowerCase().replace('_', ' '),
                () -> cache.get(id, kind, scope, type, () -> fetch.apply(region)));
    }

    private String actor() {
        return requester.nameOf(context.getCallerPrincipal());
    }

    private String regionOf(long id) {
        return require(id).getRegionId();
    }

    private String firstOffer(long id, String zone) {
        if (zone == null) {
            return null;
        }
        List<CloudTypes.Offer> offers = offers(id, zone).items();
        return offers.isEmpty() ? null : offers.get(0).instanceType();
    }

    private String firstLinuxImage(long id) {
        return images(id).items().stream().filter(i -> "linux".equalsIgnoreCase(i.osType())).map(CloudTypes.Image::id)
                .findFirst().orElse(null);
    }

    private CloudRegion region(Credentials credentials, String regionId) {
        if (blank(credentials.accessKeyId())) {
            throw new Rejected("Enter the AccessKey ID");
        }
        String secret = credentials.secretOrNull();
        if (blank(secret)) {
            if (credentials.profileId() == null) {
                throw new Rejected("Enter the AccessKey secret");
            }
            secret = access.connectionFor(credentials.profileId()).accessKeySecret();
        }
        return cloud.region(new CloudConnection(credentials.accessKeyId().strip(), secret.strip(), regionId,
                ProfileAccess.endpoint(credentials.endpoint())));
    }

    /** Cloud failures become refusals a person can act on; the details go to the log. */
    private static <T> T callCloud(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (CloudException e) {
            LOG.warning(() -> "Cloud call failed while " + what + ": " + e.describe());
            throw new Rejected(e.getMessage() + CloudException.forSupport(e.code(), e.requestId()));
        } catch (EJBException e) {
            if (e.getCause() instanceof CloudException cloudFailure) {
                LOG.warning(() -> "Cloud call failed while " + what + ": " + cloudFailure.describe());
                throw new Rejected(cloudFailure.getMessage());
            }
            throw e;
        }
    }

    private void requireUniqueName(String name, Long id) {
        if (blank(name)) {
            throw new Rejected("Give the profile a name");
        }
        em.createNamedQuery("ProviderProfile.byName", ProviderProfile.class).setParameter("name", name.strip())
                .getResultStream().filter(p -> !p.getId().equals(id)).findFirst()
                .ifPresent(p -> {
                    throw new Rejected("A profile named '" + name.strip() + "' exists already");
                });
    }

    private static void requireKeyPairName(String name) {
        if (name == null || !name.strip().matches("[A-Za-z][A-Za-z0-9._:-]{1,127}")) {
            throw new Rejected("A key pair name is 2 to 128 characters, starting with a letter (letters, digits, '.', '_', '-', ':')");
        }
    }

    private ProviderProfile require(long id) {
        ProviderProfile profile = em.find(ProviderProfile.class, id);
        if (profile == null) {
            throw new Rejected("There is no provider profile " + id + " (was it deleted?)");
        }
        return profile;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s;
    }
}

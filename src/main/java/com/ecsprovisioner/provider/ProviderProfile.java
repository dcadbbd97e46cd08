package com.ecsprovisioner.provider;

import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.platform.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * One Alibaba Cloud account in one region. The sealed fields hold ciphertext only (see {@code SecretBox}); nothing
 * here can open them, and their getters are package-private so that pages cannot show them.
 */
@Entity
@Table(name = "provider_profile")
@NamedQuery(name = "ProviderProfile.all", query = "SELECT p FROM ProviderProfile p ORDER BY p.name")
@NamedQuery(name = "ProviderProfile.byName", query = "SELECT p FROM ProviderProfile p WHERE p.name = :name")
public class ProviderProfile extends VersionedEntity {

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "access_key_id", nullable = false)
    private String accessKeyId;

    @Column(name = "access_key_secret", nullable = false, length = 1024)
    private String sealedSecret;

    /** Null for Alibaba Cloud's public endpoints; an http(s) URL for the sandbox or a private endpoint. */
    @Column(name = "endpoint")
    private String endpoint;

    @Column(name = "region_id", nullable = false)
    private String regionId;

    @Column(name = "key_pair_name", nullable = false)
    private String keyPairName;

    @Column(name = "key_fingerprint", nullable = false)
    private String keyFingerprint;

    @Column(name = "private_key", nullable = false, length = 20000)
    private String sealedPrivateKey;

    @Column(name = "private_key_passphrase", length = 2048)
    private String sealedPassphrase;

    @Column(name = "ssh_port", nullable = false)
    private int sshPort = 22;

    @Column(name = "ssh_user", nullable = false)
    private String sshUser = "root";

    @Enumerated(EnumType.STRING)
    @Column(name = "zone_policy", nullable = false)
    private ZonePolicy zonePolicy = ZonePolicy.FIRST_ZONE;

    @Enumerated(EnumType.STRING)
    @Column(name = "network_policy", nullable = false)
    private NetworkPolicy networkPolicy = NetworkPolicy.PER_SERVER;

    @Column(name = "instance_type")
    private String instanceType;

    @Column(name = "image_id")
    private String imageId;

    @Column(name = "system_disk_gib", nullable = false)
    private int systemDiskGiB = 40;

    @Column(name = "system_disk_category", nullable = false)
    private String systemDiskCategory = "cloud_essd";

    /** The bootstrap settings the profile's servers (and custom servers using it) run with. */
    @Embedded
    private BootstrapOverrides bootstrap = BootstrapOverrides.none();

    @Column(name = "last_check_at")
    private Instant lastCheckAt;

    @Column(name = "last_check_ok")
    private Boolean lastCheckOk;

    @Column(name = "last_check_summary", length = 4000)
    private String lastCheckSummary;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;


    protected ProviderProfile() {
    }

    public ProviderProfile(String name, String accessKeyId, String sealedSecret, String endpoint, String regionId,
                           String keyPairName, String keyFingerprint, String sealedPrivateKey, String sealedPassphrase,
                           Instant now) {
        rename(name);
        this.accessKeyId = require(accessKeyId, "AccessKey ID");
        this.sealedSecret = require(sealedSecret, "AccessKey secret");
        this.endpoint = endpoint;
        this.regionId = require(regionId, "region");
        useKey(keyPairName, keyFingerprint, sealedPrivateKey, sealedPassphrase);
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void rename(String newName) {
        String trimmed = require(newName, "profile name").strip();
        if (trimmed.length() > 100) {
            throw new Rejected("A profile name has at most 100 characters");
        }
        this.name = trimmed;
    }

    /** A new AccessKey pair for the same account (rotation); the cache stays valid. */
    public void replaceCredentials(String newAccessKeyId, String newSealedSecret) {
        this.accessKeyId = require(newAccessKeyId, "AccessKey ID");
        this.sealedSecret = require(newSealedSecret, "AccessKey secret");
    }

    /** Key pairs are per region, so a region change always comes with the key pair to use there. */
    public void moveToRegion(String newRegionId, String newKeyPairName, String newFingerprint, String newSealedPrivateKey,
                             String newSealedPassphrase) {
        this.regionId = require(newRegionId, "region");
        useKey(newKeyPairName, newFingerprint, newSealedPrivateKey, newSealedPassphrase);
    }

    public void useKey(String newKeyPairName, String newFingerprint, String newSealedPrivateKey, String newSealedPassphrase) {
        this.keyPairName = require(newKeyPairName, "key pair");
        this.keyFingerprint = require(newFingerprint, "key fingerprint");
        this.sealedPrivateKey = require(newSealedPrivateKey, "private key");
        this.sealedPassphrase = newSealedPassphrase;
    }

    public void changeLogin(int port, String user) {
        if (port < 1 || port > 65535) {
            throw new Rejected("The SSH port must be between 1 and 65535");
        }
        if (user == null || !user.matches("[a-z_][a-z0-9_-]{0,31}")) {
            throw new Rejected("The SSH user must be a Linux user name such as root or ubuntu");
        }
        this.sshPort = port;
        this.sshUser = user;
    }

    public void changeDefaults(ZonePolicy zones, NetworkPolicy networks, String type, String image, int diskGiB,
                               String diskCategory) {
        if (diskGiB < 20 || diskGiB > 2048) {
            throw new Rejected("The system disk must be between 20 and 2048 GiB");
        }
        this.zonePolicy = Objects.requireNonNull(zones);
        this.networkPolicy = Objects.requireNonNull(networks);
        this.instanceType = blankToNull(type);
        this.imageId = blankToNull(image);
        this.systemDiskGiB = diskGiB;
        this.systemDiskCategory = diskCategory == null || diskCategory.isBlank() ? "cloud_essd" : diskCategory.strip();
    }

    /** Already checked by {@link BootstrapOverrides#of}, the bootstrap's own rules, so what saves here also runs. */
    public void changeBootstrapOptions(BootstrapOverrides options) {
        this.bootstrap = Objects.requireNonNull(options);
    }

    public void recordCheck(Instant at, boolean ok, String summary) {
        this.lastCheckAt = at;
        this.lastCheckOk = ok;
        this.lastCheckSummary = summary == null ? null : summary.substring(0, Math.min(summary.length(), 4000));
    }

    public void touch(Instant now) {
        this.updatedAt = now;
    }

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new Rejected("The " + what + " is missing");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }


    public String getName() {
        return name;
    }

    public String getAccessKeyId() {
        return accessKeyId;
    }

    String sealedSecret() {
        return sealedSecret;
    }

    String sealedPrivateKey() {
        return sealedPrivateKey;
    }

    String sealedPassphrase() {
        return sealedPassphrase;
    }

    public boolean hasPassphrase() {
        return sealedPassphrase != null;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void changeEndpoint(String newEndpoint) {
        this.endpoint = blankToNull(newEndpoint);
    }

    public String getRegionId() {
        return regionId;
    }

    public String getKeyPairName() {
        return keyPairName;
    }

    public String getKeyFingerprint() {
        return keyFingerprint;
    }

    public int getSshPort() {
        return sshPort;
    }

    public String getSshUser() {
        return sshUser;
    }

    public ZonePolicy getZonePolicy() {
        return zonePolicy;
    }

    public NetworkPolicy getNetworkPolicy() {
        return networkPolicy;
    }

    public String getInstanceType() {
        return instanceType;
    }

    public String getImageId() {
        return imageId;
    }

    public int getSystemDiskGiB() {
        return systemDiskGiB;
    }

    public String getSystemDiskCategory() {
        return systemDiskCategory;
    }

    /** Never null: EclipseLink reads an embeddable whose columns are all null as null. */
    public BootstrapOverrides getBootstrap() {
        return bootstrap == null ? BootstrapOverrides.none() : bootstrap;
    }

    /**
     * The profile a form may choose for a person: the first whose last connection test did not fail (one never
     * tested counts as fine). A failed one stays choosable by hand, never preselected.
     */
    public static java.util.Optional<ProviderProfile> firstNotFailed(java.util.List<ProviderProfile> profiles) {
        return profiles.stream().filter(p -> !Boolean.FALSE.equals(p.lastCheckOk)).findFirst();
    }

    public Instant getLastCheckAt() {
        return lastCheckAt;
    }

    public Boolean getLastCheckOk() {
        return lastCheckOk;
    }

    public String getLastCheckSummary() {
        return lastCheckSummary;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}

package com.ecsprovisioner.console;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.provider.PrivateKeys;
import com.ecsprovisioner.provider.ProfileDraft;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.sandbox.embedded.EmbeddedSandbox;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Adding or editing a provider profile in one pass: the regions appear as soon as the AccessKey pair is entered,
 * the key pairs as soon as a region is chosen, the private key is checked against the chosen key pair as soon as it
 * is pasted or uploaded, and one Save stores it all. Secrets typed here live in this view only until saved and are
 * never shown back.
 */
@Named
@ViewScoped
public class ProviderEditPage implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Longer than any private key the product accepts (an RSA 16384-bit key in PEM is about 12 KiB). */
    static final int LONGEST_KEY = 16384;

    @Inject
    transient ProviderProfiles profiles;

    @Inject
    transient EmbeddedSandbox sandbox;

    private Long id;
    private boolean loaded;
    private String name;
    private String accessKeyId;
    private String secret;
    private boolean secretStored;
    private String endpoint;
    private List<CloudTypes.Region> regions = new ArrayList<>();
    private String regionId;
    private List<CloudTypes.KeyPair> keyPairs = new ArrayList<>();
    private String keyPairName;
    private String privateKey;
    private String passphrase;
    private boolean keyStored;
    private String keyStatus;
    private boolean keyMatches;
    private String newKeyPairName;
    private String importName;
    private String importPublicKey;
    private String createdPrivateKey;
    private String createdKeyPairName;
    private int sshPort = 22;
    private String sshUser = "root";
    private ZonePolicy zonePolicy = ZonePolicy.FIRST_ZONE;
    private NetworkPolicy networkPolicy = NetworkPolicy.PER_SERVER;
    private String instanceType;
    private String imageId;
    private int systemDiskGiB = 40;
    private String systemDiskCategory = "cloud_essd";
    private BootstrapSettingsForm bootstrap = new BootstrapSettingsForm();

    /** Called from the view's metadata: loads a saved profile once. */
    public void load() {
        if (loaded || FacesContext.getCurrentInstance().isPostback()) {
            return;
        }
        loaded = true;
        if (id == null) {
            return;
        }
        Refusals.run(() -> {
            ProviderProfile p = profiles.find(id).orElseThrow(() -> new com.ecsprovisioner.platform.Rejected("That provider profile no longer exists."));
            name = p.getName();
            accessKeyId = p.getAccessKeyId();
            secretStored = true;
            keyStored = true;
            endpoint = p.getEndpoint();
            regionId = p.getRegionId();
            keyPairName = p.getKeyPairName();
            sshPort = p.getSshPort();
            sshUser = p.getSshUser();
            zonePolicy = p.getZonePolicy();
            networkPolicy = p.getNetworkPolicy();
            instanceType = p.getInstanceType();
            imageId = p.getImageId();
            systemDiskGiB = p.getSystemDiskGiB();
            systemDiskCategory = p.getSystemDiskCategory();
            bootstrap = BootstrapSettingsForm.of(p.getBootstrap());
            regions = profiles.regions(id).items();
            keyPairs = profiles.keyPairs(id).items();
            keyStatus = "A private key for " + keyPairName + " is stored (" + p.getKeyFingerprint() + ").";
            keyMatches = true;
        });
    }

    /** The AccessKey pair or the endpoint changed: read the account's regions now. */
    public void credentialsChanged() {
        regions = new ArrayList<>();
        if (blank(accessKeyId) || (blank(secret) && !secretStored)) {
            return;
        }
        Refusals.run(() -> {
            regions = profiles.discoverRegions(credentials());
            Messages.info("AccessKey accepted: " + regions.size() + " regions available.");
            if (regionId != null && regions.stream().noneMatch(r -> r.id().equals(regionId))) {
                regionId = null;
            }
            if (regionId != null) {
                regionChanged();
            }
        });
    }

    /** Fills in the built-in sandbox cloud and its full-access demo key, for trying the product without an account. */
    public void useSandbox() {
        Refusals.run(() -> {
            endpoint = sandbox.endpoint().orElseThrow(() -> new com.ecsprovisioner.platform.Rejected("The sandbox cloud is off (ecs.sandbox.enabled=false)."));
            var key = sandbox.accessKeys().get(0);
            accessKeyId = key.id();
            secret = key.secret();
            if (blank(name)) {
                name = "Sandbox";
            }
            // Sandbox instances answer SSH on the sandbox's port, not 22.
            sshPort = sandbox.sshPort().orElse(sshPort);
            credentialsChanged();
        });
    }

    public void regionChanged() {
        keyPairs = new ArrayList<>();
        if (blank(regionId)) {
            return;
        }
        Refusals.run(() -> {
            keyPairs = profiles.discoverKeyPairs(credentials(), regionId);
            if (keyPairName != null && keyPairs.stream().noneMatch(k -> k.name().equals(keyPairName))) {
                keyPairName = null;
                keyStored = false;
            }
            if (keyPairs.isEmpty()) {
                Messages.info("There are no key pairs in " + regionId + " yet: create one here, or import your public key.");
            }
            if (blank(instanceType) || blank(imageId)) {
                ProviderProfiles.Suggestion suggestion = profiles.suggestDefaults(credentials(), regionId);
                instanceType = blank(instanceType) ? suggestion.instanceType() : instanceType;
                imageId = blank(imageId) ? suggestion.imageId() : imageId;
            }
        });
    }

    public void keyPairChanged() {
        keyStored = false;
        checkKey();
    }

    public void createKeyPair() {
        Refusals.run(() -> {
            CloudTypes.CreatedKeyPair created = profiles.createKeyPair(credentials(), regionId, newKeyPairName);
            keyPairs = profiles.discoverKeyPairs(credentials(), regionId);
            keyPairName = created.name();
            createdKeyPairName = created.name();
            createdPrivateKey = created.privateKeyPem();
            privateKey = created.privateKeyPem();
            passphrase = null;
            keyStored = false;
            newKeyPairName = null;
            checkKey();
            Messages.info("Key pair " + created.name() + " created. Its private key is filled in below; download a copy now, the cloud will not show it again.");
        });
    }

    public void importKeyPair() {
        Refusals.run(() -> {
            CloudTypes.KeyPair imported = profiles.importKeyPair(credentials(), regionId, importName, importPublicKey);
            keyPairs = profiles.discoverKeyPairs(credentials(), regionId);
            keyPairName = imported.name();
            keyStored = false;
            importName = null;
            importPublicKey = null;
            Messages.info("Key pair " + imported.name() + " imported (" + imported.fingerprint() + "). Now give its private key.");
            checkKey();
        });
    }

    /** Checks the pasted or uploaded private key against the chosen key pair's fingerprint. */
    public void checkKey() {
        keyMatches = false;
        if (blank(privateKey)) {
            keyStatus = keyStored ? keyStatus : null;
            keyMatches = keyStored;
            return;
        }
        if (privateKey.length() > LONGEST_KEY) {
            // Not echoed back, not parsed: no private key is this long.
            keyStatus = "That is " + privateKey.length() / 1024 + " KiB; a private key is a few KiB at most. Paste the key itself.";
            privateKey = null;
            return;
        }
        if (blank(keyPairName) || blank(regionId)) {
            keyStatus = "Choose the key pair first; the key is checked against it.";
            return;
        }
        try {
            PrivateKeys.ParsedKey parsed = profiles.matchKey(credentials(), regionId, keyPairName, privateKey, passphrase);
            keyMatches = true;
            keyStatus = "This " + parsed.type() + " key belongs to " + keyPairName + " (" + parsed.fingerprint() + ").";
        } catch (RuntimeException e) {
            keyStatus = Refusals.messageFor(e).getSummary();
        }
    }

    public String save() {
        final String[] outcome = {null};
        Refusals.run(() -> {
            ProviderProfile saved = profiles.save(id, new ProfileDraft(name, accessKeyId, secret, endpoint, regionId, keyPairName,
                    privateKey, passphrase, sshPort, sshUser, zonePolicy, networkPolicy, instanceType, imageId, systemDiskGiB,
                    systemDiskCategory, bootstrap.toOverrides()));
            FacesContext faces = FacesContext.getCurrentInstance();
            faces.getExternalContext().getFlash().setKeepMessages(true);
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, "Profile " + saved.getName() + " saved",
                    "Use Test connection to check its permissions and VPC quota."));
            outcome[0] = "/providers?faces-redirect=true";
        });
        return outcome[0];
    }

    public StreamedContent getCreatedKeyDownload() {
        String text = createdPrivateKey == null ? "" : createdPrivateKey;
        return DefaultStreamedContent.builder()
                .name((createdKeyPairName == null ? "key" : createdKeyPairName) + ".pem")
                .contentType("application/x-pem-file")
                .stream(() -> new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                .build();
    }

    private ProviderProfiles.Credentials credentials() {
        return new ProviderProfiles.Credentials(id, accessKeyId, secret, endpoint);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }


    public boolean isEditing() {
        return id != null;
    }

    public boolean isSandboxAvailable() {
        return sandbox.isRunning();
    }

    public ZonePolicy[] getZonePolicies() {
        return ZonePolicy.values();
    }

    public NetworkPolicy[] getNetworkPolicies() {
        return NetworkPolicy.values();
    }

    // Plain properties ---------------------------------------------------------------------------------------------

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAccessKeyId() { return accessKeyId; }
    public void setAccessKeyId(String accessKeyId) { this.accessKeyId = accessKeyId; }
    /** Never returns the secret: the field is write-only. */
    public String getSecret() { return null; }
    public void setSecret(String secret) { if (!blank(secret)) { this.secret = secret; } }
    public boolean isSecretEntered() { return !blank(secret); }
    public boolean isSecretStored() { return secretStored; }
    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
    public List<CloudTypes.Region> getRegions() { return regions; }
    public String getRegionId() { return regionId; }
    public void setRegionId(String regionId) { this.regionId = regionId; }
    public List<CloudTypes.KeyPair> getKeyPairs() { return keyPairs; }
    public String getKeyPairName() { return keyPairName; }
    public void setKeyPairName(String keyPairName) { this.keyPairName = keyPairName; }
    /** Never returns the key: the field is write-only. */
    public String getPrivateKey() { return null; }
    public void setPrivateKey(String privateKey) { if (!blank(privateKey)) { this.privateKey = privateKey; } }
    public boolean isPrivateKeyEntered() { return !blank(privateKey); }
    public String getPassphrase() { return null; }
    public void setPassphrase(String passphrase) { if (!blank(passphrase)) { this.passphrase = passphrase; } }
    public boolean isKeyStored() { return keyStored; }
    public String getKeyStatus() { return keyStatus; }
    public boolean isKeyMatches() { return keyMatches; }
    public String getNewKeyPairName() { return newKeyPairName; }
    public void setNewKeyPairName(String newKeyPairName) { this.newKeyPairName = newKeyPairName; }
    public String getImportName() { return importName; }
    public void setImportName(String importName) { this.importName = importName; }
    public String getImportPublicKey() { return importPublicKey; }
    public void setImportPublicKey(String importPublicKey) { this.importPublicKey = importPublicKey; }
    public boolean isKeyCreated() { return createdPrivateKey != null; }
    public int getSshPort() { return sshPort; }
    public void setSshPort(int sshPort) { this.sshPort = sshPort; }
    public String getSshUser() { return sshUser; }
    public void setSshUser(String sshUser) { this.sshUser = sshUser; }
    public ZonePolicy getZonePolicy() { return zonePolicy; }
    public void setZonePolicy(ZonePolicy zonePolicy) { this.zonePolicy = zonePolicy; }
    public NetworkPolicy getNetworkPolicy() { return networkPolicy; }
    public void setNetworkPolicy(NetworkPolicy networkPolicy) { this.networkPolicy = networkPolicy; }
    public String getInstanceType() { return instanceType; }
    public void setInstanceType(String instanceType) { this.instanceType = instanceType; }
    public String getImageId() { return imageId; }
    public void setImageId(String imageId) { this.imageId = imageId; }
    public int getSystemDiskGiB() { return systemDiskGiB; }
    public void setSystemDiskGiB(int systemDiskGiB) { this.systemDiskGiB = systemDiskGiB; }
    public String getSystemDiskCategory() { return systemDiskCategory; }
    public void setSystemDiskCategory(String systemDiskCategory) { this.systemDiskCategory = systemDiskCategory; }
    public BootstrapSettingsForm getBootstrap() { return bootstrap; }
}

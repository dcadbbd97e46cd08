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
import org.primefaces.model.StreamedContent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Adding or editing a provider profile in one pass: the regions appear as soon as the AccessKey pair is entered,
 * the key pairs as soon as a region is chosen, the private key is checked against the chosen key pair as soon as it
 * is pasted or uploaded, and one Save stores it all. Every update submits the whole form, so nothing typed is lost
 * to a re-render; what is typed lives in a {@link ProviderForm} of the login's {@link ProviderDrafts} until saved or
 * cancelled (a reload finds it again), on the server only: secrets are never shown back.
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

    @Inject
    ProviderDrafts drafts;

    private Long id;
    private boolean loaded;
    private ProviderForm form = new ProviderForm();

    /** Called from the view's metadata: takes up the unsaved form of this profile if there is one, else loads it. */
    public void load() {
        if (loaded || FacesContext.getCurrentInstance().isPostback()) {
            return;
        }
        loaded = true;
        var kept = drafts.kept(id);
        if (kept.isPresent() && kept.get().touched()) {
            form = kept.get();
            Messages.info("Your unsaved entries are back. Cancel discards them.");
            return;
        }
        drafts.keep(id, form);
        if (id == null) {
            return;
        }
        Refusals.run(() -> {
            ProviderProfile p = profiles.find(id).orElseThrow(() -> new com.ecsprovisioner.platform.Rejected("That provider profile no longer exists."));
            form.name = p.getName();
            form.accessKeyId = p.getAccessKeyId();
            form.secretStored = true;
            form.keyStored = true;
            form.endpoint = p.getEndpoint();
            form.regionId = p.getRegionId();
            form.keyPairName = p.getKeyPairName();
            form.sshPort = p.getSshPort();
            form.sshUser = p.getSshUser();
            form.zonePolicy = p.getZonePolicy();
            form.networkPolicy = p.getNetworkPolicy();
            form.instanceType = p.getInstanceType();
            form.imageId = p.getImageId();
            form.systemDiskGiB = p.getSystemDiskGiB();
            form.systemDiskCategory = p.getSystemDiskCategory();
            form.bootstrap = BootstrapSettingsForm.of(p.getBootstrap());
            form.regions = profiles.regions(id).items();
            form.keyPairs = profiles.keyPairs(id).items();
            form.keyStatus = "A private key for " + form.keyPairName + " is stored (" + p.getKeyFingerprint() + ").";
            form.keyMatches = true;
        });
    }

    /** The AccessKey pair or the endpoint changed: read the account's regions now. */
    public void credentialsChanged() {
        form.regions = new ArrayList<>();
        if (blank(form.accessKeyId) || (blank(form.secret) && !form.secretStored)) {
            return;
        }
        Refusals.run(() -> {
            form.regions = profiles.discoverRegions(credentials());
            Messages.info("AccessKey accepted: " + form.regions.size() + " regions available.");
            if (form.regionId != null && form.regions.stream().noneMatch(r -> r.id().equals(form.regionId))) {
                form.regionId = null;
            }
            if (form.regionId != null) {
                regionChanged();
            }
        });
    }

    /** Fills in the built-in sandbox cloud and its full-access demo key, for trying the product without an account. */
    public void useSandbox() {
        Refusals.run(() -> {
            form.endpoint = sandbox.endpoint().orElseThrow(() -> new com.ecsprovisioner.platform.Rejected("The sandbox cloud is off (ecs.sandbox.enabled=false)."));
            var key = sandbox.accessKeys().get(0);
            form.accessKeyId = key.id();
            form.secret = key.secret();
            if (blank(form.name)) {
                form.name = "Sandbox";
            }
            // Sandbox instances answer SSH on the sandbox's port, not 22.
            form.sshPort = sandbox.sshPort().orElse(form.sshPort);
            credentialsChanged();
        });
    }

    public void regionChanged() {
        form.keyPairs = new ArrayList<>();
        if (blank(form.regionId)) {
            return;
        }
        Refusals.run(() -> {
            form.keyPairs = profiles.discoverKeyPairs(credentials(), form.regionId);
            if (form.keyPairName != null && form.keyPairs.stream().noneMatch(k -> k.name().equals(form.keyPairName))) {
                form.keyPairName = null;
                form.keyStored = false;
            }
            if (form.keyPairs.isEmpty()) {
                Messages.info("There are no key pairs in " + form.regionId + " yet: create one here, or import your public key.");
            }
            if (blank(form.instanceType) || blank(form.imageId)) {
                ProviderProfiles.Suggestion suggestion = profiles.suggestDefaults(credentials(), form.regionId);
                form.instanceType = blank(form.instanceType) ? suggestion.instanceType() : form.instanceType;
                form.imageId = blank(form.imageId) ? suggestion.imageId() : form.imageId;
            }
        });
    }

    public void keyPairChanged() {
        form.keyStored = false;
        checkKey();
    }

    public void createKeyPair() {
        Refusals.run(() -> {
            CloudTypes.CreatedKeyPair created = profiles.createKeyPair(credentials(), form.regionId, form.newKeyPairName);
            form.keyPairs = profiles.discoverKeyPairs(credentials(), form.regionId);
            form.keyPairName = created.name();
            form.createdKeyPairName = created.name();
            form.createdPrivateKey = created.privateKeyPem();
            form.privateKey = created.privateKeyPem();
            form.passphrase = null;
            form.keyStored = false;
            form.newKeyPairName = null;
            checkKey();
            Messages.info("Key pair " + created.name() + " created. Its private key is filled in below; download a copy now, the cloud will not show it again.");
        });
    }

    public void importKeyPair() {
        Refusals.run(() -> {
            CloudTypes.KeyPair imported = profiles.importKeyPair(credentials(), form.regionId, form.importName,
                    form.importPublicKey);
            form.keyPairs = profiles.discoverKeyPairs(credentials(), form.regionId);
            form.keyPairName = imported.name();
            form.keyStored = false;
            form.importName = null;
            form.importPublicKey = null;
            Messages.info("Key pair " + imported.name() + " imported (" + imported.fingerprint() + "). Now give its private key.");
            checkKey();
        });
    }

    /** Checks the pasted or uploaded private key against the chosen key pair's fingerprint. */
    public void checkKey() {
        form.keyMatches = false;
        if (blank(form.privateKey)) {
            form.keyStatus = form.keyStored ? form.keyStatus : null;
            form.keyMatches = form.keyStored;
            return;
        }
        if (form.privateKey.length() > LONGEST_KEY) {
            // Not echoed back, not parsed: no private key is this long.
            form.keyStatus = "That is " + form.privateKey.length() / 1024 + " KiB; a private key is a few KiB at most. Paste the key itself.";
            form.privateKey = null;
            return;
        }
        if (blank(form.keyPairName) || blank(form.regionId)) {
            form.keyStatus = "Choose the key pair first; the key is checked against it.";
            return;
        }
        try {
            PrivateKeys.ParsedKey parsed = profiles.matchKey(credentials(), form.regionId, form.keyPairName,
                    form.privateKey, form.passphrase);
            form.keyMatches = true;
            form.keyStatus = "This " + parsed.type() + " key belongs to " + form.keyPairName + " (" + parsed.fingerprint() + ").";
        } catch (RuntimeException e) {
            form.keyStatus = Refusals.messageFor(e).getSummary();
        }
    }

    public String save() {
        final String[] outcome = {null};
        Refusals.run(() -> {
            ProviderForm f = form;
            ProviderProfile saved = profiles.save(id, new ProfileDraft(f.name, f.accessKeyId, f.secret, f.endpoint,
                    f.regionId, f.keyPairName, f.privateKey, f.passphrase, f.sshPort, f.sshUser, f.zonePolicy,
                    f.networkPolicy, f.instanceType, f.imageId, f.systemDiskGiB, f.systemDiskCategory, f.bootstrap.toOverrides()));
            drafts.drop(id);
            FacesContext faces = FacesContext.getCurrentInstance();
            faces.getExternalContext().getFlash().setKeepMessages(true);
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, "Profile " + saved.getName() + " saved",
                    "Use Test connection to check its permissions and VPC quota."));
            outcome[0] = "/providers?faces-redirect=true";
        });
        return outcome[0];
    }

    /** Leaves the form without saving: what was typed is dropped, so the next visit starts from the saved profile. */
    public String cancel() {
        drafts.drop(id);
        return "/providers?faces-redirect=true";
    }

    public StreamedContent getCreatedKeyDownload() {
        return KeyDownload.pem(form.createdKeyPairName, form.createdPrivateKey);
    }

    private ProviderProfiles.Credentials credentials() {
        return new ProviderProfiles.Credentials(id, form.accessKeyId, form.secret, form.endpoint);
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
    public String getName() { return form.name; }
    public void setName(String name) { form.name = name; }
    public String getAccessKeyId() { return form.accessKeyId; }
    public void setAccessKeyId(String accessKeyId) { form.accessKeyId = accessKeyId; }
    /** Never returns the secret: the field is write-only. */
    public String getSecret() { return null; }
    public void setSecret(String secret) { if (!blank(secret)) { form.secret = secret; } }
    public boolean isSecretEntered() { return !blank(form.secret); }
    public boolean isSecretStored() { return form.secretStored; }
    public String getEndpoint() { return form.endpoint; }
    public void setEndpoint(String endpoint) { form.endpoint = endpoint; }
    public List<CloudTypes.Region> getRegions() { return form.regions; }
    public String getRegionId() { return form.regionId; }
    public void setRegionId(String regionId) { form.regionId = regionId; }
    public List<CloudTypes.KeyPair> getKeyPairs() { return form.keyPairs; }
    public String getKeyPairName() { return form.keyPairName; }
    public void setKeyPairName(String keyPairName) { form.keyPairName = keyPairName; }
    /** Never returns the key: the field is write-only. */
    public String getPrivateKey() { return null; }
    public void setPrivateKey(String privateKey) { if (!blank(privateKey)) { form.privateKey = privateKey; } }
    public boolean isPrivateKeyEntered() { return !blank(form.privateKey); }
    public String getPassphrase() { return null; }
    public void setPassphrase(String passphrase) { if (!blank(passphrase)) { form.passphrase = passphrase; } }
    public boolean isKeyStored() { return form.keyStored; }
    public String getKeyStatus() { return form.keyStatus; }
    public boolean isKeyMatches() { return form.keyMatches; }
    public String getNewKeyPairName() { return form.newKeyPairName; }
    public void setNewKeyPairName(String newKeyPairName) { form.newKeyPairName = newKeyPairName; }
    public String getImportName() { return form.importName; }
    public void setImportName(String importName) { form.importName = importName; }
    public String getImportPublicKey() { return form.importPublicKey; }
    public void setImportPublicKey(String importPublicKey) { form.importPublicKey = importPublicKey; }
    public boolean isKeyCreated() { return form.createdPrivateKey != null; }
    public int getSshPort() { return form.sshPort; }
    public void setSshPort(int sshPort) { form.sshPort = sshPort; }
    public String getSshUser() { return form.sshUser; }
    public void setSshUser(String sshUser) { form.sshUser = sshUser; }
    public ZonePolicy getZonePolicy() { return form.zonePolicy; }
    public void setZonePolicy(ZonePolicy zonePolicy) { form.zonePolicy = zonePolicy; }
    public NetworkPolicy getNetworkPolicy() { return form.networkPolicy; }
    public void setNetworkPolicy(NetworkPolicy networkPolicy) { form.networkPolicy = networkPolicy; }
    public String getInstanceType() { return form.instanceType; }
    public void setInstanceType(String instanceType) { form.instanceType = instanceType; }
    public String getImageId() { return form.imageId; }
    public void setImageId(String imageId) { form.imageId = imageId; }
    public int getSystemDiskGiB() { return form.systemDiskGiB; }
    public void setSystemDiskGiB(int systemDiskGiB) { form.systemDiskGiB = systemDiskGiB; }
    public String getSystemDiskCategory() { return form.systemDiskCategory; }
    public void setSystemDiskCategory(String systemDiskCategory) { form.systemDiskCategory = systemDiskCategory; }
    public BootstrapSettingsForm getBootstrap() { return form.bootstrap; }
}

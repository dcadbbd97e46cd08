package com.ecsprovisioner.console;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cost.Costs;
import com.ecsprovisioner.provider.CatalogEntry;
import com.ecsprovisioner.provider.ConnectionReport;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.primefaces.model.StreamedContent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The list of provider profiles with their checks, cache age, and the per-profile actions. */
@Named
@ViewScoped
public class ProvidersPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient ProviderProfiles profiles;

    @Inject
    transient Costs costs;

    private transient List<ProviderProfile> list;
    private ConnectionReport report;
    private String reportProfile;

    // Copy to another region
    private Long copyFrom;
    private String copyName;
    private String copyRegion;
    private List<CloudTypes.Region> copyRegions = new ArrayList<>();
    private List<CloudTypes.KeyPair> copyKeyPairs = new ArrayList<>();
    private String copyKeyPair;
    private String copyPrivateKey;
    private String copyPassphrase;
    private String copyNewKeyPairName;
    private String copyImportName;
    private String copyImportPublicKey;
    private String copyCreatedKeyPair;
    private String copyKeyStatus;

    public List<ProviderProfile> getProfiles() {
        if (list == null) {
            list = profiles.list();
        }
        return list;
    }

    public void testConnection(ProviderProfile profile) {
        Refusals.run(() -> {
            report = profiles.testConnection(profile.getId());
            reportProfile = profile.getName();
            list = null;
        });
    }

    public void clearCache(ProviderProfile profile) {
        Refusals.run(() -> {
            profiles.clearCache(profile.getId());
            Messages.info("Cache of " + profile.getName() + " cleared: the next page that needs it asks the cloud again.");
        });
    }

    public void delete(ProviderProfile profile) {
        Refusals.run(() -> {
            profiles.delete(profile.getId());
            Messages.info("Profile " + profile.getName() + " deleted.");
            list = null;
        });
    }

    /** The monthly total of the profile's servers, with the age of the cached prices it is made of. */
    public String monthlyCost(ProviderProfile profile) {
        return CostText.fleet(() -> costs.fleet(profile.getId()));
    }

    /** "3 min ago", for how old the cached catalogue of a profile is; empty when nothing is cached. */
    public String cacheAge(ProviderProfile profile) {
        List<CatalogEntry> entries = profiles.cacheEntries(profile.getId());
        if (entries.isEmpty()) {
            return "empty";
        }
        return new Ago().of(entries.get(0).getFetchedAt());
    }

    public void startCopy(ProviderProfile profile) {
        copyFrom = profile.getId();
        copyName = profile.getName() + " (copy)";
        copyRegion = null;
        copyKeyPair = null;
        copyPrivateKey = null;
        copyPassphrase = null;
        copyCreatedKeyPair = null;
        copyKeyStatus = null;
        copyKeyPairs = new ArrayList<>();
        Refusals.run(() -> copyRegions = profiles.regions(profile.getId()).items().stream()
                .filter(r -> !r.id().equals(profile.getRegionId())).toList());
    }

    public void copyRegionChanged() {
        copyKeyPairs = new ArrayList<>();
        if (copyRegion == null || copyRegion.isBlank()) {
            return;
        }
        Refusals.run(() -> copyKeyPairs = profiles.discoverKeyPairs(sourceCredentials(), copyRegion));
    }

    /**
     * Creates a key pair in the copy's region with the source's account. Its private key stays in this view for the
     * copy (never sent back to the page) and is offered once for download, as on the profile page.
     */
    public void copyCreateKeyPair() {
        Refusals.run(() -> {
            CloudTypes.CreatedKeyPair created = profiles.createKeyPair(sourceCredentials(), copyRegion, copyNewKeyPairName);
            copyKeyPairs = profiles.discoverKeyPairs(sourceCredentials(), copyRegion);
            copyKeyPair = created.name();
            copyPrivateKey = created.privateKeyPem();
            copyPassphrase = null;
            copyCreatedKeyPair = created.name();
            copyNewKeyPairName = null;
            copyKeyStatus = "Key pair " + created.name() + " created in " + copyRegion
                    + "; its private key is kept for the copy. Download a copy now, the cloud will not show it again.";
        });
    }

    /** Imports a public key into the copy's region; its private key is then pasted below, as for a chosen pair. */
    public void copyImportKeyPair() {
        Refusals.run(() -> {
            CloudTypes.KeyPair imported = profiles.importKeyPair(sourceCredentials(), copyRegion, copyImportName, copyImportPublicKey);
            copyKeyPairs = profiles.discoverKeyPairs(sourceCredentials(), copyRegion);
            copyKeyPair = imported.name();
            copyImportName = null;
            copyImportPublicKey = null;
            copyKeyStatus = "Key pair " + imported.name() + " imported into " + copyRegion + " (" + imported.fingerprint()
                    + "). Now give its private key.";
        });
    }

    public StreamedContent getCopyKeyDownload() {
        return KeyDownload.pem(copyCreatedKeyPair, copyCreatedKeyPair == null ? null : copyPrivateKey);
    }

    private ProviderProfiles.Credentials sourceCredentials() {
        ProviderProfile source = profiles.find(copyFrom)
                .orElseThrow(() -> new com.ecsprovisioner.platform.Rejected("That provider profile no longer exists."));
        return new ProviderProfiles.Credentials(copyFrom, source.getAccessKeyId(), null, source.getEndpoint());
    }

    public void copy() {
        Refusals.run(() -> {
            ProviderProfile copy = profiles.copyToRegion(copyFrom, copyName, copyRegion, copyKeyPair, copyPrivateKey, copyPassphrase);
            Messages.info("Profile " + copy.getName() + " created in " + copy.getRegionId() + ".");
            list = null;
            copyFrom = null;
            copyPrivateKey = null;
            copyPassphrase = null;
            copyCreatedKeyPair = null;
            copyKeyStatus = null;
        });
    }


    public ConnectionReport getReport() {
        return report;
    }

    public String getReportProfile() {
        return reportProfile;
    }

    public String getCopyName() { return copyName; }
    public void setCopyName(String copyName) { this.copyName = copyName; }
    public String getCopyRegion() { return copyRegion; }
    public void setCopyRegion(String copyRegion) { this.copyRegion = copyRegion; }
    public List<CloudTypes.Region> getCopyRegions() { return copyRegions; }
    public List<CloudTypes.KeyPair> getCopyKeyPairs() { return copyKeyPairs; }
    public String getCopyKeyPair() { return copyKeyPair; }
    public void setCopyKeyPair(String copyKeyPair) { this.copyKeyPair = copyKeyPair; }
    public String getCopyPrivateKey() { return null; }
    public void setCopyPrivateKey(String copyPrivateKey) { if (copyPrivateKey != null && !copyPrivateKey.isBlank()) { this.copyPrivateKey = copyPrivateKey; } }
    public String getCopyPassphrase() { return null; }
    public void setCopyPassphrase(String copyPassphrase) { if (copyPassphrase != null && !copyPassphrase.isBlank()) { this.copyPassphrase = copyPassphrase; } }
    public String getCopyNewKeyPairName() { return copyNewKeyPairName; }
    public void setCopyNewKeyPairName(String name) { this.copyNewKeyPairName = name; }
    public String getCopyImportName() { return copyImportName; }
    public void setCopyImportName(String name) { this.copyImportName = name; }
    public String getCopyImportPublicKey() { return copyImportPublicKey; }
    public void setCopyImportPublicKey(String key) { this.copyImportPublicKey = key; }
    public boolean isCopyKeyCreated() { return copyCreatedKeyPair != null && copyPrivateKey != null; }
    public boolean isCopyPrivateKeyEntered() { return copyPrivateKey != null; }
    public String getCopyKeyStatus() { return copyKeyStatus; }
}

package com.ecsprovisioner.console;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.lifecycle.NetworkCleanup;
import com.ecsprovisioner.lifecycle.ServerActions;
import com.ecsprovisioner.provider.AccountQuotas;
import com.ecsprovisioner.provider.CatalogCache;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.QuotaReading;
import com.ecsprovisioner.provider.ProviderProfiles;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Network resources the product created that no live server uses any more, per profile (one account in one region),
 * with their age, and their deletion; and how much of the region's VPC quota is used, by the account's own quota.
 */
@Named
@ViewScoped
public class CleanupPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient ServerActions actions;

    @Inject
    transient ProviderProfiles profiles;

    @Inject
    transient AccountQuotas quotas;

    private transient QuotaReading quota;
    private transient java.time.Instant quotaReadAt;

    private Long profileId;
    private transient List<NetworkCleanup.Orphan> orphans;
    private List<String> selected = new ArrayList<>();
    private List<NetworkCleanup.Outcome> outcomes = new ArrayList<>();

    public List<ProviderProfile> getProfiles() {
        return profiles.list();
    }

    public void profileChanged() {
        orphans = null;
        quota = null;
        selected = new ArrayList<>();
        outcomes = new ArrayList<>();
    }

    public List<NetworkCleanup.Orphan> getOrphans() {
        if (orphans == null) {
            orphans = new ArrayList<>();
            if (profileId != null) {
                Refusals.run(() -> orphans = actions.orphans(profileId));
            }
        }
        return orphans;
    }

    /** The region's VPC quota as last read (cached like the catalogue; read again after a deletion). */
    public QuotaReading getQuota() {
        if (quota == null && profileId != null) {
            try {
                CatalogCache.Cached<QuotaReading> read = quotas.of(profileId);
                quotaReadAt = read.fetchedAt();
                quota = read.items().stream().filter(q -> q.kind() == CloudTypes.QuotaKind.VPCS_PER_REGION).findFirst()
                        .orElse(null);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return quota;
    }

    public java.time.Instant getQuotaReadAt() {
        return quotaReadAt;
    }

    public String age(NetworkCleanup.Orphan orphan) {
        long hours = orphan.age().toHours();
        return hours < 1 ? orphan.age().toMinutes() + " min" : hours < 48 ? hours + " h" : orphan.age().toDays() + " days";
    }

    public void deleteSelected() {
        Refusals.run(() -> {
            outcomes = actions.deleteOrphans(profileId, new HashSet<>(selected));
            long deleted = outcomes.stream().filter(o -> o.result() != NetworkCleanup.Result.NOT_DELETED).count();
            Messages.info(deleted + " of " + outcomes.size() + " resources deleted"
                    + (deleted < outcomes.size() ? "; the others are still in use or being released: try again in a minute." : "."));
            orphans = null;
            selected = new ArrayList<>();
            quota = null;
            Refusals.run(() -> quotas.refresh(profileId));
        });
    }

    public String outcomeSummary() {
        return outcomes.stream().map(o -> o.id() + ": " + o.result().name().toLowerCase().replace('_', ' ')
                + (o.message() == null ? "" : " (" + o.message() + ")")).collect(Collectors.joining("; "));
    }

    public Long getProfileId() { return profileId; }
    public void setProfileId(Long profileId) { this.profileId = profileId; }
    public List<String> getSelected() { return selected; }
    public void setSelected(List<String> selected) { this.selected = selected; }
    public List<NetworkCleanup.Outcome> getOutcomes() { return outcomes; }
}

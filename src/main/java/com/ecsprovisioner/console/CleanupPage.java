package com.ecsprovisioner.console;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.lifecycle.NetworkCleanup;
import com.ecsprovisioner.lifecycle.ServerActions;
import com.ecsprovisioner.provider.ProviderProfile;
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
 * with their age, and their deletion; and how much of each region's VPC quota is used.
 */
@Named
@ViewScoped
public class CleanupPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient ServerActions actions;

    @Inject
    transient ProviderProfiles profiles;

    private Long profileId;
    private transient List<NetworkCleanup.Orphan> orphans;
    private List<String> selected = new ArrayList<>();
    private List<NetworkCleanup.Outcome> outcomes = new ArrayList<>();

    public List<ProviderProfile> getProfiles() {
        return profiles.list();
    }

    public void profileChanged() {
        orphans = null;
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

    public CloudTypes.Quota getQuota() {
        if (profileId == null) {
            return null;
        }
        try {
            return actions.vpcQuota(profileId);
        } catch (RuntimeException e) {
            return null;
        }
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

package com.ecsprovisioner.console;

import com.ecsprovisioner.cleanup.Cleanup;
import com.ecsprovisioner.cleanup.GracePeriods;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.provider.AccountQuotas;
import com.ecsprovisioner.provider.CatalogCache;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.provider.QuotaReading;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Resources the product created that no live server uses any more (orphans), per profile (one account in one region),
 * as the last automatic look recorded them, with their age and when each is deleted by itself; the profile's grace
 * periods; deletion by a person (jobs, followed on the Jobs page); and how much of the region's VPC quota is used.
 */
@Named
@ViewScoped
public class CleanupPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Cleanup cleanup;

    @Inject
    transient ProviderProfiles profiles;

    @Inject
    transient AccountQuotas quotas;

    private transient QuotaReading quota;
    private transient Instant quotaReadAt;

    private Long profileId;
    private transient List<Cleanup.Orphan> orphans;
    private transient Cleanup.Watch watch;
    private List<String> selected = new ArrayList<>();
    /** The grace periods as typed: empty follows the global setting, "off" never, else minutes. */
    private String networkGrace;
    private String instanceGrace;

    public List<ProviderProfile> getProfiles() {
        return profiles.list();
    }

    public void profileChanged() {
        orphans = null;
        watch = null;
        quota = null;
        selected = new ArrayList<>();
        networkGrace = null;
        instanceGrace = null;
        if (profileId != null && getWatch() != null) {
            networkGrace = typed(watch.networkMinutes());
            instanceGrace = typed(watch.instanceMinutes());
        }
    }

    public List<Cleanup.Orphan> getOrphans() {
        if (orphans == null) {
            orphans = new ArrayList<>();
            if (profileId != null) {
                Refusals.run(() -> orphans = cleanup.orphans(profileId));
            }
        }
        return orphans;
    }

    public Cleanup.Watch getWatch() {
        if (watch == null && profileId != null) {
            Refusals.run(() -> watch = cleanup.watch(profileId));
        }
        return watch;
    }

    /** The region's VPC quota as last read (cached like the catalogue). */
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

    public Instant getQuotaReadAt() {
        return quotaReadAt;
    }

    public String age(Cleanup.Orphan orphan) {
        return duration(orphan.age());
    }

    /** The job deleting it (see the Jobs page), or when it is deleted by itself, or that it is kept for a person. */
    public String deletion(Cleanup.Orphan orphan) {
        if (orphan.jobId() != null) {
            // The job's state, already in words (Cleanup.views); both are there or neither is.
            return "deletion job " + orphan.jobId() + ": " + orphan.jobState();
        }
        if (orphan.deleteAt() == null) {
            return "kept until a person deletes it";
        }
        // In an item label no element can carry a local time; how long until then is the same in every zone.
        Duration left = Duration.between(Instant.now(), orphan.deleteAt());
        return left.isNegative() || left.isZero() ? "deleted by itself at the next look"
                : "deleted by itself in " + duration(left);
    }

    public String grace(Optional<Duration> grace) {
        return grace == null || grace.isEmpty() ? "off" : duration(grace.get());
    }

    public void deleteSelected() {
        Refusals.run(() -> {
            List<Long> jobs = cleanup.delete(profileId, new HashSet<>(selected));
            Messages.info(jobs.size() + " deletion job" + (jobs.size() == 1 ? "" : "s") + " started: follow them on the Jobs page.");
            orphans = null;
            selected = new ArrayList<>();
        });
    }

    public void saveGrace() {
        Refusals.run(() -> {
            cleanup.setGrace(profileId, minutes("network", networkGrace), minutes("instance", instanceGrace));
            watch = null;
            orphans = null;
            Messages.info("Grace periods saved.");
        });
    }

    public void lookNow() {
        Refusals.run(() -> {
            cleanup.lookNow(profileId);
            watch = null;
            Messages.info("The next look (within a minute) lists this profile's orphans again.");
        });
    }

    private static Integer minutes(String what, String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        if (typed.strip().equalsIgnoreCase("off")) {
            return GracePeriods.OFF;
        }
        try {
            return Integer.valueOf(typed.strip());
        } catch (NumberFormatException e) {
            throw new com.ecsprovisioner.platform.Rejected("The " + what + " grace period is a number of minutes, 'off', or empty for the global setting; not '"
                    + typed.strip() + "'");
        }
    }

    private static String typed(Integer minutes) {
        return minutes == null ? null : minutes == GracePeriods.OFF ? "off" : Integer.toString(minutes);
    }

    private static String duration(Duration d) {
        long hours = d.toHours();
        return hours < 1 ? d.toMinutes() + " min" : hours < 48 ? hours + " h" : d.toDays() + " days";
    }

    public Long getProfileId() { return profileId; }
    public void setProfileId(Long profileId) { this.profileId = profileId; }
    public List<String> getSelected() { return selected; }
    public void setSelected(List<String> selected) { this.selected = selected; }
    public String getNetworkGrace() { return networkGrace; }
    public void setNetworkGrace(String networkGrace) { this.networkGrace = networkGrace; }
    public String getInstanceGrace() { return instanceGrace; }
    public void setInstanceGrace(String instanceGrace) { this.instanceGrace = instanceGrace; }
}

package com.ecsprovisioner.console;

import com.ecsprovisioner.cost.Costs;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.lifecycle.ServerActions;
import com.ecsprovisioner.platform.DataFolder;
import com.ecsprovisioner.platform.SystemStatus;
import com.ecsprovisioner.provider.AccountQuotas;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.provider.QuotaReading;
import com.ecsprovisioner.security.MasterKey;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** The dashboard: what works, what needs attention, and what to do next. */
@Named
@RequestScoped
public class DashboardPage {

    @Inject
    SystemStatus status;

    @Inject
    MasterKey masterKey;

    @Inject
    DataFolder dataFolder;

    @Inject
    ProviderProfiles profiles;

    @Inject
    AccountQuotas accountQuotas;

    @Inject
    Deployments deployments;

    private List<SystemStatus.Component> components;
    private java.util.Map<ServerStatus, Long> serverCounts;
    private List<Job> jobs;

    @Inject
    ServerActions actions;

    private List<QuotaUse> quotas;

    @Inject
    Costs costs;

    private List<FleetLine> fleets;

    /** One profile's monthly total on the dashboard. */
    public record FleetLine(String profile, String region, String text) {
    }

    /**
     * What the fleet costs a month, per profile with servers billing: read from the cached prices, so the dashboard
     * asks the cloud only when they are older than the catalogue's maximum age.
     */
    public List<FleetLine> getFleets() {
        if (fleets == null) {
            fleets = new java.util.ArrayList<>();
            for (var profile : profiles.list()) {
                if (costs.billedServers(profile.getId()) > 0) {
                    fleets.add(new FleetLine(profile.getName(), profile.getRegionId(),
                            CostText.fleet(() -> costs.fleet(profile.getId()))));
                }
            }
        }
        return fleets;
    }

    /**
     * One region's quotas as a profile's account sees them, read through the catalogue cache ({@code readAt}: when);
     * {@code problem} when none could be read.
     */
    public record QuotaUse(String profile, String region, List<QuotaReading> readings, java.time.Instant readAt,
                           String problem) {
        public boolean isLow() {
            return readings.stream().anyMatch(QuotaReading::isLow);
        }
    }

    /**
     * The account's quotas per account and region (one look per distinct profile region): VPCs, security groups and
     * vCPUs run out as servers are deployed, so the dashboard warns before they do. A limit that could not be read
     * says so; an assumed VPC limit says it is assumed.
     */
    public List<QuotaUse> getQuotas() {
        if (quotas == null) {
            quotas = new java.util.ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (var profile : profiles.list()) {
                if (!seen.add(profile.getAccessKeyId() + "@" + profile.getRegionId() + "@" + profile.getEndpoint())) {
                    continue;
                }
                try {
                    var read = accountQuotas.of(profile.getId());
                    quotas.add(new QuotaUse(profile.getName(), profile.getRegionId(), read.items(), read.fetchedAt(), null));
                } catch (RuntimeException e) {
                    quotas.add(new QuotaUse(profile.getName(), profile.getRegionId(), List.of(), null,
                            "not readable now: " + (e.getMessage() == null ? "no answer" : Words.withoutClassNames(e.getMessage()))));
                }
            }
        }
        return quotas;
    }

    public int getProfileCount() {
        return profiles.list().size();
    }

    /** Counted by the database, so that the dashboard stays quick with thousands of servers. */
    private java.util.Map<ServerStatus, Long> serverCounts() {
        if (serverCounts == null) {
            serverCounts = deployments.serverCountsByStatus();
        }
        return serverCounts;
    }

    /** Servers that are not deleted. */
    public long getServerCount() {
        return serverCounts().entrySet().stream().filter(e -> e.getKey() != ServerStatus.DELETED).mapToLong(java.util.Map.Entry::getValue).sum();
    }

    public long countServers(String status) {
        return serverCounts().getOrDefault(ServerStatus.valueOf(status), 0L);
    }

    public long getActiveJobs() {
        if (jobs == null) {
            jobs = deployments.recentJobs(JobsPage.SHOWN);
        }
        return jobs.stream().filter(j -> j.getState().isActive()).count();
    }

    public long getFailedJobs() {
        getActiveJobs();
        return jobs.stream().filter(j -> j.getState() == JobState.FAILED || j.getState() == JobState.ROLLBACK_FAILED).count();
    }

    public List<SystemStatus.Component> getComponents() {
        if (components == null) {
            components = List.of(status.database(), status.broker());
        }
        return components;
    }

    public boolean isMasterKeyGenerated() {
        return masterKey.isGenerated();
    }

    public String getMasterKeyFile() {
        return dataFolder.resolve("master.key").toString();
    }
}

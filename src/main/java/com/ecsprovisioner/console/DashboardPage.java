package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.lifecycle.ServerActions;
import com.ecsprovisioner.platform.DataFolder;
import com.ecsprovisioner.platform.SystemStatus;
import com.ecsprovisioner.provider.ProviderProfiles;
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
    Deployments deployments;

    private List<SystemStatus.Component> components;
    private java.util.Map<ServerStatus, Long> serverCounts;
    private List<Job> jobs;

    @Inject
    ServerActions actions;

    private List<QuotaUse> quotas;

    /** One region's VPC quota as a profile sees it; a warning when two or fewer VPCs are left. */
    public record QuotaUse(String profile, String region, int used, int limit, String problem) {
        public boolean isLow() {
            return problem == null && limit - used <= 2;
        }
    }

    /**
     * VPC quota use per account and region (one look per distinct profile region): creating a VPC per server runs
     * into it, so the dashboard warns before it runs out.
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
                    var quota = actions.vpcQuota(profile.getId());
                    quotas.add(new QuotaUse(profile.getName(), profile.getRegionId(), quota.used(), quota.limit(), null));
                } catch (RuntimeException e) {
                    quotas.add(new QuotaUse(profile.getName(), profile.getRegionId(), 0, 0, "not readable now"));
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

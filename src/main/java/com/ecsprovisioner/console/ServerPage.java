package com.ecsprovisioner.console;

import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.provisioning.Deployments;
import com.ecsprovisioner.provisioning.Job;
import com.ecsprovisioner.server.Server;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** One server: where it runs, what it is made of, its jobs and its status history. */
@Named
@RequestScoped
public class ServerPage {

    @Inject
    Deployments deployments;

    @Inject
    ProviderProfiles profiles;

    private Long id;
    private Server server;
    private List<Job> jobs;

    public Server getServer() {
        if (server == null && id != null) {
            server = deployments.server(id);
        }
        return server;
    }

    public List<Job> getJobs() {
        if (jobs == null && id != null) {
            jobs = deployments.jobsOf(id);
        }
        return jobs;
    }

    public String getProfileName() {
        return profiles.find(getServer().getProfileId()).map(p -> p.getName()).orElse("(deleted profile)");
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }
}

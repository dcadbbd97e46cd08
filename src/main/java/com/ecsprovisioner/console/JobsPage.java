package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** The most recent jobs, refreshed live. */
@Named
@RequestScoped
public class JobsPage {

    static final int SHOWN = 200;

    @Inject
    Deployments deployments;

    private List<Job> jobs;

    public List<Job> getJobs() {
        if (jobs == null) {
            jobs = deployments.recentJobs(SHOWN);
        }
        return jobs;
    }
}

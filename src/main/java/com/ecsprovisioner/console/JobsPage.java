package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.StepStatus;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The most recent jobs, refreshed live, filtered and sorted in the page (PrimeFaces keeps the filters in the view,
 * so a refresh keeps them too).
 */
@Named
@ViewScoped
public class JobsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int SHOWN = 200;

    @Inject
    transient Deployments deployments;

    private transient List<Job> jobs;
    private transient List<Job> filtered;

    public List<Job> getJobs() {
        if (jobs == null) {
            jobs = deployments.recentJobs(SHOWN);
        }
        return jobs;
    }

    /** Called by the poll: read the jobs again. */
    public void refresh() {
        jobs = null;
    }

    public List<Job> getFiltered() {
        return filtered;
    }

    public void setFiltered(List<Job> filtered) {
        this.filtered = filtered;
    }

    public List<JobState> getStates() {
        return Arrays.asList(JobState.values());
    }

    /** The kinds among the jobs shown, by label, for the filter. */
    public List<String> getKinds() {
        return getJobs().stream().map(j -> j.getKind().label()).distinct().sorted().toList();
    }

    /**
     * The step that ran last: the job's current step, unless the job went past it without running it (a skipped
     * step), then the step before it that ran.
     */
    public static String stepThatRan(Job job) {
        List<JobStep> steps = job.getSteps();
        JobStep shown = null;
        for (JobStep step : steps) {
            if (step.getStatus() != StepStatus.SKIPPED && step.getStatus() != StepStatus.PENDING) {
                shown = step;
            }
            if (step.getName().equals(job.getCurrentStep()) && step.getStatus() != StepStatus.SKIPPED) {
                return step.getName().label();
            }
        }
        return shown == null ? "" : shown.getName().label();
    }

    public String step(Job job) {
        return stepThatRan(job);
    }

    /** Seconds the job ran (to sort by); to now while it runs. */
    public long seconds(Job job) {
        return Duration.between(job.getCreatedAt(), job.getFinishedAt() == null ? Instant.now() : job.getFinishedAt()).toSeconds();
    }
}

package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.deployment.DeploymentPlan;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The jobs list's Step column names the step that ran, not one the job went past. */
class JobsPageTest {

    static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    private static Job deployment() {
        Job job = DeploymentJobs.create(42, new DeploymentPlan("web-1", 7, "cn-hangzhou", null, ZonePolicy.FIRST_IN_STOCK,
                NetworkPolicy.PER_SERVER, "ecs.t6-c1m1.large", "ubuntu_22_04", "cloud_essd", 40, 5, "ecs-key", 22), "admin", T0);
        job.start(T0);
        return job;
    }

    @Test
    void aSkippedLastStepIsNotTheOneShown() {
        Job job = deployment();
        for (int i = 0; i < DeploymentJobs.STEPS.size() - 1; i++) {
            job.steps().beginCurrent(T0, Duration.ofMinutes(1));
            job.steps().complete(T0, "done");
        }
        job.steps().skip(DeploymentJobs.BOOTSTRAP, "not asked for", T0);
        assertEquals(JobState.SUCCEEDED, job.getState());
        assertEquals(DeploymentJobs.SSH.label(), JobsPage.stepThatRan(job));
    }

    @Test
    void aRunningStepIsShown() {
        Job job = deployment();
        job.steps().beginCurrent(T0, Duration.ofMinutes(1));
        assertEquals(DeploymentJobs.ZONE.label(), JobsPage.stepThatRan(job));
    }
}

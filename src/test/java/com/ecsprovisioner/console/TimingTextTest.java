package com.ecsprovisioner.console;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobTiming;
import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.deployment.DeploymentPlan;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The job page's line on time, with and without history. */
class TimingTextTest {

    static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    private static Job running() {
        Job job = DeploymentJobs.create(42, new DeploymentPlan("web-1", 7, "cn-hangzhou", null, ZonePolicy.FIRST_IN_STOCK,
                NetworkPolicy.PER_SERVER, "ecs.t6-c1m1.large", "ubuntu_22_04", "cloud_essd", 40, 5, "ecs-key", 22), "admin", T0);
        job.start(T0);
        job.steps().beginCurrent(T0, Duration.ofMinutes(1));
        return job;
    }

    @Test
    void aRunningJobSaysHowLongItRanAndHowLongItHasLeft() {
        Job job = running();
        Map<String, Duration> typical = Map.of(DeploymentJobs.ZONE.name(), Duration.ofSeconds(100));
        JobTiming timing = new JobTiming(job, typical, 3, OptionalDouble.empty(), T0.plusSeconds(65));
        assertEquals("Running for 1 min 05 s · about 35 s left (a deployment usually takes 1 min 40 s, from 3 succeeded runs)",
                TimingText.of(timing, JobState.RUNNING, "Deployment"));
    }

    @Test
    void withoutHistoryItSaysWhyThereIsNoEstimate() {
        JobTiming timing = new JobTiming(running(), Map.of(), 0, OptionalDouble.empty(), T0.plusSeconds(7));
        assertEquals("Running for 7 s · no estimate yet: no deployment has finished here before",
                TimingText.of(timing, JobState.RUNNING, "Deployment"));
    }
}

package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.engine.Job;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The job page redraws its timeline (losing zoom and pan) only when a step started, ended or changed state. */
class StepsSeenTest {

    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void changesWhenAStepStartsOrEndsAndOnlyThen() {
        Job job = DeploymentJobs.bootstrapOnly(1, 0, "cn-hangzhou", "byo-1", 22, "admin", T0);
        String queued = StepsSeen.of(job.getSteps());
        assertEquals(queued, StepsSeen.of(job.getSteps()), "nothing happened: the chart stays as zoomed");

        job.claim(T0, Duration.ofMinutes(1)).orElseThrow();
        job.start(T0);
        job.getSteps().get(0).start(T0, T0.plus(Duration.ofMinutes(45)));
        String running = StepsSeen.of(job.getSteps());
        assertNotEquals(queued, running, "a step started");
        assertEquals(running, StepsSeen.of(job.getSteps()), "a running step's bar does not move its start: no redraw");

        job.fail(DeploymentJobs.BOOTSTRAP, "failed", "x", null, T0.plusSeconds(9));
        assertNotEquals(running, StepsSeen.of(job.getSteps()), "the step ended");
    }
}

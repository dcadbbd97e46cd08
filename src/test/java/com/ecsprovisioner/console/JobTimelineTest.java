package com.ecsprovisioner.console;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.engine.Job;
import org.junit.jupiter.api.Test;
import org.primefaces.model.timeline.TimelineEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The job page's timeline shows a step's bar at the wall-clock times of the viewer's zone, not UTC's. */
class JobTimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void barsAreInTheViewersZone() {
        Job job = DeploymentJobs.bootstrapOnly(1, 0, "cn-hangzhou", "byo-1", 22, "admin", T0);
        job.claim(T0, Duration.ofMinutes(1)).orElseThrow();
        job.start(T0);
        job.getSteps().get(0).start(T0, T0.plus(Duration.ofMinutes(45)));

        TimelineEvent<String> bar = JobPage.timeline(job.getSteps(), ZoneId.of("Pacific/Auckland"), T0.plusSeconds(90))
                .getEvents().get(0);

        assertEquals(LocalDateTime.parse("2026-11-25T19:00:00"), bar.getStartDate(), "06:00 UTC is 19:00 in Auckland (NZDT)");
        assertEquals(LocalDateTime.parse("2026-11-25T19:01:30"), bar.getEndDate(), "a running step's bar ends now");
        assertEquals("1 min 30 s", bar.getData());
    }
}

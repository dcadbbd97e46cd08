package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.JobTest;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lifecycle jobs on the engine's Job (moved from JobTest: the lifecycle declares their kinds and steps). */
class LifecycleJobTest {

    static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");
    static final Duration MIN = Duration.ofMinutes(1);

    @Test
    void skippedStepsLetTheJobGoOnAndItsResultSaysHowItEnded() {
        Server server = new Server("web-1", 7, "cn-hangzhou",
                "ecs.t6-c1m1.large", "ubuntu", T0);
        // The soft reboot cannot happen: both of its steps are skipped and the hard reboot runs.
        Job hard = LifecycleKinds.create(LifecycleKinds.REBOOT, 1, server, "ecs.t6-c1m1.large", null, "alice", T0);
        assertEquals("queued", hard.getResult());
        hard.steps().skip(LifecycleStep.OS_REBOOT.step, "no pinned host key", T0);
        hard.steps().skip(LifecycleStep.OS_BACK.step, "no pinned host key", T0);
        assertEquals(LifecycleStep.REBOOT_INSTANCE.step, hard.getCurrentStep());
        hard.start(T0);
        hard.steps().beginCurrent(T0, MIN);
        assertEquals("running: reboot the instance through the api", hard.getResult());
        assertThrows(IllegalTransition.class, () -> LifecycleKinds.recordOsReboot(hard, new LifecycleAction(null, false), "b1", T0), "the OS is asked only in its own step");
        hard.steps().complete(T0, "rebooted");
        assertEquals(JobState.SUCCEEDED, hard.getState());
        assertEquals("succeeded", hard.getResult());
        assertTrue(hard.log().stream().anyMatch(l -> l.getMessage().equals("Skipped: Reboot the OS over SSH (no pinned host key)")));
        assertThrows(IllegalTransition.class, () -> hard.steps().skip(LifecycleStep.REBOOT_INSTANCE.step, "late", T0));

        // The OS rebooted: skipping the last step finishes the job.
        Job soft = LifecycleKinds.create(LifecycleKinds.REBOOT, 1, server, "ecs.t6-c1m1.large", null, "alice", T0);
        soft.start(T0);
        soft.steps().beginCurrent(T0, MIN);
        LifecycleAction action = new LifecycleAction(null, false);
        LifecycleKinds.recordOsReboot(soft, action, "boot-1", T0);
        assertEquals("boot-1", action.osBootId());
        soft.steps().complete(T0, "went down");
        soft.steps().beginCurrent(T0, MIN);
        soft.steps().complete(T0, "back");
        assertEquals(JobState.RUNNING, soft.getState());
        soft.steps().skip(LifecycleStep.REBOOT_INSTANCE.step, "not needed", T0);
        assertEquals(JobState.SUCCEEDED, soft.getState());
        assertEquals(100, soft.getSteps().stream().filter(x -> x.getStatus().isSettled()).count() * 100 / soft.getSteps().size());

        Job failed = LifecycleKinds.create(LifecycleKinds.HARD_REBOOT, 1, server, "ecs.t6-c1m1.large", null, "bob", T0);
        failed.start(T0);
        failed.fail(LifecycleStep.REBOOT_INSTANCE.step, "Instance i-1 is Stopped", "IncorrectInstanceStatus", null, T0);
        assertEquals("failed: Instance i-1 is Stopped", failed.getResult());
        assertThrows(IllegalArgumentException.class, () -> LifecycleKinds.create(LifecycleKinds.STOP, 1, server, "t", null, " ", T0),
                "a job always says who asked");
    }

    @Test
    void aStepsOrderIsItsPlaceInItsKindsListNotItsName() {
        Server server = new Server("web-1", 7, "cn-hangzhou",
                "ecs.t6-c1m1.large", "ubuntu", T0);
        // A resize's steps come late in the list of step names; their order still starts at 0 in the job.
        List<StepName> declared = List.of(LifecycleStep.STOP_INSTANCE.step, LifecycleStep.CHANGE_TYPE.step, LifecycleStep.START_INSTANCE.step);
        Job resize = LifecycleKinds.create(LifecycleKinds.RESIZE, 1, server, "ecs.g7.large", null, "alice", T0);
        assertEquals(declared, resize.getSteps().stream().map(JobStep::getName).toList());
        assertEquals(List.of(0, 1, 2), resize.getSteps().stream().map(JobStep::order).toList());
        Job deploy = DeploymentJobs.create(42, JobTest.plan(), "admin", T0);
        for (int i = 0; i < deploy.getSteps().size(); i++) {
            assertEquals(i, deploy.getSteps().get(i).order(), "a deployment's steps keep the order they were stored with");
        }
    }
}

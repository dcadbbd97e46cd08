package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.deployment.MemoryBootstrapAccess;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleKindsTest {

    @Test
    void everyKindButADeploymentIsTheLifecyclesAndEveryStepIsSomeKindsStep() {
        assertEquals(EnumSet.complementOf(EnumSet.of(JobKind.DEPLOY)), LifecycleKinds.kinds());
        Set<StepName> run = EnumSet.copyOf(Job.DEPLOYMENT_STEPS);
        for (JobKind kind : LifecycleKinds.kinds()) {
            assertFalse(LifecycleKinds.steps(kind).isEmpty(), kind.toString());
            for (StepName step : LifecycleKinds.steps(kind)) {
                assertFalse(Job.DEPLOYMENT_STEPS.contains(step), kind + " runs a deployment's step " + step);
                run.add(step);
            }
        }
        assertEquals(EnumSet.allOf(StepName.class), run, "a step no kind runs");
        assertEquals(9, Job.DEPLOYMENT_STEPS.size());
        assertTrue(Job.DEPLOYMENT_STEPS.indexOf(StepName.ZONE) < Job.DEPLOYMENT_STEPS.indexOf(StepName.BOOTSTRAP));
        assertThrows(IllegalArgumentException.class, () -> LifecycleKinds.steps(JobKind.DEPLOY));
    }

    @Test
    void onlyAFailedSnapshotLeavesTheServerAsItWas() {
        LifecycleProcess handler = new LifecycleProcess(ProvisioningSettings.defaults(),
                new Random(1), new OsReboot(new MemoryBootstrapAccess("root", 22, "unused"),
                SshTimeouts.defaults()));
        for (JobKind kind : LifecycleKinds.kinds()) {
            assertEquals(kind != JobKind.SNAPSHOT, handler.failureReachesServer(kind), kind.toString());
        }
    }
}

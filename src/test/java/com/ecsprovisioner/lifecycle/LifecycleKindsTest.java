package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.deployment.MemoryBootstrapAccess;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleKindsTest {

    @Test
    void everyKindButADeploymentIsTheLifecyclesAndEveryStepIsSomeKindsStep() {
        assertEquals(Set.of(LifecycleKinds.START, LifecycleKinds.STOP, LifecycleKinds.REBOOT, LifecycleKinds.HARD_REBOOT,
                LifecycleKinds.RESIZE, LifecycleKinds.SNAPSHOT, LifecycleKinds.DELETE), LifecycleKinds.kinds());
        assertFalse(LifecycleKinds.kinds().contains(DeploymentJobs.DEPLOY));
        Set<StepName> run = new HashSet<>(DeploymentJobs.STEPS);
        for (JobKind kind : LifecycleKinds.kinds()) {
            assertFalse(LifecycleKinds.steps(kind).isEmpty(), kind.toString());
            for (StepName step : LifecycleKinds.steps(kind)) {
                assertFalse(DeploymentJobs.STEPS.contains(step), kind + " runs a deployment's step " + step);
                run.add(step);
            }
        }
        Set<StepName> declared = new HashSet<>(DeploymentJobs.STEPS);
        Arrays.stream(LifecycleStep.values()).forEach(s -> declared.add(s.step));
        assertEquals(declared, run, "a step no kind runs");
        assertEquals(9, DeploymentJobs.STEPS.size());
        assertTrue(DeploymentJobs.STEPS.indexOf(DeploymentJobs.ZONE) < DeploymentJobs.STEPS.indexOf(DeploymentJobs.BOOTSTRAP));
        assertThrows(IllegalArgumentException.class, () -> LifecycleKinds.steps(DeploymentJobs.DEPLOY));
    }

    @Test
    void onlyAFailedSnapshotLeavesTheServerAsItWas() {
        LifecycleProcess handler = new LifecycleProcess(ProvisioningSettings.defaults(),
                new Random(1), new OsReboot(new MemoryBootstrapAccess("root", 22, "unused"),
                SshTimeouts.defaults()), new MemoryLifecycleActions());
        for (JobKind kind : LifecycleKinds.kinds()) {
            assertEquals(!kind.equals(LifecycleKinds.SNAPSHOT), handler.failureReachesServer(kind), kind.toString());
        }
    }
}

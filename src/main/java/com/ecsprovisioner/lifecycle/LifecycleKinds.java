package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.StepName;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle's job kinds and the steps each runs, in this order: declared here, by the feature, so that the
 * engine only reads a job's steps and ranks them by their place in this list. Each step is one short call and then
 * looks at the cloud until the instance is where the call sends it, within the step's deadline.
 */
final class LifecycleKinds {

    private static final Map<JobKind, List<StepName>> STEPS = new EnumMap<>(JobKind.class);

    static {
        STEPS.put(JobKind.START, List.of(StepName.START_INSTANCE));
        STEPS.put(JobKind.STOP, List.of(StepName.STOP_INSTANCE));
        // Soft first: the OS is asked to reboot over SSH and watched until it answers again; when that is not
        // possible or does not happen within its deadlines, the hard reboot through the API (skipped when the OS
        // rebooted).
        STEPS.put(JobKind.REBOOT, List.of(StepName.OS_REBOOT, StepName.OS_BACK, StepName.REBOOT_INSTANCE));
        // Through the API only (ForceStop): for a server whose OS no longer responds.
        STEPS.put(JobKind.HARD_REBOOT, List.of(StepName.REBOOT_INSTANCE));
        // Stop (if running), change the type, start again (if it was running).
        STEPS.put(JobKind.RESIZE, List.of(StepName.STOP_INSTANCE, StepName.CHANGE_TYPE, StepName.START_INSTANCE));
        STEPS.put(JobKind.SNAPSHOT, List.of(StepName.CREATE_SNAPSHOT));
        STEPS.put(JobKind.DELETE, List.of(StepName.DELETE_INSTANCE, StepName.DELETE_NETWORK));
    }

    private LifecycleKinds() {
    }

    /** The kinds the lifecycle's handler runs. */
    static Set<JobKind> kinds() {
        return STEPS.keySet();
    }

    /** The steps a job of this lifecycle kind runs, in order. */
    static List<StepName> steps(JobKind kind) {
        List<StepName> steps = STEPS.get(kind);
        if (steps == null) {
            throw new IllegalArgumentException(kind + " is not a lifecycle kind");
        }
        return steps;
    }
}

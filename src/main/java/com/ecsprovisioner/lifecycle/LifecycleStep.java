package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.StepName;

import java.time.Duration;

/**
 * The lifecycle jobs' steps, each with its label and default deadline (configurable as
 * {@code ecs.provisioning.deadline.<step>}). Each is one short call and then looks at the cloud until the instance is
 * where the call sends it, within the step's deadline: an instance changes state within a few minutes; a snapshot of a
 * large disk takes longer. An enum here so that the handler can switch on a job's step; the engine sees only
 * {@link #step}.
 */
enum LifecycleStep {
    STOP_INSTANCE("Stop the instance", Duration.ofMinutes(10)),
    CHANGE_TYPE("Change the instance type", Duration.ofMinutes(5)),
    START_INSTANCE("Start the instance", Duration.ofMinutes(10)),
    /**
     * Soft reboot: the OS is asked over SSH (with the pinned host key) and must go down within a short deadline. An OS
     * asked to reboot closes SSH within seconds (services stop first); one that still answers with the same boot id
     * after 2 min ignored it, and the hard reboot takes over.
     */
    OS_REBOOT("Reboot the OS over SSH", Duration.ofMinutes(2)),
    /** Soft reboot: SSH answers again with a new boot id (booting takes longer than going down). */
    OS_BACK("Wait until the OS answers SSH again", Duration.ofMinutes(10)),
    /** Hard reboot through the API; in a reboot job only when the soft reboot was not possible or did not happen. */
    REBOOT_INSTANCE("Reboot the instance through the API", Duration.ofMinutes(10)),
    CREATE_SNAPSHOT("Snapshot the system disk", Duration.ofMinutes(60)),
    DELETE_INSTANCE("Release the instance", Duration.ofMinutes(15)),
    DELETE_NETWORK("Delete the chosen network resources", Duration.ofMinutes(15));

    final StepName step;

    LifecycleStep(String label, Duration deadline) {
        this.step = StepName.of(name(), label, deadline);
    }

    /** The lifecycle step of that name; a step of another feature is a wiring error. */
    static LifecycleStep of(StepName step) {
        return StepName.constantOf(LifecycleStep.class, step);
    }
}

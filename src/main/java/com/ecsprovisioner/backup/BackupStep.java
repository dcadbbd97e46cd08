package com.ecsprovisioner.backup;

import com.ecsprovisioner.engine.StepName;

import java.time.Duration;

/**
 * The steps of the backup feature's jobs, each with its label and default deadline (configurable as
 * {@code ecs.provisioning.deadline.<step>}). A backup: the snapshot asked for, waited for, then the policy's oldest
 * beyond retention deleted. A roll-back of the system disk: the instance stopped, the disk reset, started again. A restore to a new
 * server: an image made from the snapshot, waited for, then a deployment of a new server from it.
 */
enum BackupStep {
    BACKUP_SNAPSHOT("Snapshot the system disk", Duration.ofMinutes(10)),
    BACKUP_READY("Wait for the snapshot", Duration.ofHours(4)),
    BACKUP_PRUNE("Delete snapshots beyond retention", Duration.ofMinutes(10)),
    RESTORE_STOP("Stop the instance", Duration.ofMinutes(10)),
    RESTORE_RESET("Reset the system disk to the snapshot", Duration.ofMinutes(10)),
    RESTORE_START("Start the instance", Duration.ofMinutes(10)),
    NEW_SERVER_IMAGE("Make an image from the snapshot", Duration.ofMinutes(10)),
    NEW_SERVER_IMAGE_READY("Wait for the image", Duration.ofHours(4)),
    NEW_SERVER_DEPLOY("Start the new server's deployment", Duration.ofMinutes(10));

    final StepName step;

    BackupStep(String label, Duration deadline) {
        this.step = StepName.of(name(), label, deadline);
    }

    static BackupStep of(StepName step) {
        return StepName.constantOf(BackupStep.class, step);
    }
}

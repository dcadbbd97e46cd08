package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepOutcomes;

import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The roll-back of a restore to a new server as the engine runs it (Roll back on the job page, or a failed
 * roll-back tried again): the one thing the job made is its image, deleted (DeleteImage, not forced) unless a
 * deployment started from it still stands; the source server is not touched. Apart from {@link NewServerProcess}
 * so that the step's handler stays readable; same back-off and deadline as a deployment's rollback.
 */
final class NewServerRollback {

    private final ProvisioningSettings settings;
    private final RandomGenerator random;
    private final NewServerProcess.Records records;

    NewServerRollback(ProvisioningSettings settings, RandomGenerator random, NewServerProcess.Records records) {
        this.settings = settings;
        this.random = random;
        this.records = records;
    }

    Outcome run(Job job, CloudRegion cloud, Instant now) {
        Optional<NewServerRestore> restore = records.of(job.getId());
        Optional<String> image = restore.flatMap(NewServerRestore::imageId);
        if (image.isEmpty()) {
            return (j, s, t) -> {
                j.log(t, JobLogEntry.Level.INFO, "No image of this restore is left to delete");
                j.rollback().done(t);
            };
        }
        String id = image.get();
        Optional<Long> deployment = restore.get().deployJobId();
        if (deployment.isPresent() && !records.rolledBack(deployment.get())) {
            String reason = "Image " + id + " is kept: the new server " + restore.get().serverName() + " was deployed from it"
                    + " (deployment job " + deployment.get() + "); roll that job back first, then this one";
            return (j, s, t) -> j.rollback().failed(reason, "ImageInUse", null, t);
        }
        try {
            cloud.deleteImage(id);
        } catch (CloudException e) {
            return failure(job, e, id, now);
        }
        return (j, s, t) -> {
            records.imageDeleted(j.getId());
            j.log(t, JobLogEntry.Level.INFO, "Deleted image " + id);
            j.rollback().done(t);
        };
    }

    private Outcome failure(Job job, CloudException e, String id, Instant now) {
        Optional<Outcome> later = StepOutcomes.retryRollback(job, e, now, settings, random);
        if (later.isPresent()) {
            return later.get();
        }
        boolean retryable = StepOutcomes.rollbackMayPass(e);
        String reason = "Image " + id + " was not deleted" + (retryable ? " within "
                + StepOutcomes.humanDuration(settings.rollbackDeadline()) : "") + ": " + StepOutcomes.forPeople(e);
        return (j, s, t) -> j.rollback().failed(reason, e.code(), e.requestId(), t);
    }
}

package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ImageStatus;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How a restore of a snapshot to a new server moves, as the engine's handler of its kind: an image made from the
 * snapshot (CreateImage with the step's client token, so a repeat after a crash finds the same image), looked at
 * until Available (the engine's polls, no waiting thread), then a normal deployment of the new server from that
 * image started as a job of its own, whose steps and rollback are the deployment's. The restore's job is the source
 * server's and leaves that server as it is.
 * <p>
 * Roll-back: when the image fails, does not become available in time, the deployment is refused (its name taken
 * meanwhile, a quota), or any other refusal that will not pass stops the wait or the deployment's start (a missing
 * permission), the image the job made is deleted (DeleteImage, not forced: an image something was made from stays)
 * and the job fails saying so; a retry then makes a new image. An image still there after that (its deletion refused
 * too, or a step that failed by its deadline) is the job's to take back: Roll back deletes it, unless a deployment
 * started from it has not rolled back itself (the new server runs on it). Whether the image is there is the
 * restore's field, so a roll-back repeated deletes nothing twice.
 */
public final class NewServerProcess implements JobHandler {

    /** What the job was asked and made (the database in the container, a map in tests), and the deployment's start. */
    interface Records {
        Optional<NewServerRestore> of(long jobId);

        /** In the write-back's transaction, with the step that made the image. */
        void imageMade(long jobId, String imageId);

        /** In the write-back's transaction, with the failure that rolled back. */
        void imageDeleted(long jobId);

        /** Whether the deployment job {@code deployJobId} rolled back (its server and instance are gone). */
        boolean rolledBack(long deployJobId);

        /** Starts the new server's deployment (in a transaction of its own) once; a repeat answers the same one. */
        Deployments.Deployment deploy(long jobId, DeployRequest request);
    }

    private final ProvisioningSettings settings;
    private final StepOutcomes outcomes;
    private final Records records;
    private final RandomGenerator random;

    NewServerProcess(ProvisioningSettings settings, RandomGenerator random, Records records) {
        this.settings = Objects.requireNonNull(settings);
        this.random = Objects.requireNonNull(random);
        this.outcomes = new StepOutcomes(settings, random, this);
        this.records = Objects.requireNonNull(records);
    }

    @Override
    public Set<JobKind> kinds() {
        return Set.of(BackupKinds.NEW_SERVER);
    }

    @Override
    public List<StepName> steps(JobKind kind) {
        return BackupKinds.NEW_SERVER_STEPS;
    }

    @Override
    public boolean failureReachesServer(JobKind kind) {
        return false;
    }

    @Override
    public void prepare(Job job, Server server, Instant now) {
        outcomes.startCurrentStep(job, now);
    }

    /**
     * A job that ended with its image still recorded and no deployment standing on it (none started, or it rolled
     * back): the image is the job's to delete.
     */
    @Override
    public boolean rollbackOffered(Job job) {
        JobState state = job.getState();
        Optional<NewServerRestore> restore = records.of(job.getId());
        return (state == JobState.FAILED || state == JobState.SUCCEEDED || state == JobState.ROLLBACK_FAILED)
                && restore.flatMap(NewServerRestore::imageId).isPresent()
                && restore.get().deployJobId().map(records::rolledBack).orElse(true);
    }

    /** Only the image is taken back; the source server is left as it is. */
    @Override
    public void startRollback(Job job, Server server, Instant now) {
        job.rollback().begin(now, settings.rollbackDeadline());
    }

    /**
     * A retry after a roll-back starts again from a new image (the old one is deleted, its client token spent); a
     * failed roll-back tries again.
     */
    @Override
    public void retry(Job job, Server server, Instant now) {
        if (job.getState() == JobState.ROLLBACK_FAILED) {
            startRollback(job, server, now);
            return;
        }
        job.retry(now);
        boolean imageGone = records.of(job.getId()).flatMap(NewServerRestore::imageId).isEmpty();
        if (imageGone && BackupStep.of(job.getCurrentStep()) != BackupStep.NEW_SERVER_IMAGE) {
            job.steps().goBackTo(BackupStep.NEW_SERVER_IMAGE.step, BackupKinds.NEW_SERVER_STEPS, now);
        }
    }

    @Override
    public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (job.getState() == JobState.ROLLING_BACK) {
            return new NewServerRollback(settings, random, records).run(job, cloud, now);
        }
        if (job.getState() != JobState.RUNNING) {
            return Outcome.none();
        }
        Optional<NewServerRestore> asked = records.of(job.getId());
        if (asked.isEmpty()) {
            return outcomes.failure(job, "The restore of job " + job.getId() + " is not recorded", "NoRestore", null);
        }
        NewServerRestore restore = asked.get();
        BackupStep step = BackupStep.of(job.getCurrentStep());
        try {
            return switch (step) {
                case NEW_SERVER_IMAGE -> image(job, cloud, restore);
                case NEW_SERVER_IMAGE_READY -> ready(job, cloud, restore, now);
                default -> deploy(job, server, cloud, restore);
            };
        } catch (CloudException e) {
            Optional<Outcome> later = outcomes.retry(job, e, now, true);
            if (later.isPresent()) {
                return later.get();
            }
            // A refusal after the image was made (and before a deployment started from it) takes the image back too.
            Optional<String> made = step == BackupStep.NEW_SERVER_IMAGE ? Optional.empty() : restore.imageId();
            if (made.isPresent() && restore.deployJobId().isEmpty()) {
                return rollBack(cloud, made.get(), StepOutcomes.forPeople(e), e.code(), e.requestId());
            }
            return outcomes.permanent(job, e);
        }
    }

    private Outcome image(Job job, CloudRegion cloud, NewServerRestore restore) {
        if (restore.imageId().isPresent()) {
            String made = restore.imageId().get();
            return (j, s, t) -> j.steps().complete(t, "Image " + made + " was made already");
        }
        String id = cloud.createImage(restore.snapshotId(), restore.imageName(), job.steps().current().getClientToken());
        return (j, s, t) -> {
            records.imageMade(j.getId(), id);
            j.steps().complete(t, "Cloud accepted: CreateImage " + id + " from snapshot " + restore.snapshotId());
        };
    }

    private Outcome ready(Job job, CloudRegion cloud, NewServerRestore restore, Instant now) {
        String id = restore.imageId().orElse(null);
        if (id == null) {
            return outcomes.failure(job, "The image of restore job " + job.getId() + " is not recorded", "NoImage", null);
        }
        Optional<CloudTypes.OwnImage> image = Optional.ofNullable(cloud.ownImages(List.of(id)).get(id));
        if (image.isPresent() && image.get().status() == ImageStatus.AVAILABLE) {
            return (j, s, t) -> j.steps().complete(t, "Image " + id + " is available");
        }
        if (image.isPresent() && image.get().status() != ImageStatus.CREATING) {
            return rollBack(cloud, id, "image " + id + " is " + image.get().rawStatus() + " and cannot start a server", "ImageFailed", null);
        }
        String why = image.map(i -> "image " + id + " is " + i.rawStatus()).orElse("image " + id + " is not listed yet");
        if (job.steps().current().isPastDeadline(now)) {
            return rollBack(cloud, id, BackupStep.NEW_SERVER_IMAGE_READY.step.label() + " did not finish within "
                    + StepOutcomes.humanDuration(outcomes.deadline(job, job.getCurrentStep())) + ": " + why, "Timeout", null);
        }
        return outcomes.keepWaiting(job, now, settings.pollInstance(), why);
    }

    private Outcome deploy(Job job, Server source, CloudRegion cloud, NewServerRestore restore) {
        if (restore.deployJobId().isPresent()) {
            long started = restore.deployJobId().get();
            return (j, s, t) -> j.steps().complete(t, "Deployment job " + started + " was started already");
        }
        String id = restore.imageId().orElse(null);
        if (id == null) {
            return outcomes.failure(job, "The image of restore job " + job.getId() + " is not recorded", "NoImage", null);
        }
        Deployments.Deployment started;
        try {
            // The image is in the source's region, and the new server is the source's again: its region and PHP.
            started = records.deploy(job.getId(), restore.request(job.getProfileId()).inRegion(source.getRegionId())
                    .withPhpVersion(source.getPhpVersion()));
        } catch (Rejected refused) {
            if (refused.getCause() instanceof CloudException passing && passing.isTransient()) {
                // The pre-flight could not ask the cloud (throttled, timed out): try again, never delete the image.
                throw passing;
            }
            return rollBack(cloud, id, "the new server " + restore.serverName() + " was not deployed: " + refused.getMessage(),
                    "DeploymentRefused", null);
        }
        return (j, s, t) -> j.steps().complete(t, "Deployment job " + started.jobId() + " started for the new server "
                + restore.serverName() + " from image " + id + ": its steps are on its own page");
    }

    /** Deletes the image the job made and fails the job, saying why and whether the image is gone. */
    private Outcome rollBack(CloudRegion cloud, String imageId, String why, String code, String requestId) {
        String kept;
        try {
            cloud.deleteImage(imageId);
            kept = null;
        } catch (CloudException e) {
            kept = StepOutcomes.forPeople(e);
        }
        boolean deleted = kept == null;
        String outcome = deleted ? "image " + imageId + " deleted"
                : "image " + imageId + " kept (" + kept + "): delete it in the ECS console once nothing uses it";
        return (j, s, t) -> {
            if (deleted) {
                records.imageDeleted(j.getId());
            }
            j.log(t, JobLogEntry.Level.WARN, "Rolling back: " + outcome);
            j.fail(j.getCurrentStep(), "Rolled back (" + outcome + "): " + why, code, requestId, t);
        };
    }
}

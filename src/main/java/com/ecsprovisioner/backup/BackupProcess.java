package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.SnapshotStatus;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.server.Server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * How a backup job moves, as the engine's handler of its kind: CreateSnapshot of the system disk with the step's
 * client token and the policy's tags; then one look per run at the snapshot until it is accomplished (a wait stored
 * with the job, never a sleeping thread); then the policy's own accomplished snapshots beyond its retention deleted,
 * oldest slot first. A failed backup leaves the server's status as it was: its job, the server's backup record, the
 * dashboard and the {@code backup.failed} event show it.
 */
public final class BackupProcess implements JobHandler {

    private final ProvisioningSettings settings;
    private final StepOutcomes outcomes;
    /** What a job was asked, by the job's id (the database in the container, a map in tests). */
    private final LongFunction<Optional<BackupRun>> runs;
    /** Records the snapshot a job made, inside the write-back's transaction (job id, snapshot id). */
    private final BiConsumer<Long, String> recordSnapshot;

    BackupProcess(ProvisioningSettings settings, RandomGenerator random, LongFunction<Optional<BackupRun>> runs,
                  BiConsumer<Long, String> recordSnapshot) {
        this.settings = Objects.requireNonNull(settings);
        this.outcomes = new StepOutcomes(settings, random, this);
        this.runs = Objects.requireNonNull(runs);
        this.recordSnapshot = Objects.requireNonNull(recordSnapshot);
    }

    @Override
    public Set<JobKind> kinds() {
        return Set.of(BackupKinds.BACKUP);
    }

    @Override
    public List<StepName> steps(JobKind kind) {
        return BackupKinds.BACKUP_STEPS;
    }

    @Override
    public boolean failureReachesServer(JobKind kind) {
        return false;
    }

    @Override
    public void prepare(Job job, Server server, Instant now) {
        outcomes.startCurrentStep(job, now);
    }

    @Override
    public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (job.getState() != JobState.RUNNING) {
            return Outcome.none();
        }
        Optional<BackupRun> run = runs.apply(job.getId());
        if (run.isEmpty()) {
            return outcomes.failure(job, "The backup asked of job " + job.getId() + " is not recorded", "NoBackupRun", null);
        }
        if (server.getInstanceId() == null) {
            return outcomes.failure(job, "Server " + server.getName() + " has no instance to back up", "NoInstance", null);
        }
        try {
            return switch (BackupStep.of(job.getCurrentStep())) {
                case BACKUP_SNAPSHOT -> snapshot(job, server, cloud, run.get());
                case BACKUP_READY -> ready(job, cloud, run.get().getSnapshotId(), now);
                case BACKUP_PRUNE -> prune(server, cloud, run.get(), run.get().getSnapshotId());
                default -> throw new IllegalStateException(job.getCurrentStep() + " is not a step of a backup");
            };
        } catch (CloudException e) {
            return outcomes.retry(job, e, now, true).orElseGet(() -> outcomes.permanent(job, e));
        }
    }

    private Outcome snapshot(Job job, Server server, CloudRegion cloud, BackupRun run) {
        // The step's client token makes a repeated call (after a crash) return the first snapshot, not a second one.
        String name = BackupKinds.snapshotName(server, run.getSlot());
        String id = cloud.snapshotSystemDisk(server.getInstanceId(), name,
                BackupKinds.tags(server.getProfileId(), run.getServerId(), run.getPolicyKey(), run.getSlot()),
                job.steps().current().getClientToken());
        Duration pause = settings.pollInstance();
        return (j, s, t) -> {
            recordSnapshot.accept(j.getId(), id);
            j.touch(t);
            j.steps().complete(t, "Cloud accepted: CreateSnapshot of the system disk of " + s.getInstanceId() + ": " + id
                    + " (" + name + ")");
            j.waitUntil(t.plus(pause), t);
        };
    }

    private Outcome ready(Job job, CloudRegion cloud, String id, Instant now) {
        Optional<CloudTypes.Snapshot> snapshot = Optional.ofNullable(cloud.describeSnapshots(List.of(id)).get(id));
        if (snapshot.isPresent() && snapshot.get().status() == SnapshotStatus.ACCOMPLISHED) {
            return done("Snapshot " + id + " is ready");
        }
        if (snapshot.isPresent() && snapshot.get().status() == SnapshotStatus.FAILED) {
            return outcomes.failure(job, "The cloud could not make snapshot " + id, "SnapshotFailed", null);
        }
        return outcomes.keepWaiting(job, now, settings.pollInstance(), "snapshot " + id + " is "
                + snapshot.map(x -> x.progressPercent() + "% done").orElse("not listed yet"));
    }

    /** DeleteSnapshot's refusal of a snapshot that a custom image was made from. */
    static final String SNAPSHOT_HAS_IMAGE = "SnapshotCreatedImage";

    /** Deletes the policy's own snapshots beyond its retention; a snapshot without the policy's tag is never touched. */

    private Outcome prune(Server server, CloudRegion cloud, BackupRun run, String made) {
        List<CloudTypes.Snapshot> beyond = beyondRetention(cloud.snapshotsOf(server.getInstanceId()), run.getPolicyKey(),
                run.getKeep(), made);
        List<String> deleted = new ArrayList<>();
        List<String> imaged = new ArrayList<>();
        for (CloudTypes.Snapshot s : beyond) {
            try {
                cloud.deleteSnapshot(s.id());
                deleted.add(s.id());
            } catch (CloudException e) {
                // A restore to a new server made an image of it: the cloud keeps such a snapshot until the image is
                // deleted, and that must not fail every later backup of the policy.
                if (!SNAPSHOT_HAS_IMAGE.equals(e.code())) {
                    throw e;
                }
                imaged.add(s.id());
            }
        }
        String kept = imaged.isEmpty() ? "" : "; kept " + String.join(", ", imaged) + ": an image was made from it (delete the image to let it go)";
        return done((deleted.isEmpty() ? "No snapshot of policy " + run.getPolicyKey() + " beyond the " + run.getKeep() + " kept"
                : "Deleted " + deleted.size() + " snapshot(s) of policy " + run.getPolicyKey() + " beyond the " + run.getKeep()
                + " kept: " + String.join(", ", deleted)) + kept);
    }

    /**
     * The policy's accomplished snapshots beyond the {@code keep} latest, ordered by their slot (then their creation
     * time); the one just made is always kept. Plain and static so that the rule is tested on its own.
     */
    static List<CloudTypes.Snapshot> beyondRetention(List<CloudTypes.Snapshot> all, String policyKey, int keep, String made) {
        List<CloudTypes.Snapshot> own = new ArrayList<>(all.stream()
                .filter(s -> policyKey.equals(s.tags().get(BackupKinds.POLICY_TAG)))
                .filter(s -> s.status() == SnapshotStatus.ACCOMPLISHED)
                .toList());
        own.sort(Comparator.comparing((CloudTypes.Snapshot s) -> s.id().equals(made) ? "\uffff" : s.tags().getOrDefault(BackupKinds.SLOT_TAG, ""))
                .thenComparing(s -> s.createdAt() == null ? Instant.EPOCH : s.createdAt()).reversed());
        return own.size() <= keep ? List.of() : List.copyOf(own.subList(keep, own.size()));
    }

    private static Outcome done(String what) {
        return (j, s, t) -> j.steps().complete(t, what);
    }
}

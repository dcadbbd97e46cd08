package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.CloudLooks;
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
import com.ecsprovisioner.engine.StepStatus;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * How a roll-back of a server's system disk moves, as the engine's handler of its kind: the instance stopped
 * (StopInstance, then looks until Stopped), the disk reset to the snapshot (ResetDisk), the instance started again
 * (StartInstance, then looks until Running). Each step looks first and calls only when the cloud is not already
 * there, so a step repeated after a crash changes nothing twice (a second ResetDisk to the same snapshot leaves the
 * same disk).
 * <p>
 * Roll-back: when the reset fails, the disk is as it was; the job then skips to starting the instance again, so that
 * the server is not left down, and fails once it runs, saying the disk was not reset and why. A failure leaves the
 * server's status to the status sync, which reads it from the cloud.
 */
public final class RestoreProcess implements JobHandler {

    private final ProvisioningSettings settings;
    private final StepOutcomes outcomes;
    /** The snapshot each job resets the disk to, by the job's id (the database in the container, a map in tests). */
    private final LongFunction<Optional<String>> snapshots;

    RestoreProcess(ProvisioningSettings settings, RandomGenerator random, LongFunction<Optional<String>> snapshots) {
        this.settings = Objects.requireNonNull(settings);
        this.outcomes = new StepOutcomes(settings, random, this);
        this.snapshots = Objects.requireNonNull(snapshots);
    }

    @Override
    public Set<JobKind> kinds() {
        return Set.of(BackupKinds.RESTORE);
    }

    @Override
    public List<StepName> steps(JobKind kind) {
        return BackupKinds.RESTORE_STEPS;
    }

    @Override
    public boolean failureReachesServer(JobKind kind) {
        return false;
    }

    @Override
    public CloudLooks looksAt(Job job) {
        BackupStep step = BackupStep.of(job.getCurrentStep());
        return step == BackupStep.RESTORE_RESET ? CloudLooks.NONE
                : job.resources().id(ResourceKind.INSTANCE).map(CloudLooks::instance).orElse(CloudLooks.NONE);
    }

    @Override
    public void prepare(Job job, Server server, Instant now) {
        if (job.getState() == JobState.QUEUED) {
            job.start(now);
            if (server.getStatus() == ServerStatus.ACTIVE || server.getStatus() == ServerStatus.UNREACHABLE) {
                server.stop(now);
            }
        }
        if (job.getState() == JobState.RUNNING) {
            boolean begun = job.steps().beginCurrent(now, settings.deadline(BackupStep.of(job.getCurrentStep()).step));
            if (begun && BackupStep.of(job.getCurrentStep()) == BackupStep.RESTORE_START && server.getStatus() == ServerStatus.STOPPED) {
                server.start(now);
            }
        }
    }

    @Override
    public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (job.getState() != JobState.RUNNING) {
            return Outcome.none();
        }
        String id = job.resources().id(ResourceKind.INSTANCE).orElse(null);
        if (id == null) {
            return outcomes.failure(job, "The roll-back of job " + job.getId() + " names no instance", "NoInstance", null);
        }
        Optional<String> snapshot = snapshots.apply(job.getId());
        if (snapshot.isEmpty()) {
            return outcomes.failure(job, "The snapshot of roll-back job " + job.getId() + " is not recorded", "NoSnapshot", null);
        }
        try {
            BackupStep step = BackupStep.of(job.getCurrentStep());
            if (step == BackupStep.RESTORE_RESET) {
                return reset(job, cloud, id, snapshot.get(), now);
            }
            Optional<CloudTypes.Instance> instance = seen.instance(id);
            if (instance.isEmpty()) {
                return outcomes.failure(job, "Instance " + id + " no longer exists in the cloud", "InvalidInstanceId.NotFound", null);
            }
            return step == BackupStep.RESTORE_STOP ? stop(job, cloud, id, instance.get(), now) : start(job, cloud, id, snapshot.get(), instance.get(), now);
        } catch (CloudException e) {
            return outcomes.retry(job, e, now, true).orElseGet(() -> outcomes.permanent(job, e));
        }
    }

    private Outcome stop(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        if (instance.state() == InstanceState.STOPPED) {
            return (j, s, t) -> {
                if (s.getStatus() == ServerStatus.STOPPING) {
                    s.markStopped(t);
                }
                j.steps().complete(t, "Instance " + id + " stopped");
            };
        }
        if (instance.state() == InstanceState.RUNNING && !job.steps().current().isCallMade()) {
            cloud.stopInstance(id, false);
            return accepted("StopInstance " + id);
        }
        return outcomes.keepWaiting(job, now, settings.pollInstance(), "instance " + id + " is " + instance.rawStatus());
    }

    /** ResetDisk; a refusal that will not pass rolls back: the instance is started again with its disk as it was. */
    private Outcome reset(Job job, CloudRegion cloud, String id, String snapshot, Instant now) {
        try {
            cloud.resetSystemDisk(id, snapshot);
        } catch (CloudException e) {
            Optional<Outcome> later = outcomes.retry(job, e, now, true);
            if (later.isPresent()) {
                return later.get();
            }
            String why = StepOutcomes.forPeople(e);
            return (j, s, t) -> {
                j.log(t, JobLogEntry.Level.ERROR, "The disk was not reset to " + snapshot + ": " + why);
                j.steps().skip(BackupStep.RESTORE_RESET.step, "not reset" + CloudException.forSupport(e.code(), null) + ": rolling back by starting the instance again", t);
            };
        }
        return (j, s, t) -> j.steps().complete(t, "Cloud accepted: ResetDisk of the system disk of " + id + " to " + snapshot);
    }

    private Outcome start(Job job, CloudRegion cloud, String id, String snapshot, CloudTypes.Instance instance, Instant now) {
        if (instance.state() == InstanceState.RUNNING) {
            boolean rolledBack = job.steps().get(BackupStep.RESTORE_RESET.step).getStatus() == StepStatus.SKIPPED;
            return (j, s, t) -> {
                if (s.getStatus() == ServerStatus.STARTING) {
                    s.markActive(t);
                }
                if (rolledBack) {
                    j.fail(j.getCurrentStep(), "Rolled back: the system disk was not reset to " + snapshot
                            + " (the cloud's reason is in the log); the instance runs again with its disk as it was",
                            "ResetRefused", null, t);
                } else {
                    j.steps().complete(t, "Instance " + id + " running again on the disk of snapshot " + snapshot);
                }
            };
        }
        if (instance.state() == InstanceState.STOPPED && !job.steps().current().isCallMade()) {
            cloud.startInstance(id);
            return accepted("StartInstance " + id);
        }
        return outcomes.keepWaiting(job, now, settings.pollInstance(), "instance " + id + " is " + instance.rawStatus());
    }

    private Outcome accepted(String call) {
        Duration pause = settings.pollInstance();
        return (j, s, t) -> {
            j.steps().callMade(t, "Cloud accepted: " + call);
            j.waitUntil(t.plus(pause), t);
        };
    }
}

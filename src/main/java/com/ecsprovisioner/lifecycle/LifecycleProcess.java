package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.CloudLooks;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * How the lifecycle jobs move (start, stop, reboot, resize, snapshot, delete): the engine's handler of their kinds,
 * in its three moves ({@link JobHandler}). Each step is one short call and then looks at the cloud until the instance
 * is where the call sends it, within the step's deadline. The instance steps are here; the soft reboot's are
 * {@link SoftReboot}'s, the deletion's {@link ServerDeletion}'s, and the outcomes all of them write are
 * {@link LifecycleOutcomes}'.
 * <p>
 * Idempotence: a step first looks, and calls only when the cloud is not already where the step goes (a stop of a
 * stopped instance is done at once). Whether a step's call was accepted is marked on the step (and told in the log,
 * {@link LifecycleOutcomes#CALLED}) before the step waits; after a crash between the call and that write the call is made again, which is
 * harmless for every action here (a second stop or start of an instance already on its way answers a conflict that
 * is waited out; a snapshot carries the step's client token; a hard reboot twice is still a reboot). A soft reboot
 * keeps the OS's boot id with the job when it asks; after a crash before that write it asks again, which reboots the
 * OS a second time at worst, and the new boot id still tells when it is back.
 */
public final class LifecycleProcess implements JobHandler {

    private final LifecycleOutcomes moves;
    private final SoftReboot soft;
    private final ServerDeletion deletion;

    public LifecycleProcess(ProvisioningSettings settings, RandomGenerator random, OsReboot os, LifecycleActions actions) {
        this.moves = new LifecycleOutcomes(settings, new StepOutcomes(settings, random, this), actions);
        this.soft = new SoftReboot(moves, os);
        this.deletion = new ServerDeletion(moves);
    }

    @Override
    public Set<JobKind> kinds() {
        return LifecycleKinds.kinds();
    }

    @Override
    public List<StepName> steps(JobKind kind) {
        return LifecycleKinds.steps(kind);
    }

    /** A failed snapshot leaves the server's status as it was: only its job shows the failure. */
    @Override
    public boolean failureReachesServer(JobKind kind) {
        return !kind.equals(LifecycleKinds.SNAPSHOT);
    }

    /**
     * The instance a lifecycle step looks at now (stop, start, reboot, change of type, release): such looks are
     * batched like the deployment's. A lifecycle job looks at its instance from its very first step, so a queued one
     * is batched too.
     */
    @Override
    public CloudLooks looksAt(Job job) {
        return switch (LifecycleStep.of(job.getCurrentStep())) {
            case STOP_INSTANCE, START_INSTANCE, REBOOT_INSTANCE, CHANGE_TYPE, OS_REBOOT, OS_BACK ->
                    job.resources().id(ResourceKind.INSTANCE).map(CloudLooks::instance).orElse(CloudLooks.NONE);
            case DELETE_INSTANCE -> job.resources().stream().filter(r -> r.getKind() == ResourceKind.INSTANCE
                    && r.getDeleteRequestedAt() != null && !r.isReleased()).map(r -> CloudLooks.instance(r.getResourceId()))
                    .findFirst().orElse(CloudLooks.NONE);
            default -> CloudLooks.NONE;
        };
    }

    // ---- Move 1 and retry --------------------------------------------------------------------------------------

    @Override
    public void prepare(Job job, Server server, Instant now) {
        moves.engine().startCurrentStep(job, now);
    }

    /** A failed lifecycle job runs again from its failed step; the server goes back to the action's status. */
    @Override
    public void retry(Job job, Server server, Instant now) {
        if (job.getState() != JobState.FAILED) {
            throw new IllegalTransition("job " + job.getId(), job.getState(), "retry");
        }
        beginServerAction(job.getKind(), job.plan().instanceType(), server, now);
        job.retry(now);
        if (SoftReboot.isSoftStep(job.getCurrentStep())) {
            // A soft step fails only when SSH refused us (a changed host key, a refused login): asking again over SSH
            // would fail the same way, and the person who retries wants the server rebooted.
            SoftReboot.skipSoftReboot(job, "a retry reboots through the API", now);
        }
    }

    /**
     * The server's status for an action: called when the action is asked and when its failed job is retried. Throws
     * {@link IllegalTransition} when the server's status does not allow the action.
     */
    static void beginServerAction(JobKind kind, String instanceType, Server server, Instant now) {
        switch (LifecycleKinds.Kind.ofJob(kind)) {
            case START -> server.start(now);
            case STOP -> server.stop(now);
            case REBOOT, HARD_REBOOT -> server.reboot(now);
            case RESIZE -> server.resize(instanceType, now);
            case SNAPSHOT -> server.noteAction(ServerAction.SNAPSHOT, now);
            case DELETE -> server.delete("deletion requested", now);
        }
    }

    // ---- Move 2 ------------------------------------------------------------------------------------------------

    @Override
    public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (job.getState() != JobState.RUNNING) {
            return Outcome.none();
        }
        try {
            return switch (LifecycleStep.of(job.getCurrentStep())) {
                case STOP_INSTANCE -> onInstance(job, seen, (id, i) -> stop(job, cloud, id, i, now));
                case CHANGE_TYPE -> onInstance(job, seen, (id, i) -> changeType(job, cloud, id, i, now));
                case START_INSTANCE -> start(job, cloud, seen, now);
                case OS_REBOOT -> onInstance(job, seen, (id, i) -> soft.osReboot(job, server, id, i, now));
                case OS_BACK -> onInstance(job, seen, (id, i) -> soft.osBack(job, server, id, i, now));
                case REBOOT_INSTANCE -> onInstance(job, seen, (id, i) -> reboot(job, cloud, id, i, now));
                case CREATE_SNAPSHOT -> snapshot(job, cloud, now);
                case DELETE_INSTANCE -> deletion.deleteInstances(job, cloud, seen, now);
                case DELETE_NETWORK -> deletion.deleteNetwork(job, cloud, now);
            };
        } catch (CloudException e) {
            return cloudFailure(job, e, now);
        }
    }

    /** The step's look at the job's instance: gone from the cloud fails the job, otherwise the step decides. */
    private Outcome onInstance(Job job, CloudObservations seen, BiFunction<String, CloudTypes.Instance, Outcome> step) {
        String id = LifecycleOutcomes.instanceId(job);
        Optional<CloudTypes.Instance> instance = seen.instance(id);
        return instance.isEmpty() ? moves.gone(job, id) : step.apply(id, instance.get());
    }

    private Outcome stop(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        InstanceState state = instance.state();
        if (state == InstanceState.STOPPED) {
            return moves.done("Instance " + id + " stopped");
        }
        if (state == InstanceState.RUNNING && !LifecycleOutcomes.called(job)) {
            cloud.stopInstance(id, false);
            Outcome accepted = moves.accepted("StopInstance " + id, now);
            if (!job.getKind().equals(LifecycleKinds.RESIZE) || moves.actions().read(job).startAfter()) {
                return accepted;
            }
            // A resize of a failed server: it was running, so it runs again afterwards.
            return (j, s, t) -> {
                LifecycleKinds.startAfterResize(j, moves.actions().change(j), t);
                accepted.applyTo(j, s, t);
            };
        }
        return moves.keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus());
    }

    private Outcome start(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (job.getKind().equals(LifecycleKinds.RESIZE) && !moves.actions().read(job).startAfter()) {
            return moves.done("Instance " + LifecycleOutcomes.instanceId(job) + " left stopped, as it was before the resize");
        }
        return onInstance(job, seen, (id, instance) -> started(job, cloud, id, instance, now));
    }

    private Outcome started(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        InstanceState state = instance.state();
        if (state == InstanceState.RUNNING) {
            return moves.done("Instance " + id + " running" + instance.publicIp().map(ip -> " at " + ip).orElse(""));
        }
        if (state == InstanceState.STOPPED && !LifecycleOutcomes.called(job)) {
            cloud.startInstance(id);
            return moves.accepted("StartInstance " + id, now);
        }
        return moves.keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus());
    }

    /**
     * A hard reboot through the API (ForceStop): the point is to recover a server that no longer answers. In a
     * reboot job it runs only when the soft reboot was skipped.
     */
    private Outcome reboot(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        InstanceState state = instance.state();
        if (!LifecycleOutcomes.called(job)) {
            if (state == InstanceState.RUNNING) {
                cloud.rebootInstance(id, true);
                return moves.accepted("RebootInstance " + id + " (hard)", now);
            }
            if (state == InstanceState.STOPPED) {
                return moves.engine().failure(job, "Instance " + id + " is Stopped: only a running instance can be rebooted; start it instead",
                        "IncorrectInstanceStatus", null);
            }
            return moves.keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus() + ", not Running yet");
        }
        if (state == InstanceState.RUNNING) {
            return moves.done("Instance " + id + " rebooted and running");
        }
        return moves.keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus());
    }

    private Outcome changeType(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        String target = job.plan().instanceType();
        if (target.equals(instance.instanceType())) {
            return (j, s, t) -> {
                s.changeType(target, t);
                moves.complete(j, s, t, "Instance " + id + " is now " + target);
            };
        }
        if (instance.state() != InstanceState.STOPPED) {
            return moves.keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus() + ", not Stopped");
        }
        if (!LifecycleOutcomes.called(job)) {
            cloud.modifyInstanceType(id, target);
            return moves.accepted("ModifyInstanceSpec " + id + " to " + target, now);
        }
        return moves.keepWaiting(job, now, "instance " + id + " is still " + instance.instanceType());
    }

    private Outcome snapshot(Job job, CloudRegion cloud, Instant now) {
        String instance = LifecycleOutcomes.instanceId(job);
        LifecycleAction action = moves.actions().read(job);
        if (action.snapshotId() == null) {
            // The step's client token makes a repeated call (after a crash) return the first snapshot.
            String id = cloud.snapshotSystemDisk(instance, action.snapshotName(), job.steps().current().getClientToken());
            Duration pause = moves.settings().pollInstance();
            return (j, s, t) -> {
                LifecycleKinds.recordSnapshot(j, moves.actions().change(j), id, t);
                j.steps().callMade(t, LifecycleOutcomes.CALLED + "CreateSnapshot of the system disk of " + instance + ": " + id);
                j.waitUntil(t.plus(pause), t);
            };
        }
        String id = action.snapshotId();
        Optional<CloudTypes.Snapshot> snapshot = Optional.ofNullable(cloud.describeSnapshots(List.of(id)).get(id));
        if (snapshot.isPresent() && snapshot.get().status() == CloudTypes.SnapshotStatus.ACCOMPLISHED) {
            return moves.done("Snapshot " + id + " (" + action.snapshotName() + ") of the system disk is ready");
        }
        if (snapshot.isPresent() && snapshot.get().status() == CloudTypes.SnapshotStatus.FAILED) {
            return moves.engine().failure(job, "The cloud could not make snapshot " + id + "; try again later", "SnapshotFailed", null);
        }
        return moves.keepWaiting(job, now, "snapshot " + id + " is "
                + snapshot.map(x -> x.progressPercent() + "% done").orElse("not listed yet"));
    }

    /**
     * Transient errors and conflicts (an instance still on its way, a parent whose children are being released) are
     * retried with back-off within the step's deadline; anything else stops the job with the cloud's words.
     */
    private Outcome cloudFailure(Job job, CloudException e, Instant now) {
        Optional<Outcome> retry = moves.engine().retry(job, e, now, true);
        if (retry.isPresent()) {
            return retry.get();
        }
        if (e.kind() == CloudException.Kind.NOT_FOUND && job.resources().id(ResourceKind.INSTANCE).isPresent()
                && !job.getCurrentStep().equals(LifecycleStep.DELETE_NETWORK.step)) {
            return moves.gone(job, job.resources().id(ResourceKind.INSTANCE).get());
        }
        return moves.engine().permanent(job, e);
    }

}

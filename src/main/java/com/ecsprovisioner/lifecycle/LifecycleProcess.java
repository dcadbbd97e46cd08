package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.bootstrap.SshFailure;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.Backoff;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.CloudLooks;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * How the lifecycle jobs move (start, stop, reboot, resize, snapshot, delete), in the same three moves as
 * {@link DeploymentProcess}, which hands every job that is not a deployment to this class. Each step is one short
 * call and then looks at the cloud until the instance is where the call sends it, within the step's deadline.
 * <p>
 * Idempotence: a step first looks, and calls only when the cloud is not already where the step goes (a stop of a
 * stopped instance is done at once). Whether a step's call was accepted is marked on the step (and told in the log,
 * {@link #CALLED}) before the step waits; after a crash between the call and that write the call is made again, which is
 * harmless for every action here (a second stop or start of an instance already on its way answers a conflict that
 * is waited out; a snapshot carries the step's client token; a hard reboot twice is still a reboot). A soft reboot
 * keeps the OS's boot id with the job when it asks; after a crash before that write it asks again, which reboots the
 * OS a second time at worst, and the new boot id still tells when it is back.
 */
public final class LifecycleProcess implements JobHandler {

    /** How the log tells that the cloud accepted a step's call (for people; the step's own field decides). */
    static final String CALLED = "Cloud accepted: ";

    private static final List<ResourceKind> NETWORK_DELETION_ORDER =
            List.of(ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);

    /** The soft reboot's steps, skipped together when SSH is not possible. */
    private static final List<StepName> SOFT_REBOOT = List.of(LifecycleStep.OS_REBOOT.step, LifecycleStep.OS_BACK.step);

    private final ProvisioningSettings settings;
    private final StepOutcomes outcomes;
    private final OsReboot os;
    /** Each job's {@link LifecycleAction}: read while calling, changed only in an outcome (the write-back's transaction). */
    private final LifecycleActions actions;

    public LifecycleProcess(ProvisioningSettings settings, RandomGenerator random, OsReboot os, LifecycleActions actions) {
        this.settings = Objects.requireNonNull(settings);
        this.outcomes = new StepOutcomes(settings, random, this);
        this.os = Objects.requireNonNull(os);
        this.actions = Objects.requireNonNull(actions);
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
        outcomes.startCurrentStep(job, now);
    }

    /** A failed lifecycle job runs again from its failed step; the server goes back to the action's status. */
    @Override
    public void retry(Job job, Server server, Instant now) {
        if (job.getState() != JobState.FAILED) {
            throw new IllegalTransition("job " + job.getId(), job.getState(), "retry");
        }
        beginServerAction(job.getKind(), job.plan().instanceType(), server, now);
        job.retry(now);
        if (SOFT_REBOOT.contains(job.getCurrentStep())) {
            // A soft step fails only when SSH refused us (a changed host key, a refused login): asking again over SSH
            // would fail the same way, and the person who retries wants the server rebooted.
            skipSoftReboot(job, "a retry reboots through the API", now);
        }
    }

    /**
     * Whether a reboot can first be asked of the OS, decided when it is requested: only an active server whose host key
     * the product pinned (so that the connection can be trusted) answers SSH. Empty when it can; otherwise why not.
     */
    static Optional<String> softRebootRefusal(Server server, ServerStatus statusWhenAsked) {
        if (statusWhenAsked != ServerStatus.ACTIVE) {
            return Optional.of("the server is " + statusWhenAsked.dbName() + ", so its OS is not expected to answer SSH");
        }
        if (server.getHostKey() == null) {
            return Optional.of("no SSH host key is pinned for the server, so an SSH connection could not be trusted");
        }
        return Optional.empty();
    }

    /** Skips the soft reboot's steps that are not settled yet: the job goes on with the hard reboot. */
    static void skipSoftReboot(Job job, String why, Instant now) {
        for (StepName step : SOFT_REBOOT) {
            JobStep s = job.steps().get(step);
            if (!s.getStatus().isSettled()) {
                job.steps().skip(step, why, now);
            }
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
                case OS_REBOOT -> onInstance(job, seen, (id, i) -> osReboot(job, server, id, i, now));
                case OS_BACK -> onInstance(job, seen, (id, i) -> osBack(job, server, id, i, now));
                case REBOOT_INSTANCE -> onInstance(job, seen, (id, i) -> reboot(job, cloud, id, i, now));
                case CREATE_SNAPSHOT -> snapshot(job, cloud, now);
                case DELETE_INSTANCE -> deleteInstances(job, cloud, seen, now);
                case DELETE_NETWORK -> deleteNetwork(job, cloud, now);
            };
        } catch (CloudException e) {
            return cloudFailure(job, e, now);
        }
    }

    /** The step's look at the job's instance: gone from the cloud fails the job, otherwise the step decides. */
    private Outcome onInstance(Job job, CloudObservations seen, BiFunction<String, CloudTypes.Instance, Outcome> step) {
        String id = instanceId(job);
        Optional<CloudTypes.Instance> instance = seen.instance(id);
        return instance.isEmpty() ? gone(job, id) : step.apply(id, instance.get());
    }

    private Outcome stop(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        InstanceState state = instance.state();
        if (state == InstanceState.STOPPED) {
            return done("Instance " + id + " stopped");
        }
        if (state == InstanceState.RUNNING && !called(job)) {
            cloud.stopInstance(id, false);
            Outcome accepted = accepted("StopInstance " + id, now);
            if (!job.getKind().equals(LifecycleKinds.RESIZE) || actions.read(job).startAfter()) {
                return accepted;
            }
            // A resize of a failed server: it was running, so it runs again afterwards.
            return (j, s, t) -> {
                LifecycleKinds.startAfterResize(j, actions.change(j), t);
                accepted.applyTo(j, s, t);
            };
        }
        return keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus());
    }

    private Outcome start(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (job.getKind().equals(LifecycleKinds.RESIZE) && !actions.read(job).startAfter()) {
            return done("Instance " + instanceId(job) + " left stopped, as it was before the resize");
        }
        return onInstance(job, seen, (id, instance) -> started(job, cloud, id, instance, now));
    }

    private Outcome started(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        InstanceState state = instance.state();
        if (state == InstanceState.RUNNING) {
            return done("Instance " + id + " running" + instance.publicIp().map(ip -> " at " + ip).orElse(""));
        }
        if (state == InstanceState.STOPPED && !called(job)) {
            cloud.startInstance(id);
            return accepted("StartInstance " + id, now);
        }
        return keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus());
    }

    /**
     * A hard reboot through the API (ForceStop): the point is to recover a server that no longer answers. In a
     * reboot job it runs only when the soft reboot was skipped.
     */
    private Outcome reboot(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        InstanceState state = instance.state();
        if (!called(job)) {
            if (state == InstanceState.RUNNING) {
                cloud.rebootInstance(id, true);
                return accepted("RebootInstance " + id + " (hard)", now);
            }
            if (state == InstanceState.STOPPED) {
                return outcomes.failure(job, "Instance " + id + " is Stopped: only a running instance can be rebooted; start it instead",
                        "IncorrectInstanceStatus", null);
            }
            return keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus() + ", not Running yet");
        }
        if (state == InstanceState.RUNNING) {
            return done("Instance " + id + " rebooted and running");
        }
        return keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus());
    }

    /**
     * Soft reboot, first step: the OS is asked over SSH (the boot id it had is kept on the job), then looked at until
     * it has gone down (SSH stops answering) or has already come back (a new boot id). An OS that still answers with
     * the same boot id at the step's short deadline ignored the request, and SSH that cannot be used at all (no login,
     * no answer, the OS refuses) makes the job reboot through the API instead; the log says which and why.
     */
    private Outcome osReboot(Job job, Server server, String id, CloudTypes.Instance instance, Instant now) {
        String before = actions.read(job).osBootId();
        if (before == null) {
            if (instance.state() != InstanceState.RUNNING) {
                return hardInstead("instance " + id + " is " + instance.rawStatus() + " in the cloud, not Running");
            }
            OsReboot.Answer answer = os.ask(server);
            if (answer instanceof OsReboot.Asked asked) {
                Duration pause = settings.pollSsh();
                String address = server.getPublicIp();
                return (j, s, t) -> {
                    LifecycleKinds.recordOsReboot(j, actions.change(j), asked.bootIdBefore(), t);
                    j.steps().callMade(t, CALLED + "the OS at " + address + " was asked to reboot over SSH ("
                            + asked.command() + "); boot id before: " + asked.bootIdBefore());
                    j.waitUntil(t.plus(pause), t);
                };
            }
            return hardInstead(whyNot(answer));
        }
        OsReboot.Answer answer = os.look(server);
        if (answer instanceof OsReboot.BootId boot && !boot.id().equals(before)) {
            return done("The OS went down and is back already (boot id " + boot.id() + ")");
        }
        if (answer instanceof OsReboot.Down down) {
            return done("SSH stopped answering: the OS is going down (" + down.message() + ")");
        }
        if (answer instanceof OsReboot.Refused refused) {
            return sshRefused(job, refused);
        }
        String why = answer instanceof OsReboot.BootId ? "it still answers SSH with the same boot id" : whyNot(answer);
        if (job.steps().current().isPastDeadline(now)) {
            return hardInstead("the OS did not go down within " + StepOutcomes.humanDuration(settings.deadline(LifecycleStep.OS_REBOOT.step))
                    + " after it was asked to reboot (" + why + ")");
        }
        return lookAgain(job, now, settings.pollSsh());
    }

    /**
     * Soft reboot, second step: SSH answers again with a new boot id; the hard reboot is then skipped and the server
     * is active. An OS that does not answer within the step's deadline, or answers with its old boot id (it never went
     * down; SSH only dropped), is rebooted through the API.
     */
    private Outcome osBack(Job job, Server server, String id, CloudTypes.Instance instance, Instant now) {
        InstanceState state = instance.state();
        if (state == InstanceState.STOPPED || state == InstanceState.STOPPING) {
            // Someone stopped it meanwhile: it will not answer by itself; the API step says what to do.
            return hardInstead("instance " + id + " is " + instance.rawStatus() + " in the cloud, not coming back by itself");
        }
        OsReboot.Answer answer = os.look(server);
        if (answer instanceof OsReboot.BootId boot) {
            if (boot.id().equals(actions.read(job).osBootId())) {
                return hardInstead("SSH answers again, but with the boot id from before: the OS did not reboot");
            }
            String address = server.getPublicIp();
            return (j, s, t) -> {
                j.steps().complete(t, "The OS rebooted: SSH answers again at " + address + " with a new boot id (" + boot.id() + ")");
                j.steps().skip(LifecycleStep.REBOOT_INSTANCE.step, "not needed: the OS rebooted, soft reboot done", t);
                if (j.getState() == JobState.SUCCEEDED) {
                    s.markActive(t);
                }
            };
        }
        if (answer instanceof OsReboot.Refused refused) {
            return sshRefused(job, refused);
        }
        if (job.steps().current().isPastDeadline(now)) {
            return hardInstead("the OS did not answer SSH again within " + StepOutcomes.humanDuration(
                    settings.deadline(LifecycleStep.OS_BACK.step)) + " (" + whyNot(answer) + ")");
        }
        return lookAgain(job, now, settings.pollSsh());
    }

    private static String whyNot(OsReboot.Answer answer) {
        if (answer instanceof OsReboot.NotPossible n) {
            return n.why();
        }
        if (answer instanceof OsReboot.Down d) {
            return "SSH does not answer: " + d.message();
        }
        if (answer instanceof OsReboot.Refused r) {
            return "SSH refused: " + r.message();
        }
        return String.valueOf(answer);
    }

    /** The soft reboot cannot or did not happen: the job goes on with the hard reboot, and its log says why. */
    private static Outcome hardInstead(String why) {
        return (j, s, t) -> rebootHardInstead(j, why, JobLogEntry.Level.WARN, t);
    }

    /**
     * Says in the job's log why the OS is not asked (or did not reboot), and skips the soft reboot's steps so that the
     * job reboots through the API. At request time (the server is not active, no host key is pinned) this is expected
     * and logged as information; after the OS was asked it is a warning.
     */
    static void rebootHardInstead(Job job, String why, JobLogEntry.Level level, Instant now) {
        job.log(now, level, "Soft reboot over SSH not possible: " + why + ". Rebooting through the API (hard) instead.");
        skipSoftReboot(job, "soft reboot not possible", now);
    }

    /**
     * SSH answered but refused us after the OS had been asked: a changed host key must reach a person (a reboot does
     * not change it; something else is at that address), and so must a login that worked a moment ago.
     */
    private Outcome sshRefused(Job job, OsReboot.Refused refused) {
        String message = refused.message();
        if (refused.kind() == SshFailure.Kind.HOST_KEY_CHANGED) {
            message += " If the server was legitimately rebuilt, accept the new host key on the server's page, then reboot it again.";
        }
        return outcomes.failure(job, message, refused.kind() == SshFailure.Kind.HOST_KEY_CHANGED
                ? "HostKeyChanged" : "SshRefused", null);
    }

    /** Looks again later (growing), never past the step's deadline: the look at the deadline decides. */
    private Outcome lookAgain(Job job, Instant now, Duration first) {
        JobStep step = job.steps().current();
        Duration pause = Backoff.poll(step.getAttempts(), first, settings.pollMax());
        Instant lastLook = step.getDeadline().plusMillis(1);
        return (j, s, t) -> j.waitUntil(t.plus(pause).isAfter(lastLook) ? lastLook : t.plus(pause), t);
    }

    private Outcome changeType(Job job, CloudRegion cloud, String id, CloudTypes.Instance instance, Instant now) {
        String target = job.plan().instanceType();
        if (target.equals(instance.instanceType())) {
            return (j, s, t) -> {
                s.changeType(target, t);
                complete(j, s, t, "Instance " + id + " is now " + target);
            };
        }
        if (instance.state() != InstanceState.STOPPED) {
            return keepWaiting(job, now, "instance " + id + " is " + instance.rawStatus() + ", not Stopped");
        }
        if (!called(job)) {
            cloud.modifyInstanceType(id, target);
            return accepted("ModifyInstanceSpec " + id + " to " + target, now);
        }
        return keepWaiting(job, now, "instance " + id + " is still " + instance.instanceType());
    }

    private Outcome snapshot(Job job, CloudRegion cloud, Instant now) {
        String instance = instanceId(job);
        LifecycleAction action = actions.read(job);
        if (action.snapshotId() == null) {
            // The step's client token makes a repeated call (after a crash) return the first snapshot.
            String id = cloud.snapshotSystemDisk(instance, action.snapshotName(), job.steps().current().getClientToken());
            Duration pause = settings.pollInstance();
            return (j, s, t) -> {
                LifecycleKinds.recordSnapshot(j, actions.change(j), id, t);
                j.steps().callMade(t, CALLED + "CreateSnapshot of the system disk of " + instance + ": " + id);
                j.waitUntil(t.plus(pause), t);
            };
        }
        String id = action.snapshotId();
        Optional<CloudTypes.Snapshot> snapshot = Optional.ofNullable(cloud.describeSnapshots(List.of(id)).get(id));
        if (snapshot.isPresent() && snapshot.get().status() == CloudTypes.SnapshotStatus.ACCOMPLISHED) {
            return done("Snapshot " + id + " (" + action.snapshotName() + ") of the system disk is ready");
        }
        if (snapshot.isPresent() && snapshot.get().status() == CloudTypes.SnapshotStatus.FAILED) {
            return outcomes.failure(job, "The cloud could not make snapshot " + id + "; try again later", "SnapshotFailed", null);
        }
        return keepWaiting(job, now, "snapshot " + id + " is "
                + snapshot.map(x -> x.progressPercent() + "% done").orElse("not listed yet"));
    }

    /**
     * Releases the server's instances: the one the server knows, and any other carrying its tag (a create whose
     * answer was lost). One instance per run; a released instance is gone from DescribeInstances.
     */
    private Outcome deleteInstances(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        String lookedUp = "Instances tagged with server " + job.getServerId() + ": ";
        if (!job.steps().current().isCallMade()) {
            List<CloudTypes.Instance> tagged = cloud.instancesTagged(Tags.SERVER, Optional.of(Long.toString(job.getServerId())));
            return (j, s, t) -> {
                tagged.forEach(i -> j.resources().record(ResourceKind.INSTANCE, i.id(), i.zoneId(), true, t));
                j.steps().callMade(t, lookedUp + (tagged.isEmpty() ? "none"
                        : tagged.stream().map(CloudTypes.Instance::id).collect(Collectors.joining(", "))));
                j.waitUntil(t, t);
            };
        }
        for (JobResource r : job.resources()) {
            if (r.getKind() != ResourceKind.INSTANCE || !r.isOwned() || r.isReleased()) {
                continue;
            }
            String id = r.getResourceId();
            Optional<CloudTypes.Instance> instance = seen.instance(id);
            if (instance.isEmpty()) {
                return (j, s, t) -> {
                    JobResource fresh = j.resources().record(ResourceKind.INSTANCE, id, null, true, t);
                    fresh.deleteRequested(t);
                    fresh.released(t);
                    j.log(t, JobLogEntry.Level.INFO, "Released instance " + id);
                    j.waitUntil(t, t);
                };
            }
            if (r.getDeleteRequestedAt() == null) {
                return outcomes.requestInstanceDeletion(cloud, id, (j, s, t) -> j.steps().callMade(t, CALLED + "DeleteInstance " + id + " (force)"));
            }
            return keepWaiting(job, now, "instance " + id + " is still " + instance.get().rawStatus());
        }
        return done("No instance of the server is left");
    }

    /**
     * Deletes the network resources chosen when the deletion was asked, children first (security group, vSwitches,
     * VPC). A parent whose children the cloud is still releasing answers DependencyViolation: that is retried with
     * back-off until the step's deadline, as the cloud needs.
     */
    private Outcome deleteNetwork(Job job, CloudRegion cloud, Instant now) {
        for (ResourceKind kind : NETWORK_DELETION_ORDER) {
            for (JobResource r : job.resources()) {
                if (r.getKind() != kind || !r.isOwned() || r.isReleased()) {
                    continue;
                }
                String id = r.getResourceId();
                StepOutcomes.deleteNetworkResource(cloud, kind, id);
                String name = describe(kind) + " " + id;
                return (j, s, t) -> {
                    JobResource fresh = j.resources().record(kind, id, r.getZoneId(), true, t);
                    fresh.deleteRequested(t);
                    fresh.released(t);
                    j.log(t, JobLogEntry.Level.INFO, "Deleted " + name);
                    j.waitUntil(t, t);
                };
            }
        }
        List<ResourceKind> order = List.of(ResourceKind.INSTANCE, ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);
        String deleted = job.resources().stream().filter(r -> r.isOwned() && r.isReleased())
                .sorted(Comparator.comparing((JobResource r) -> order.indexOf(r.getKind())))
                .map(r -> describe(r.getKind()) + " " + r.getResourceId()).collect(Collectors.joining(", "));
        return done("Deleted: " + (deleted.isEmpty() ? "nothing" : deleted)
                + (job.resources().stream().anyMatch(r -> !r.isOwned()) ? "; kept the network resources not chosen" : ""));
    }

    static String describe(ResourceKind kind) {
        return switch (kind) {
            case VPC -> "VPC";
            case VSWITCH -> "vSwitch";
            case SECURITY_GROUP -> "security group";
            case INSTANCE -> "instance";
        };
    }

    // ---- Outcomes ----------------------------------------------------------------------------------------------

    /** The step is done; when it was the last, the server reaches the action's end status. */
    private Outcome done(String what) {
        return (j, s, t) -> complete(j, s, t, what);
    }

    private void complete(Job job, Server server, Instant now, String what) {
        job.steps().complete(now, what);
        if (job.getState() != JobState.SUCCEEDED) {
            return;
        }
        switch (LifecycleKinds.Kind.ofJob(job.getKind())) {
            case START, REBOOT, HARD_REBOOT -> server.markActive(now);
            case STOP -> server.markStopped(now);
            case RESIZE -> {
                if (actions.read(job).startAfter()) {
                    server.markActive(now);
                } else {
                    server.markStopped(now);
                }
            }
            case DELETE -> server.markDeleted(now);
            case SNAPSHOT -> {
            }
        }
    }

    private Outcome accepted(String call, Instant now) {
        Duration pause = settings.pollInstance();
        return (j, s, t) -> {
            j.steps().callMade(t, CALLED + call);
            j.waitUntil(t.plus(pause), t);
        };
    }

    /** True once the current step's call was accepted (marked on the step before it waited). */
    private static boolean called(Job job) {
        return job.steps().current().isCallMade();
    }

    private static String instanceId(Job job) {
        return job.resources().id(ResourceKind.INSTANCE).orElseThrow(() ->
                new IllegalStateException("job " + job.getId() + " has no instance to act on"));
    }

    private Outcome gone(Job job, String id) {
        return outcomes.failure(job, "Instance " + id + " no longer exists in the cloud: delete the server to clean up what is left",
                CloudException.Kind.NOT_FOUND.name(), null);
    }

    private Outcome keepWaiting(Job job, Instant now, String why) {
        return outcomes.keepWaiting(job, now, settings.pollInstance(), why);
    }

    /**
     * Transient errors and conflicts (an instance still on its way, a parent whose children are being released) are
     * retried with back-off within the step's deadline; anything else stops the job with the cloud's words.
     */
    private Outcome cloudFailure(Job job, CloudException e, Instant now) {
        Optional<Outcome> retry = outcomes.retry(job, e, now, true);
        if (retry.isPresent()) {
            return retry.get();
        }
        if (e.kind() == CloudException.Kind.NOT_FOUND && job.resources().id(ResourceKind.INSTANCE).isPresent()
                && !job.getCurrentStep().equals(LifecycleStep.DELETE_NETWORK.step)) {
            return gone(job, job.resources().id(ResourceKind.INSTANCE).get());
        }
        return outcomes.permanent(job, e);
    }

}

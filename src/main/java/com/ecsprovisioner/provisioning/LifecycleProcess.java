package com.ecsprovisioner.provisioning;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.provisioning.DeploymentProcess.Outcome;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * How the lifecycle jobs move (start, stop, reboot, resize, snapshot, delete), in the same three moves as
 * {@link DeploymentProcess}, which hands every job that is not a deployment to this class. Each step is one short
 * call and then looks at the cloud until the instance is where the call sends it, within the step's deadline.
 * <p>
 * Idempotence: a step first looks, and calls only when the cloud is not already where the step goes (a stop of a
 * stopped instance is done at once). Whether a step's call was accepted is written in the job's log before the
 * step waits ({@link #CALLED}); after a crash between the call and that write the call is made again, which is
 * harmless for every action here (a second stop or start of an instance already on its way answers a conflict that
 * is waited out; a snapshot carries the step's client token; a hard reboot twice is still a reboot).
 */
final class LifecycleProcess {

    /** The log line a step writes once the cloud accepted its call. */
    static final String CALLED = "Cloud accepted: ";

    private static final List<ResourceKind> NETWORK_DELETION_ORDER =
            List.of(ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);

    private final ProvisioningSettings settings;
    private final RandomGenerator random;

    LifecycleProcess(ProvisioningSettings settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings);
        this.random = Objects.requireNonNull(random);
    }

    // ---- Move 1 and retry --------------------------------------------------------------------------------------

    void prepare(Job job, Server server, Instant now) {
        if (job.getState() == JobState.QUEUED) {
            job.start(now);
        }
        if (job.getState() == JobState.RUNNING) {
            job.beginCurrentStep(now, settings.deadline(job.getCurrentStep()));
        }
    }

    /** A failed lifecycle job runs again from its failed step; the server goes back to the action's status. */
    void retry(Job job, Server server, Instant now) {
        if (job.getState() != JobState.FAILED) {
            throw new IllegalTransition("job " + job.getId(), job.getState(), "retry");
        }
        beginServerAction(job.getKind(), job.getInstanceType(), server, now);
        job.retry(now);
    }

    /**
     * The server's status for an action: called when the action is asked and when its failed job is retried. Throws
     * {@link IllegalTransition} when the server's status does not allow the action.
     */
    static void beginServerAction(JobKind kind, String instanceType, Server server, Instant now) {
        switch (kind) {
            case START -> server.start(now);
            case STOP -> server.stop(now);
            case REBOOT -> server.reboot(now);
            case RESIZE -> server.resize(instanceType, now);
            case SNAPSHOT -> server.noteAction(com.ecsprovisioner.server.ServerAction.SNAPSHOT, now);
            case DELETE -> server.delete("deletion requested", now);
            case DEPLOY -> throw new IllegalArgumentException("a deployment is not a lifecycle action");
        }
    }

    // ---- Move 2 ------------------------------------------------------------------------------------------------

    Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (job.getState() != JobState.RUNNING) {
            return (j, s, t) -> { };
        }
        try {
            return switch (job.getCurrentStep()) {
                case STOP_INSTANCE -> stop(job, cloud, seen, now);
                case CHANGE_TYPE -> changeType(job, cloud, seen, now);
                case START_INSTANCE -> start(job, cloud, seen, now);
                case REBOOT_INSTANCE -> reboot(job, cloud, seen, now);
                case CREATE_SNAPSHOT -> snapshot(job, cloud, now);
                case DELETE_INSTANCE -> deleteInstances(job, cloud, seen, now);
                case DELETE_NETWORK -> deleteNetwork(job, cloud, now);
                default -> throw new IllegalStateException(job.getCurrentStep() + " is not a step of a " + job.getKind() + " job");
            };
        } catch (CloudException e) {
            return cloudFailure(job, e, now);
        }
    }

    private Outcome stop(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        String id = instanceId(job);
        Optional<CloudTypes.Instance> instance = seen.instance(id);
        if (instance.isEmpty()) {
            return gone(job, id);
        }
        InstanceState state = instance.get().state();
        if (state == InstanceState.STOPPED) {
            return done("Instance " + id + " stopped");
        }
        if (state == InstanceState.RUNNING && !called(job)) {
            cloud.stopInstance(id, false);
            Outcome accepted = accepted("StopInstance " + id, now);
            if (job.getKind() != JobKind.RESIZE || job.isStartAfter()) {
                return accepted;
            }
            // A resize of a failed server: it was running, so it runs again afterwards.
            return (j, s, t) -> {
                j.startAfterResize(t);
                accepted.applyTo(j, s, t);
            };
        }
        return keepWaiting(job, now, "instance " + id + " is " + instance.get().rawStatus());
    }

    private Outcome start(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        String id = instanceId(job);
        if (job.getKind() == JobKind.RESIZE && !job.isStartAfter()) {
            return done("Instance " + id + " left stopped, as it was before the resize");
        }
        Optional<CloudTypes.Instance> instance = seen.instance(id);
        if (instance.isEmpty()) {
            return gone(job, id);
        }
        InstanceState state = instance.get().state();
        if (state == InstanceState.RUNNING) {
            return done("Instance " + id + " running" + instance.get().publicIp().map(ip -> " at " + ip).orElse(""));
        }
        if (state == InstanceState.STOPPED && !called(job)) {
            cloud.startInstance(id);
            return accepted("StartInstance " + id, now);
        }
        return keepWaiting(job, now, "instance " + id + " is " + instance.get().rawStatus());
    }

    /** A hard reboot through the API (ForceStop): the point is to recover a server that no longer answers. */
    private Outcome reboot(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        String id = instanceId(job);
        Optional<CloudTypes.Instance> instance = seen.instance(id);
        if (instance.isEmpty()) {
            return gone(job, id);
        }
        InstanceState state = instance.get().state();
        if (!called(job)) {
            if (state == InstanceState.RUNNING) {
                cloud.rebootInstance(id, true);
                return accepted("RebootInstance " + id + " (hard)", now);
            }
            if (state == InstanceState.STOPPED) {
                return failure(job, "Instance " + id + " is Stopped: only a running instance can be rebooted; start it instead",
                        "IncorrectInstanceStatus", null);
            }
            return keepWaiting(job, now, "instance " + id + " is " + instance.get().rawStatus() + ", not Running yet");
        }
        if (state == InstanceState.RUNNING) {
            return done("Instance " + id + " rebooted and running");
        }
        return keepWaiting(job, now, "instance " + id + " is " + instance.get().rawStatus());
    }

    private Outcome changeType(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        String id = instanceId(job);
        String target = job.getInstanceType();
        Optional<CloudTypes.Instance> instance = seen.instance(id);
        if (instance.isEmpty()) {
            return gone(job, id);
        }
        if (target.equals(instance.get().instanceType())) {
            return (j, s, t) -> {
                s.changeType(target, t);
                complete(j, s, t, "Instance " + id + " is now " + target);
            };
        }
        if (instance.get().state() != InstanceState.STOPPED) {
            return keepWaiting(job, now, "instance " + id + " is " + instance.get().rawStatus() + ", not Stopped");
        }
        if (!called(job)) {
            cloud.modifyInstanceType(id, target);
            return accepted("ModifyInstanceSpec " + id + " to " + target, now);
        }
        return keepWaiting(job, now, "instance " + id + " is still " + instance.get().instanceType());
    }

    private Outcome snapshot(Job job, CloudRegion cloud, Instant now) {
        String instance = instanceId(job);
        if (job.getSnapshotId() == null) {
            // The step's client token makes a repeated call (after a crash) return the first snapshot.
            String id = cloud.snapshotSystemDisk(instance, job.getSnapshotName(), job.currentStep().getClientToken());
            Instant look = now.plus(settings.pollInstance());
            return (j, s, t) -> {
                j.recordSnapshot(id, t);
                j.log(t, JobLogEntry.Level.INFO, CALLED + "CreateSnapshot of the system disk of " + instance + ": " + id);
                j.waitUntil(look, t);
            };
        }
        String id = job.getSnapshotId();
        Optional<CloudTypes.Snapshot> snapshot = Optional.ofNullable(cloud.describeSnapshots(List.of(id)).get(id));
        if (snapshot.isPresent() && snapshot.get().status() == CloudTypes.SnapshotStatus.ACCOMPLISHED) {
            return done("Snapshot " + id + " (" + job.getSnapshotName() + ") of the system disk is ready");
        }
        if (snapshot.isPresent() && snapshot.get().status() == CloudTypes.SnapshotStatus.FAILED) {
            return failure(job, "The cloud could not make snapshot " + id + "; try again later", "SnapshotFailed", null);
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
        if (job.log().stream().noneMatch(l -> l.getStep() == StepName.DELETE_INSTANCE && l.getMessage().startsWith(lookedUp))) {
            List<CloudTypes.Instance> tagged = cloud.instancesTagged(Tags.SERVER, Optional.of(Long.toString(job.getServerId())));
            return (j, s, t) -> {
                tagged.forEach(i -> j.recordResource(ResourceKind.INSTANCE, i.id(), i.zoneId(), true, t));
                j.log(t, JobLogEntry.Level.INFO, lookedUp + (tagged.isEmpty() ? "none"
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
                    JobResource fresh = j.recordResource(ResourceKind.INSTANCE, id, null, true, t);
                    fresh.deleteRequested(t);
                    fresh.released(t);
                    j.log(t, JobLogEntry.Level.INFO, "Released instance " + id);
                    j.waitUntil(t, t);
                };
            }
            if (r.getDeleteRequestedAt() == null) {
                try {
                    cloud.deleteInstance(id, true);
                } catch (CloudException e) {
                    if (e.kind() != CloudException.Kind.NOT_FOUND) {
                        throw e;
                    }
                }
                Instant look = now.plus(settings.pollInstance());
                return (j, s, t) -> {
                    j.recordResource(ResourceKind.INSTANCE, id, null, true, t).deleteRequested(t);
                    j.log(t, JobLogEntry.Level.INFO, CALLED + "DeleteInstance " + id + " (force)");
                    j.waitUntil(look, t);
                };
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
                try {
                    switch (kind) {
                        case SECURITY_GROUP -> cloud.deleteSecurityGroup(id);
                        case VSWITCH -> cloud.deleteVSwitch(id);
                        case VPC -> cloud.deleteVpc(id);
                        default -> throw new IllegalStateException("unexpected " + kind);
                    }
                } catch (CloudException e) {
                    if (e.kind() != CloudException.Kind.NOT_FOUND) {
                        throw e;
                    }
                }
                String name = describe(kind) + " " + id;
                return (j, s, t) -> {
                    JobResource fresh = j.recordResource(kind, id, r.getZoneId(), true, t);
                    fresh.deleteRequested(t);
                    fresh.released(t);
                    j.log(t, JobLogEntry.Level.INFO, "Deleted " + name);
                    j.waitUntil(t, t);
                };
            }
        }
        List<ResourceKind> order = List.of(ResourceKind.INSTANCE, ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);
        String deleted = job.resources().stream().filter(r -> r.isOwned() && r.isReleased())
                .sorted(java.util.Comparator.comparing((JobResource r) -> order.indexOf(r.getKind())))
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
    private static Outcome done(String what) {
        return (j, s, t) -> complete(j, s, t, what);
    }

    private static void complete(Job job, Server server, Instant now, String what) {
        job.completeStep(now, what);
        if (job.getState() != JobState.SUCCEEDED) {
            return;
        }
        switch (job.getKind()) {
            case START, REBOOT -> server.markActive(now);
            case STOP -> server.markStopped(now);
            case RESIZE -> {
                if (job.isStartAfter()) {
                    server.markActive(now);
                } else {
                    server.markStopped(now);
                }
            }
            case DELETE -> server.markDeleted(now);
            case SNAPSHOT, DEPLOY -> {
            }
        }
    }

    private Outcome accepted(String call, Instant now) {
        Instant look = now.plus(settings.pollInstance());
        return (j, s, t) -> {
            j.log(t, JobLogEntry.Level.INFO, CALLED + call);
            j.waitUntil(look, t);
        };
    }

    /** True once the current step's call was accepted (written before the step waited). */
    private static boolean called(Job job) {
        StepName step = job.getCurrentStep();
        return job.log().stream().anyMatch(l -> l.getStep() == step && l.getMessage().startsWith(CALLED));
    }

    private static String instanceId(Job job) {
        return job.resourceId(ResourceKind.INSTANCE).orElseThrow(() ->
                new IllegalStateException("job " + job.getId() + " has no instance to act on"));
    }

    private static Outcome gone(Job job, String id) {
        return failure(job, "Instance " + id + " no longer exists in the cloud: delete the server to clean up what is left",
                "InvalidInstanceId.NotFound", null);
    }

    private Outcome keepWaiting(Job job, Instant now, String why) {
        JobStep step = job.currentStep();
        if (step.isPastDeadline(now)) {
            return failure(job, step.getName().label() + " did not finish within "
                    + DeploymentProcess.humanDuration(settings.deadline(step.getName())) + ": " + why, "Timeout", null);
        }
        Instant look = now.plus(Backoff.poll(step.getAttempts(), settings.pollInstance(), settings.pollMax()));
        Instant lastLook = step.getDeadline().plusMillis(1);
        Instant next = look.isAfter(lastLook) ? lastLook : look;
        return (j, s, t) -> j.waitUntil(next, t);
    }

    /**
     * Transient errors and conflicts (an instance still on its way, a parent whose children are being released) are
     * retried with back-off within the step's deadline; anything else stops the job with the cloud's words.
     */
    private Outcome cloudFailure(Job job, CloudException e, Instant now) {
        JobStep step = job.currentStep();
        if (e.isTransient() || e.kind() == CloudException.Kind.CONFLICT) {
            Instant at = now.plus(Backoff.delay(step.getAttempts(), settings.retryFirst(), settings.retryMax(), random));
            if (!at.isAfter(step.getDeadline())) {
                String error = step.getName().label() + ": " + e.describe();
                return (j, s, t) -> j.retryLater(at, error, t);
            }
            return failure(job, step.getName().label() + " kept failing until its deadline ("
                    + DeploymentProcess.humanDuration(settings.deadline(step.getName())) + "): " + e.getMessage(), e.code(), e.requestId());
        }
        if (e.kind() == CloudException.Kind.NOT_FOUND && job.resourceId(ResourceKind.INSTANCE).isPresent()
                && step.getName() != StepName.DELETE_NETWORK) {
            return gone(job, job.resourceId(ResourceKind.INSTANCE).get());
        }
        return failure(job, DeploymentProcess.forPeople(e), e.code(), e.requestId());
    }

    /** Stops the job at its step; the server shows the failure, except for a snapshot (the server did not move). */
    private static Outcome failure(Job job, String reason, String code, String requestId) {
        StepName step = job.getCurrentStep();
        return (j, s, t) -> {
            j.fail(step, reason, code, requestId, t);
            if (j.getKind() != JobKind.SNAPSHOT) {
                s.fail(step.label() + " failed: " + reason, t);
            }
        };
    }
}

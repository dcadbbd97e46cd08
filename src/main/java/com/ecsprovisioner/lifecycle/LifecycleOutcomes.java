package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.Backoff;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.server.Server;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcomes every lifecycle step writes back, shared by the instance steps ({@link LifecycleProcess}), the soft
 * reboot ({@link SoftReboot}) and the deletion ({@link ServerDeletion}): a step done (the server reaching the
 * action's end status with the last one), a call accepted and then waited on, a look again, the instance gone. The
 * engine's {@link StepOutcomes} makes the waiting, retry and failure decisions; this adds the lifecycle's words.
 */
final class LifecycleOutcomes {

    /** How the log tells that the cloud accepted a step's call (for people; the step's own field decides). */
    static final String CALLED = "Cloud accepted: ";

    private final ProvisioningSettings settings;
    private final StepOutcomes outcomes;
    private final LifecycleActions actions;

    LifecycleOutcomes(ProvisioningSettings settings, StepOutcomes outcomes, LifecycleActions actions) {
        this.settings = Objects.requireNonNull(settings);
        this.outcomes = Objects.requireNonNull(outcomes);
        this.actions = Objects.requireNonNull(actions);
    }

    ProvisioningSettings settings() {
        return settings;
    }

    /** The engine's decisions (wait, retry, fail) for the lifecycle's handler. */
    StepOutcomes engine() {
        return outcomes;
    }

    /** Each job's {@link LifecycleAction}: read while calling, changed only in an outcome (the write-back's transaction). */
    LifecycleActions actions() {
        return actions;
    }

    /** The step is done; when it was the last, the server reaches the action's end status. */
    Outcome done(String what) {
        return (j, s, t) -> complete(j, s, t, what);
    }

    void complete(Job job, Server server, Instant now, String what) {
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

    Outcome accepted(String call, Instant now) {
        Duration pause = settings.pollInstance();
        return (j, s, t) -> {
            j.steps().callMade(t, CALLED + call);
            j.waitUntil(t.plus(pause), t);
        };
    }

    /** True once the current step's call was accepted (marked on the step before it waited). */
    static boolean called(Job job) {
        return job.steps().current().isCallMade();
    }

    static String instanceId(Job job) {
        return job.resources().id(ResourceKind.INSTANCE).orElseThrow(() ->
                new IllegalStateException("job " + job.getId() + " has no instance to act on"));
    }

    Outcome gone(Job job, String id) {
        return outcomes.failure(job, "Instance " + id + " no longer exists in the cloud: delete the server to clean up what is left",
                CloudException.Kind.NOT_FOUND.name(), null);
    }

    Outcome keepWaiting(Job job, Instant now, String why) {
        return outcomes.keepWaiting(job, now, settings.pollInstance(), why);
    }


    /** Looks again later (growing), never past the step's deadline: the look at the deadline decides. */
    Outcome lookAgain(Job job, Instant now, Duration first) {
        JobStep step = job.steps().current();
        Duration pause = Backoff.poll(step.getAttempts(), first, settings.pollMax());
        Instant lastLook = step.getDeadline().plusMillis(1);
        return (j, s, t) -> j.waitUntil(t.plus(pause).isAfter(lastLook) ? lastLook : t.plus(pause), t);
    }

}

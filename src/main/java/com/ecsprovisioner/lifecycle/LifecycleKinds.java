package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobPlan;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;

import java.time.Instant;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static com.ecsprovisioner.lifecycle.LifecycleStep.*;

/**
 * The lifecycle's job kinds and the steps each runs, in this order: declared here, by the feature (the engine names
 * no kind and no step, and ranks a job's steps by their place in this list); and the lifecycle's jobs: how one is
 * made, and what an action records on it as it runs.
 */
final class LifecycleKinds {

    /** The lifecycle's kinds; an enum so that the handler can switch on a job's kind. */
    enum Kind {
        START("Start", START_INSTANCE),
        STOP("Stop", STOP_INSTANCE),
        /**
         * Soft first: the OS is asked to reboot over SSH and watched until it answers again; when that is not possible
         * or does not happen within its deadlines, the hard reboot through the API (skipped when the OS rebooted).
         */
        REBOOT("Reboot", OS_REBOOT, OS_BACK, REBOOT_INSTANCE),
        /** Through the API only (ForceStop): for a server whose OS no longer responds. */
        HARD_REBOOT("Hard reboot", REBOOT_INSTANCE),
        /** Stop (if running), change the type, start again (if it was running). */
        RESIZE("Resize", STOP_INSTANCE, CHANGE_TYPE, START_INSTANCE),
        SNAPSHOT("Snapshot", CREATE_SNAPSHOT),
        DELETE("Deletion", DELETE_INSTANCE, DELETE_NETWORK);

        final JobKind kind;
        final List<StepName> steps;

        Kind(String label, LifecycleStep... steps) {
            this.kind = JobKind.of(name(), label);
            this.steps = Arrays.stream(steps).map(s -> s.step).toList();
        }

        static Optional<Kind> of(JobKind kind) {
            return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
        }

        /** The lifecycle kind of a job this handler runs; another kind is a wiring error. */
        static Kind ofJob(JobKind kind) {
            return of(kind).orElseThrow(() -> new IllegalArgumentException(kind + " is not a lifecycle kind"));
        }
    }

    static final JobKind START = Kind.START.kind;
    static final JobKind STOP = Kind.STOP.kind;
    static final JobKind REBOOT = Kind.REBOOT.kind;
    static final JobKind HARD_REBOOT = Kind.HARD_REBOOT.kind;
    static final JobKind RESIZE = Kind.RESIZE.kind;
    static final JobKind SNAPSHOT = Kind.SNAPSHOT.kind;
    static final JobKind DELETE = Kind.DELETE.kind;

    private static final Set<JobKind> KINDS = Arrays.stream(Kind.values()).map(k -> k.kind).collect(Collectors.toUnmodifiableSet());

    private LifecycleKinds() {
    }

    /** The kinds the lifecycle's handler runs. */
    static Set<JobKind> kinds() {
        return KINDS;
    }

    /** Whether a job of this kind is a lifecycle action (not, e.g., the server's deployment). */
    static boolean isLifecycle(JobKind kind) {
        return kind != null && KINDS.contains(kind);
    }

    /** The steps a job of this lifecycle kind runs, in order. */
    static List<StepName> steps(JobKind kind) {
        return Kind.ofJob(kind).steps;
    }

    /**
     * A lifecycle action on a server that exists, due now. The deployment-only columns stay empty;
     * {@code instanceType} is the server's type, or the new one for a resize. What the action asks beyond that (the
     * snapshot's name, a start after the resize) is its {@link LifecycleAction}, kept beside the job.
     */
    static Job create(JobKind kind, long serverId, Server server, String instanceType, String snapshotName,
                      String requestedBy, Instant now) {
        Job job = new Job(kind, steps(kind), serverId, server.getProfileId(), JobPlan.action(server, instanceType), requestedBy, now);
        if (server.getZoneId() != null) {
            job.placeIn(server.getZoneId(), now);
        }
        job.log(now, JobLogEntry.Level.INFO, kind.label() + " of " + server.getName() + " requested by " + job.getRequestedBy()
                + (kind.equals(RESIZE) ? " (to " + instanceType + ")" : "")
                + (kind.equals(SNAPSHOT) ? " (snapshot " + snapshotName + ")" : ""));
        return job;
    }

    /** The snapshot the cloud is making for this job (recorded once, before waiting for it). */
    static void recordSnapshot(Job job, LifecycleAction action, String id, Instant now) {
        if (!job.getKind().equals(SNAPSHOT)) {
            throw new IllegalTransition("job " + job.getId(), job.getState(), "record a snapshot of");
        }
        action.recordSnapshot(id);
        job.touch(now);
    }

    /** The OS was asked to reboot over SSH; {@code bootId} is the boot id it had just before. */
    static void recordOsReboot(Job job, LifecycleAction action, String bootId, Instant now) {
        if (!job.getKind().equals(REBOOT) || job.getState() != JobState.RUNNING
                || !job.getCurrentStep().equals(LifecycleStep.OS_REBOOT.step)) {
            throw new IllegalTransition("job " + job.getId(), job.getState(), "record an OS reboot of");
        }
        action.recordOsBootId(bootId);
        job.touch(now);
    }

    /** A resize found the instance running: it is started again once its type changed. */
    static void startAfterResize(Job job, LifecycleAction action, Instant now) {
        if (!job.getKind().equals(RESIZE)) {
            throw new IllegalTransition("job " + job.getId(), job.getState(), "start after a resize");
        }
        action.startAfterResize();
        job.touch(now);
    }
}

package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.server.Server;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The job kinds of one feature, plugged into the engine: the engine claims a job, asks {@link JobHandlers} for the
 * handler of the job's kind and drives it in three moves, never naming a concrete kind or step itself (the way
 * db-scheduler's executor resolves a task through its resolver). A feature runs its kinds by providing a handler (a
 * CDI bean of this type) that declares them, with each kind's steps in order; adding a kind touches no engine file.
 */
public interface JobHandler {

    /** The kinds this handler runs; two handlers never claim the same kind. */
    Set<JobKind> kinds();

    /** The steps of a job of {@code kind}, in the order they run (a job's steps are ranked by their place here). */
    List<StepName> steps(JobKind kind);

    /**
     * Move 1, inside the claiming transaction: starts the job and its current step (a step's client token is made
     * here, so it is committed before any call that uses it), or turns a cancel into a rollback.
     */
    void prepare(Job job, Server server, Instant now);

    /**
     * Move 2, outside any transaction: the current step's calls. {@code job} and {@code server} are only read (they
     * may be detached copies); {@code seen} answers the waits (batched by the sweep, or direct). A job for which
     * {@link #usesCloud} is false gets no cloud.
     */
    Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now);

    /** Whether the job's steps call the cloud (the engine then opens its profile's account); true by default. */
    default boolean usesCloud(Job job) {
        return true;
    }

    /**
     * What the job's next run looks at in the cloud (something the cloud is still preparing), so that the sweep
     * batches such looks per profile; nothing by default. A rollback's looks are the engine's own.
     */
    default CloudLooks looksAt(Job job) {
        return CloudLooks.NONE;
    }

    /**
     * Whether a failed job of this kind fails its server too (the default); a kind may leave the server's status as
     * it was, so that only its job shows the failure.
     */
    default boolean failureReachesServer(JobKind kind) {
        return true;
    }

    /** Whether a queued or running job of this kind may be cancelled (it then deletes what it created); no by default. */
    default boolean cancellable(JobKind kind) {
        return false;
    }

    /**
     * Whether the job page offers Roll back for this job (its kind made something a person may take back, and its
     * state allows it); no by default.
     */
    default boolean rollbackOffered(Job job) {
        return false;
    }

    /**
     * Starts deleting what the job made ({@link JobRollback#begin}), in a transaction; the job's next runs are then
     * {@link #execute} in the rolling-back state. Refused by default: a kind with nothing to take back finishes or
     * fails within its deadline.
     */
    default void startRollback(Job job, Server server, Instant now) {
        throw new com.ecsprovisioner.server.IllegalTransition("job " + job.getId(), job.getState(), "roll back");
    }

    /**
     * A failed job runs again (from its failed step, or its rollback again): asked by a person, in a transaction. By
     * default the job alone, from its failed step ({@link Job#retry}, which refuses a job that has not failed); a kind
     * whose server or rollback moves too says so.
     */
    default void retry(Job job, Server server, Instant now) {
        job.retry(now);
    }

    /**
     * How much of the job's running step is done (0..1), when the step can tell (the bootstrap counts its script
     * steps); empty by default, and the job page then measures the step by the time it usually takes.
     */
    default java.util.OptionalDouble shareOfCurrentStep(Job job) {
        return java.util.OptionalDouble.empty();
    }

    /** The declared step of that name in {@code kind} (its label and default deadline); {@code name} itself when none. */
    default StepName declared(JobKind kind, StepName name) {
        return steps(kind).stream().filter(name::equals).findFirst().orElse(name);
    }
}

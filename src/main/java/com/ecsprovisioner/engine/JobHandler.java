package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.server.Server;

import java.time.Instant;
import java.util.Set;

/**
 * The steps of one or more job kinds, plugged into the engine: the engine claims a job, asks {@link JobHandlers} for
 * the handler of the job's kind and drives it in three moves, never naming a concrete handler itself (the way
 * db-scheduler's executor resolves a task through its resolver). A feature runs its kinds by providing a handler (a
 * CDI bean of this type). The kinds and step names themselves are still listed in the engine's {@link JobKind} and
 * {@link StepName} enums (their stored names are the database values), so a new kind still adds a constant there.
 */
public interface JobHandler {

    /** The kinds this handler runs; two handlers never claim the same kind. */
    Set<JobKind> kinds();

    /**
     * Move 1, inside the claiming transaction: starts the job and its current step (a step's client token is made
     * here, so it is committed before any call that uses it), or turns a cancel into a rollback.
     */
    void prepare(Job job, Server server, Instant now);

    /**
     * Move 2, outside any transaction: the current step's calls. {@code job} and {@code server} are only read (they
     * may be detached copies); {@code seen} answers the waits (batched by the sweep, or direct). A bootstrap-only job
     * gets no cloud.
     */
    Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now);

    /**
     * Whether a failed job of this kind fails its server too (the default); a kind may leave the server's status as
     * it was, so that only its job shows the failure.
     */
    default boolean failureReachesServer(JobKind kind) {
        return true;
    }

    /** A failed job runs again (from its failed step, or its rollback again): asked by a person, in a transaction. */
    void retry(Job job, Server server, Instant now);
}

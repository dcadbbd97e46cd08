package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.Job;

/**
 * Where the lifecycle's handler finds a job's {@link LifecycleAction}: the database in the container
 * ({@link StoredLifecycleActions}), a map in tests that run the engine without one. The handler reads while it calls
 * the cloud (outside any transaction) and changes only inside the write-back's transaction, in its outcomes.
 */
public interface LifecycleActions {

    /** The job's details as they are now, for reading; empty ones when none were kept. */
    LifecycleAction read(Job job);

    /** The job's details to change, inside the transaction that writes the job back; made when none were kept. */
    LifecycleAction change(Job job);
}

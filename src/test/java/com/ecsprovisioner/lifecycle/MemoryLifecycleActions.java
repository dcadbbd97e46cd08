package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.engine.Job;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The lifecycle actions' details for tests that run the engine on jobs kept in memory (no ids): by the job object
 * itself, as {@link StoredLifecycleActions} keeps them by the job's id in the database.
 */
public final class MemoryLifecycleActions implements LifecycleActions {

    private final Map<Job, LifecycleAction> kept = Collections.synchronizedMap(new IdentityHashMap<>());

    /** What the boundary persists with a request's job; answers the job. */
    public Job keep(LifecycleRequests.Requested requested) {
        kept.put(requested.job(), requested.action());
        return requested.job();
    }

    @Override
    public LifecycleAction read(Job job) {
        LifecycleAction a = kept.get(job);
        return a == null ? LifecycleAction.none(job.getId() == null ? 0 : job.getId()) : a;
    }

    @Override
    public LifecycleAction change(Job job) {
        return kept.computeIfAbsent(job, j -> LifecycleAction.none(j.getId() == null ? 0 : j.getId()));
    }
}

package com.ecsprovisioner.engine;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Which handler runs which job kind: built once from every {@link JobHandler} the application provides. */
public final class JobHandlers {

    private final Map<JobKind, JobHandler> byKind = new EnumMap<>(JobKind.class);

    public JobHandlers(Collection<? extends JobHandler> handlers) {
        for (JobHandler h : handlers) {
            for (JobKind kind : h.kinds()) {
                JobHandler before = byKind.put(kind, h);
                if (before != null && before != h) {
                    throw new IllegalStateException("Two handlers run " + kind + " jobs: " + before.getClass().getSimpleName()
                            + " and " + h.getClass().getSimpleName());
                }
            }
        }
    }

    public static JobHandlers of(JobHandler... handlers) {
        return new JobHandlers(List.of(handlers));
    }

    /** The handler of a job's kind; a kind nobody runs is a wiring error, not a job's failure. */
    public JobHandler forKind(JobKind kind) {
        JobHandler h = byKind.get(kind);
        if (h == null) {
            throw new IllegalStateException("No handler runs " + kind + " jobs");
        }
        return h;
    }

    public JobHandler forJob(Job job) {
        return forKind(job.getKind());
    }
}

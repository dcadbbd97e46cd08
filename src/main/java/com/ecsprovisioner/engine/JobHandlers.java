package com.ecsprovisioner.engine;

import com.ecsprovisioner.server.IllegalTransition;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which handler runs which job kind: built once from every {@link JobHandler} the application provides (CDI finds
 * them; nothing registers itself when its class is loaded). A kind is looked up by its name.
 */
public final class JobHandlers {

    private final Map<JobKind, JobHandler> byKind = new HashMap<>();

    public JobHandlers(Collection<? extends JobHandler> handlers) {
        for (JobHandler h : handlers) {
            for (JobKind kind : h.kinds()) {
                if (h.steps(kind).isEmpty()) {
                    throw new IllegalStateException(h.getClass().getSimpleName() + " declares no steps for " + kind + " jobs");
                }
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

    /** The handler of a kind, if any handler declares it (a kind read from the database may be one no longer run). */
    public Optional<JobHandler> find(JobKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** The handler of a kind; a kind nobody runs is a wiring error, not a job's failure. */
    public JobHandler forKind(JobKind kind) {
        return find(kind).orElseThrow(() -> new IllegalStateException("No handler runs " + kind + " jobs"));
    }

    public JobHandler forJob(Job job) {
        return forKind(job.getKind());
    }

    /**
     * Asks a queued or running job to stop and delete what it created, if its kind's handler lets it be cancelled;
     * a job of another kind (a lifecycle action finishes or fails within its deadline) is refused.
     */
    public void requestCancel(Job job, Instant now) {
        if (!find(job.getKind()).map(h -> h.cancellable(job.getKind())).orElse(false)) {
            throw new IllegalTransition("job " + job.getId(), job.getState(), "cancel a " + job.getKind().label().toLowerCase(Locale.ROOT) + " job");
        }
        job.rollback().requestCancel(now);
    }

    /** Whether some handler runs jobs of this kind. */
    public boolean runs(JobKind kind) {
        return byKind.containsKey(kind);
    }
}

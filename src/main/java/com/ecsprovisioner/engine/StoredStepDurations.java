package com.ecsprovisioner.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How long each step usually takes, learned from the database: the median of started-to-finished of the most recent
 * finished steps of that name in succeeded jobs (a failed job's steps say more about the failure than about the
 * cloud). Kept in memory and read again every {@link #REFRESH}, so that a wait costs no query; the clouds' times
 * drift over hours, not seconds. Every node learns the same from the same database.
 */
@ApplicationScoped
public class StoredStepDurations implements UsualDurations {

    /** How often the durations are read again: cheap (one query of at most {@link #SAMPLES} rows), rarely stale. */
    static final Duration REFRESH = Duration.ofMinutes(5);
    /** The most recent finished steps read: enough for a stable median of every step, small enough to read at once. */
    static final int SAMPLES = 2000;
    /** Fewer finished steps than this teach nothing yet (one slow first deployment would set the window). */
    static final int MIN_SAMPLES = 3;

    private static final Logger LOG = Logger.getLogger(StoredStepDurations.class.getName());

    @PersistenceContext
    EntityManager em;

    Clock clock = Clock.systemUTC();

    private volatile Map<String, Duration> usual = Map.of();
    private volatile Instant readAt = Instant.MIN;

    @Override
    public Optional<Duration> of(StepName step) {
        Instant now = clock.instant();
        if (readAt.plus(REFRESH).isBefore(now)) {
            refresh(now);
        }
        return Optional.ofNullable(usual.get(step.name()));
    }

    private synchronized void refresh(Instant now) {
        if (!readAt.plus(REFRESH).isBefore(now)) {
            return;
        }
        // Read again after REFRESH even when this read fails: a database that is away slows no wait.
        readAt = now;
        try {
            List<Object[]> rows = em.createQuery("SELECT s.name, s.startedAt, s.finishedAt FROM JobStep s"
                            + " WHERE s.status = :done AND s.job.state = :succeeded AND s.startedAt IS NOT NULL"
                            + " AND s.finishedAt IS NOT NULL ORDER BY s.finishedAt DESC", Object[].class)
                    .setParameter("done", StepStatus.DONE).setParameter("succeeded", JobState.SUCCEEDED)
                    .setMaxResults(SAMPLES).getResultList();
            usual = medians(rows);
        } catch (PersistenceException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Could not read how long steps usually take; the waits keep what they knew", e);
        }
    }

    /** Rows of (step name, started at, finished at): the median duration of each name seen at least MIN_SAMPLES times. */
    public static Map<String, Duration> medians(List<Object[]> rows) {
        Map<String, List<Duration>> byName = new HashMap<>();
        for (Object[] row : rows) {
            Duration took = Duration.between((Instant) row[1], (Instant) row[2]);
            if (!took.isNegative()) {
                byName.computeIfAbsent((String) row[0], n -> new ArrayList<>()).add(took);
            }
        }
        Map<String, Duration> medians = new HashMap<>();
        byName.forEach((name, took) -> {
            if (took.size() >= MIN_SAMPLES) {
                took.sort(null);
                medians.put(name, took.get(took.size() / 2));
            }
        });
        return Map.copyOf(medians);
    }
}

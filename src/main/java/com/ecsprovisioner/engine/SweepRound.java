package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What one sweep does with the jobs due now, as plain Java ({@link JobSweep} runs it on its timer; a benchmark runs
 * the same on its own): jobs waiting on the cloud are looked at with one describe call per kind per account and
 * region, and advanced here; the others, when their own "advance" message seems lost, get another so that the
 * consumers share the work.
 */
public final class SweepRound {

    private static final Logger LOG = Logger.getLogger(SweepRound.class.getName());

    /** How the sweep moves one job with its batch of looks ({@link JobTurns#advance}). */
    @FunctionalInterface
    public interface Advance {
        int advance(long jobId, CloudObservations batched);
    }

    /**
     * A due job that is not a look at the cloud has an "advance" message of its own (sent when it was made due, or its
     * wake-up); the sweep sends another only once that one seems lost, the job due this long, and then at most once
     * per this interval ({@link Resends}). Sooner, every sweep (four a second) would add a duplicate for each job still
     * waiting in the consumers' queue under a backlog.
     */
    static final Duration LOST_AFTER = Duration.ofSeconds(5);

    private final JobHandlers handlers;
    private final BiFunction<Long, String, CloudRegion> clouds;
    private final Consumer<List<Long>> requeue;
    private final Advance advance;
    private final Resends resends;

    /**
     * @param clouds  the cloud of a profile (by id) in a region
     * @param requeue sends "advance" for each job, for the consumers
     * @param resends what this node sent again in earlier rounds (one for the node, kept between rounds)
     */
    public SweepRound(JobHandlers handlers, BiFunction<Long, String, CloudRegion> clouds, Consumer<List<Long>> requeue,
                      Advance advance, Resends resends) {
        this.handlers = Objects.requireNonNull(handlers);
        this.clouds = Objects.requireNonNull(clouds);
        this.requeue = Objects.requireNonNull(requeue);
        this.advance = Objects.requireNonNull(advance);
        this.resends = Objects.requireNonNull(resends);
    }

    /** @param due the jobs due now, read completely */
    public void run(List<Job> due) {
        run(due, () -> false);
    }

    /**
     * @param due     the jobs due now, read completely
     * @param stopped whether to stop between jobs (the application ends): what is left is due at a later sweep
     */
    public void run(List<Job> due, BooleanSupplier stopped) {
        Instant now = Instant.now();
        Instant lostBefore = now.minus(LOST_AFTER);
        // By account and region: one batched look per region, since a profile's servers may be in several.
        Map<DeploymentTargets.AccountRegion, List<Job>> byRegion = new LinkedHashMap<>();
        for (Job job : due) {
            byRegion.computeIfAbsent(new DeploymentTargets.AccountRegion(job.getProfileId(), job.plan().regionId()),
                    p -> new ArrayList<>()).add(job);
        }
        for (Map.Entry<DeploymentTargets.AccountRegion, List<Job>> region : byRegion.entrySet()) {
            if (stopped.getAsBoolean()) {
                return;
            }
            sweepProfile(region.getKey().profileId(), region.getKey().regionId(), region.getValue(), now, lostBefore,
                    stopped);
        }
    }

    private void sweepProfile(long profileId, String regionId, List<Job> jobs, Instant now, Instant lostBefore,
                              BooleanSupplier stopped) {
        List<Job> waiting = jobs.stream().filter(j -> CloudObservations.waitsOnCloud(j, handlers)).toList();
        List<Long> others = jobs.stream().filter(j -> !CloudObservations.waitsOnCloud(j, handlers))
                .filter(j -> j.getNextRunAt() == null || j.getNextRunAt().isBefore(lostBefore)).map(Job::getId).toList();
        List<Long> again = resends.due(others, now, LOST_AFTER);
        if (!again.isEmpty()) {
            try {
                requeue.accept(again);
            } catch (RuntimeException e) {
                // Not sent: the next sweep tries them again, and this one still looks at the cloud for the others.
                resends.forget(again);
                LOG.log(Level.WARNING, "Jobs " + again + " could not be sent to the consumers; the next sweep tries again",
                        e);
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        CloudRegion cloud;
        try {
            cloud = clouds.apply(profileId, regionId);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Jobs of provider profile " + profileId + " wait: " + e.getMessage());
            return;
        }
        CloudObservations seen = CloudObservations.batchedFor(cloud, waiting, handlers);
        for (Job job : waiting) {
            if (stopped.getAsBoolean()) {
                return;
            }
            try {
                advance.advance(job.getId(), seen);
            } catch (CloudException e) {
                LOG.warning(() -> "Job " + job.getId() + ": " + e.describe());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Job " + job.getId() + " could not be advanced; its claim runs out and it is tried again", e);
            }
        }
    }
}

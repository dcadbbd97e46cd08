package com.ecsprovisioner.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which "advance" message a job gets when a step's outcome is written back. The sweep looks only every
 * {@code ecs.provisioning.sweep} ({@link ProvisioningSettings#sweep()}), so a wait left to it ends at the sweep's next
 * tick, on average half a period late, and a deployment has several waits. A job whose next run is not a look at the
 * cloud (a bootstrap's next look at its log, an SSH probe or a call tried again after a back-off) gets a message
 * delivered when its wait ends. A job about to
 * look at the cloud is left to the sweep, which looks for every such job of an account and region with one describe
 * call. Messages only wake: the database still says whether the job is due, and the sweep still finds any job whose
 * message was lost.
 */
public final class Wakes {

    /**
     * Delivered this much after the job's due time, so that a node whose clock runs a little behind the writer's does
     * not find the job not due yet and drop its wake-up to the sweep.
     */
    static final Duration MARGIN = Duration.ofMillis(25);

    private Wakes() {
    }

    /**
     * @param job      the job just written back, at {@code now}
     * @param handOver whether a job due at once is to go to a consumer (the sweep's turn; a consumer's goes on itself)
     * @return after how long the job's "advance" message is to be delivered; empty when it needs none
     */
    public static Optional<Duration> after(Job job, Instant now, boolean handOver, JobHandlers handlers) {
        if (!job.getState().isActive() || job.getNextRunAt() == null) {
            return Optional.empty();
        }
        if (!job.getNextRunAt().isAfter(now)) {
            return handOver ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        if (CloudObservations.waitsOnCloud(job, handlers)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, job.getNextRunAt()).plus(MARGIN));
    }
}

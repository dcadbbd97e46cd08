package com.ecsprovisioner.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How far a job is and how long it has left, from its own steps and from what the same steps took in earlier
 * finished jobs of its kind. A step's weight is its typical duration, so a bootstrap that takes nine tenths of a
 * deployment also takes nine tenths of its bar (weighted equally, the bar sat at 88% for most of the run). Inside the
 * running step the job's handler may say how far it got (the bootstrap's script steps); otherwise the time spent is
 * compared with the typical time, never reaching the step's end before it does.
 */
public final class JobTiming {

    /** The share of a running step that time alone may claim: the rest waits for the step to say it is done. */
    static final double TIME_CAP = 0.9;
    /** A step without history counts as this long, so that it still has a place in the bar. */
    static final Duration UNKNOWN_STEP = Duration.ofSeconds(10);

    private final Job job;
    private final Map<String, Duration> typical;
    private final int pastRuns;
    private final OptionalDouble withinCurrent;
    private final Instant now;

    /**
     * @param typical       a step's name to the median time it took in earlier succeeded jobs of the kind
     * @param pastRuns      how many earlier jobs those medians come from
     * @param withinCurrent how much of the running step is done (0..1), as its handler tells; empty when it cannot
     */
    public JobTiming(Job job, Map<String, Duration> typical, int pastRuns, OptionalDouble withinCurrent, Instant now) {
        this.job = job;
        this.typical = Map.copyOf(typical);
        this.pastRuns = pastRuns;
        this.withinCurrent = withinCurrent;
        this.now = now;
    }

    /** The median duration of each step that finished in {@code past} (earlier succeeded jobs of one kind). */
    public static Map<String, Duration> typicalSteps(List<Job> past) {
        Map<String, List<Duration>> seen = new HashMap<>();
        for (Job earlier : past) {
            for (JobStep step : earlier.getSteps()) {
                if (step.getStatus() == StepStatus.DONE && step.getStartedAt() != null && step.getFinishedAt() != null) {
                    seen.computeIfAbsent(step.getName().name(), n -> new ArrayList<>())
                            .add(Duration.between(step.getStartedAt(), step.getFinishedAt()));
                }
            }
        }
        Map<String, Duration> medians = new HashMap<>();
        seen.forEach((name, durations) -> {
            durations.sort(null);
            int n = durations.size();
            medians.put(name, n % 2 == 1 ? durations.get(n / 2) : durations.get(n / 2 - 1).plus(durations.get(n / 2)).dividedBy(2));
        });
        return medians;
    }

    /** Percent done, 0..100; 100 only when the job succeeded. */
    public int percent() {
        if (job.getState() == JobState.SUCCEEDED) {
            return 100;
        }
        double total = 0;
        double done = 0;
        for (JobStep step : job.getSteps()) {
            double weight = weight(step);
            total += weight;
            if (step.getStatus().isSettled()) {
                done += weight;
            } else if (step.getStatus() == StepStatus.RUNNING || step.getStatus() == StepStatus.WAITING) {
                done += weight * shareOfRunning(step);
            }
        }
        return total == 0 ? 0 : (int) Math.min(99, Math.floor(100 * done / total));
    }

    private double weight(JobStep step) {
        if (step.getStatus() == StepStatus.SKIPPED) {
            return 0;
        }
        return typical.getOrDefault(step.getName().name(), UNKNOWN_STEP).toMillis();
    }

    private double shareOfRunning(JobStep step) {
        if (withinCurrent.isPresent() && step.getName().equals(job.getCurrentStep())) {
            return Math.max(0, Math.min(1, withinCurrent.getAsDouble()));
        }
        Duration usual = typical.get(step.getName().name());
        if (usual == null || usual.isZero() || step.getStartedAt() == null) {
            return 0;
        }
        return Math.min(TIME_CAP, (double) Duration.between(step.getStartedAt(), now).toMillis() / usual.toMillis());
    }

    /** From the job's first step's start (or its creation) to its end, or to now while it runs. */
    public Duration elapsed() {
        Instant start = job.getSteps().stream().map(JobStep::getStartedAt).filter(t -> t != null).min(Instant::compareTo)
                .orElse(job.getCreatedAt());
        Instant end = job.getFinishedAt() != null && !job.getState().isActive() ? job.getFinishedAt() : now;
        return end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
    }

    /** What a whole job of this kind usually takes (the sum of its steps' medians); empty without history. */
    public Optional<Duration> typicalTotal() {
        if (pastRuns == 0) {
            return Optional.empty();
        }
        return Optional.of(job.getSteps().stream().filter(s -> s.getStatus() != StepStatus.SKIPPED)
                .map(s -> typical.getOrDefault(s.getName().name(), Duration.ZERO)).reduce(Duration.ZERO, Duration::plus));
    }

    /**
     * About how long an active job still needs: the typical time of its steps not yet settled, less what the running
     * one has already spent. Empty without history, or when the job is not active.
     */
    public Optional<Duration> remaining() {
        if (pastRuns == 0 || !job.getState().isActive()) {
            return Optional.empty();
        }
        Duration left = Duration.ZERO;
        for (JobStep step : job.getSteps()) {
            if (step.getStatus().isSettled()) {
                continue;
            }
            Duration usual = typical.getOrDefault(step.getName().name(), Duration.ZERO);
            if (step.getStartedAt() != null && step.getFinishedAt() == null) {
                Duration spent = Duration.between(step.getStartedAt(), now);
                usual = usual.compareTo(spent) > 0 ? usual.minus(spent) : Duration.ZERO;
            }
            left = left.plus(usual);
        }
        return Optional.of(left);
    }

    public int pastRuns() {
        return pastRuns;
    }
}

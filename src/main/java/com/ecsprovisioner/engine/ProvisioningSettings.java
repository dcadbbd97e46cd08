package com.ecsprovisioner.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine's timing. Every value can be set through MicroProfile Config (keys below, ISO-8601 durations such as
 * {@code PT10M}); the defaults are close to what Alibaba Cloud needs:
 * <ul>
 * <li>{@code ecs.provisioning.deadline.<step>} — how long a step may take, retries included, before the job fails
 *     at it. Steps in lower case, e.g. {@code ssh} or {@code os_reboot}; each feature declares its steps with their
 *     default deadlines ({@code DeploymentJobs}, {@code LifecycleKinds}).</li>
 * <li>{@code ecs.provisioning.deadline.rollback} — 30 min for the whole rollback (instances take minutes to
 *     release, and their network cannot go before).</li>
 * <li>{@code ecs.provisioning.retry.first} 2 s, {@code .retry.max} 60 s — back-off after a transient error: doubles
 *     per attempt up to the maximum, with jitter (a random half to whole of the delay) so that many jobs throttled
 *     together do not come back together.</li>
 * <li>{@code ecs.provisioning.poll.network} 2 s, {@code .poll.instance} 5 s, {@code .poll.ssh} 5 s — first look
 *     after a create or between two looks at something the cloud is still preparing (growing 1.5× per look, up to
 *     {@code .poll.max} 30 s).</li>
 * <li>{@code ecs.provisioning.poll.near} 0.25 s — the interval between looks around the time a step usually takes
 *     ({@link UsualDurations}, learned from finished steps of the same name): before that window one look at its
 *     start, beyond it the growing interval above; inside it a fortieth of the usual time when that is longer (a step
 *     of minutes is looked at about once a second). {@code PT0S} turns the window off (the growing interval only).
 *     Looks at the cloud that the sweep batches (per account, region and kind at its tick) cost Describe calls per
 *     region, at most one per kind per tick, not per server; every look also claims and writes back its job. Waits
 *     the sweep does not batch (the SSH probe, snapshots), each of whose looks is the job's own message and call, are
 *     looked at no more than once a second ({@code StepOutcomes.UNBATCHED_NEAR}).</li>
 * <li>{@code ecs.provisioning.sweep} 0.25 s — the period of the job sweep, which makes those batched looks and finds
 *     jobs whose message was lost: a look waits for its tick, so the period is the grain of every wait on the
 *     cloud.</li>
 * <li>{@code ecs.provisioning.poll.bootstrap} 5 s — the interval between looks at running bootstrap scripts before
 *     their last step: how fresh a bootstrap's job log is kept, and how soon a script that fails early is seen. Each
 *     look is a turn of the job (a claim, two commands over the SSH connection kept between looks, a write-back), so
 *     a shorter interval costs every deployment's steps consumer time when many bootstraps run at once.</li>
 * <li>{@code ecs.provisioning.poll.bootstrap-end} 0.5 s — the interval between looks while the scripts' last declared
 *     step runs or is about to begin, when a run that succeeds ends, and while the bootstrap is within
 *     {@code poll.bootstrap} of the time a bootstrap usually takes; twice that while the step before the last runs
 *     ({@code PT0S}: {@code poll.bootstrap} throughout).</li>
 * <li>{@code ecs.provisioning.ssh-timeout} 3 s — TCP connect time-out of the "SSH answers" check.</li>
 * <li>{@code ecs.provisioning.lease} 2 min — how long a claim on a job holds; a node that dies while holding it
 *     delays that job by at most this.</li>
 * </ul>
 */
public record ProvisioningSettings(Map<String, Duration> stepDeadlines, Duration rollbackDeadline,
                                   Duration retryFirst, Duration retryMax, Duration pollNetwork, Duration pollInstance,
                                   Duration pollSsh, Duration pollMax, Duration pollNear, Duration pollBootstrap,
                                   Duration pollBootstrapEnd, Duration sweep, Duration sshTimeout, Duration lease) {

    public static final String PREFIX = "ecs.provisioning.";

    private static final String DEADLINE = "deadline.";

    /** {@code stepDeadlines}: the configured deadlines by step name (lower case); a step not there keeps its own. */
    public ProvisioningSettings {
        stepDeadlines = Map.copyOf(stepDeadlines);
    }

    public static ProvisioningSettings defaults() {
        return from(key -> Optional.empty(), List.of());
    }

    /**
     * Reads the keys documented above through {@code setting} (a config lookup); a bad value names its key. The
     * steps' deadlines are read from those of {@code names} (every configured key) under {@code deadline.}: the engine
     * names no step, each feature declares its steps with their default deadlines.
     */
    public static ProvisioningSettings from(Function<String, Optional<String>> setting, Iterable<String> names) {
        Map<String, Duration> deadlines = new HashMap<>();
        for (String key : names) {
            if (key.startsWith(PREFIX + DEADLINE) && !key.equals(PREFIX + DEADLINE + "rollback")) {
                String step = key.substring((PREFIX + DEADLINE).length());
                deadlines.put(step.toLowerCase(Locale.ROOT), duration(setting, DEADLINE + step, null));
            }
        }
        deadlines.values().removeIf(Objects::isNull);
        return new ProvisioningSettings(deadlines,
                duration(setting, "deadline.rollback", Duration.ofMinutes(30)),
                duration(setting, "retry.first", Duration.ofSeconds(2)),
                duration(setting, "retry.max", Duration.ofSeconds(60)),
                duration(setting, "poll.network", Duration.ofSeconds(2)),
                duration(setting, "poll.instance", Duration.ofSeconds(5)),
                duration(setting, "poll.ssh", Duration.ofSeconds(5)),
                duration(setting, "poll.max", Duration.ofSeconds(30)),
                duration(setting, "poll.near", Duration.ofMillis(250)),
                duration(setting, "poll.bootstrap", Duration.ofSeconds(5)),
                duration(setting, "poll.bootstrap-end", Duration.ofMillis(500)),
                positive(setting, "sweep", Duration.ofMillis(250)),
                duration(setting, "ssh-timeout", Duration.ofSeconds(3)),
                duration(setting, "lease", Duration.ofMinutes(2)));
    }

    /**
     * How long {@code step} may take: the configured value, or the step's declared default. A step read back from the
     * database carries no default: pass its declaration ({@link JobHandler#declared}).
     */
    public Duration deadline(StepName step) {
        Duration configured = stepDeadlines.get(step.name().toLowerCase(Locale.ROOT));
        if (configured != null) {
            return configured;
        }
        return step.defaultDeadline().orElseThrow(() -> new IllegalArgumentException("step " + step
                + " has no declared deadline: pass the handler's declaration of it"));
    }

    /**
     * The same settings with the cloud steps' waits replaced (tests and benchmarks with an instant cloud); the
     * bootstrap's pace and the sweep's period are kept.
     */
    public ProvisioningSettings withWaits(Duration retryFirst, Duration retryMax, Duration poll) {
        return new ProvisioningSettings(stepDeadlines, rollbackDeadline, retryFirst, retryMax, poll, poll, poll,
                pollMax.compareTo(poll) < 0 ? poll : pollMax, pollNear.compareTo(poll) > 0 ? poll : pollNear, pollBootstrap,
                pollBootstrapEnd, sweep, sshTimeout, lease);
    }

    /** The same settings with another interval around a step's usual time (zero: the growing interval only). */
    public ProvisioningSettings withPollNear(Duration near) {
        return new ProvisioningSettings(stepDeadlines, rollbackDeadline, retryFirst, retryMax, pollNetwork, pollInstance,
                pollSsh, pollMax, near, pollBootstrap, pollBootstrapEnd, sweep, sshTimeout, lease);
    }

    public ProvisioningSettings withDeadline(StepName step, Duration deadline) {
        Map<String, Duration> changed = new HashMap<>(stepDeadlines);
        changed.put(step.name().toLowerCase(Locale.ROOT), deadline);
        return new ProvisioningSettings(changed, rollbackDeadline, retryFirst, retryMax, pollNetwork, pollInstance,
                pollSsh, pollMax, pollNear, pollBootstrap, pollBootstrapEnd, sweep, sshTimeout, lease);
    }

    /** A period: zero would be a timer without pause (and the timer's grain is a millisecond). */
    private static Duration positive(Function<String, Optional<String>> setting, String key, Duration fallback) {
        Duration d = duration(setting, key, fallback);
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException(PREFIX + key + " must be at least a millisecond, such as PT0.25S, not \""
                    + setting.apply(PREFIX + key).orElse("") + "\"");
        }
        return d;
    }

    private static Duration duration(Function<String, Optional<String>> setting, String key, Duration fallback) {
        Optional<String> value = setting.apply(PREFIX + key);
        if (value.isEmpty() || value.get().isBlank()) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(value.get().trim());
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be an ISO-8601 duration such as PT30S or PT10M, not \""
                    + value.get() + "\"", e);
        }
    }
}

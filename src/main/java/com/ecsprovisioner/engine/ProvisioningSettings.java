package com.ecsprovisioner.engine;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine's timing. Every value can be set through MicroProfile Config (keys below, ISO-8601 durations such as
 * {@code PT10M}); the defaults are close to what Alibaba Cloud needs:
 * <ul>
 * <li>{@code ecs.provisioning.deadline.<step>} — how long a step may take, retries included, before the job fails
 *     at it. Steps in lower case: {@code zone} 2 min, {@code vpc} 5 min, {@code vswitch} 5 min,
 *     {@code security_group} 3 min, {@code ingress_rules} 3 min, {@code instance} 10 min (RunInstances, throttling
 *     included), {@code running} 10 min (Pending to Running and a public IP take 1–3 min), {@code ssh} 10 min (the
 *     image's first boot); lifecycle steps likewise, e.g. {@code os_reboot} 2 min (an OS asked to reboot over SSH
 *     must go down within it, or the hard reboot takes over) and {@code os_back} 10 min (it must answer SSH again).</li>
 * <li>{@code ecs.provisioning.deadline.rollback} — 30 min for the whole rollback (instances take minutes to
 *     release, and their network cannot go before).</li>
 * <li>{@code ecs.provisioning.retry.first} 2 s, {@code .retry.max} 60 s — back-off after a transient error: doubles
 *     per attempt up to the maximum, with jitter (a random half to whole of the delay) so that many jobs throttled
 *     together do not come back together.</li>
 * <li>{@code ecs.provisioning.poll.network} 2 s, {@code .poll.instance} 5 s, {@code .poll.ssh} 5 s — first look
 *     after a create or between two looks at something the cloud is still preparing (growing 1.5× per look, up to
 *     {@code .poll.max} 30 s).</li>
 * <li>{@code ecs.provisioning.ssh-timeout} 3 s — TCP connect time-out of the "SSH answers" check.</li>
 * <li>{@code ecs.provisioning.lease} 2 min — how long a claim on a job holds; a node that dies while holding it
 *     delays that job by at most this.</li>
 * </ul>
 */
public record ProvisioningSettings(Map<StepName, Duration> stepDeadlines, Duration rollbackDeadline,
                                   Duration retryFirst, Duration retryMax, Duration pollNetwork, Duration pollInstance,
                                   Duration pollSsh, Duration pollMax, Duration sshTimeout, Duration lease) {

    public static final String PREFIX = "ecs.provisioning.";

    public ProvisioningSettings {
        stepDeadlines = Map.copyOf(stepDeadlines);
        for (StepName step : StepName.values()) {
            if (!stepDeadlines.containsKey(step)) {
                throw new IllegalArgumentException("No deadline for step " + step);
            }
        }
    }

    public static ProvisioningSettings defaults() {
        return from(key -> Optional.empty());
    }

    /** Reads the keys documented above through {@code setting} (a config lookup); a bad value names its key. */
    public static ProvisioningSettings from(Function<String, Optional<String>> setting) {
        Map<StepName, Duration> defaults = new EnumMap<>(StepName.class);
        defaults.put(StepName.ZONE, Duration.ofMinutes(2));
        defaults.put(StepName.VPC, Duration.ofMinutes(5));
        defaults.put(StepName.VSWITCH, Duration.ofMinutes(5));
        defaults.put(StepName.SECURITY_GROUP, Duration.ofMinutes(3));
        defaults.put(StepName.INGRESS_RULES, Duration.ofMinutes(3));
        defaults.put(StepName.INSTANCE, Duration.ofMinutes(10));
        defaults.put(StepName.RUNNING, Duration.ofMinutes(10));
        defaults.put(StepName.SSH, Duration.ofMinutes(10));
        // Package installs on a small instance behind a slow mirror take a while; the scripts' own steps bound each command.
        defaults.put(StepName.BOOTSTRAP, Duration.ofMinutes(45));
        // Lifecycle steps: the instance changes state within a few minutes; a snapshot of a large disk takes longer.
        defaults.put(StepName.STOP_INSTANCE, Duration.ofMinutes(10));
        defaults.put(StepName.CHANGE_TYPE, Duration.ofMinutes(5));
        defaults.put(StepName.START_INSTANCE, Duration.ofMinutes(10));
        defaults.put(StepName.REBOOT_INSTANCE, Duration.ofMinutes(10));
        // A soft reboot: an OS asked to reboot closes SSH within seconds (services stop first); one that still answers
        // with the same boot id after 2 min ignored it, and the hard reboot takes over. Booting again takes longer.
        defaults.put(StepName.OS_REBOOT, Duration.ofMinutes(2));
        defaults.put(StepName.OS_BACK, Duration.ofMinutes(10));
        defaults.put(StepName.CREATE_SNAPSHOT, Duration.ofMinutes(60));
        defaults.put(StepName.DELETE_INSTANCE, Duration.ofMinutes(15));
        defaults.put(StepName.DELETE_NETWORK, Duration.ofMinutes(15));
        Map<StepName, Duration> deadlines = new EnumMap<>(StepName.class);
        for (StepName step : StepName.values()) {
            deadlines.put(step, duration(setting, "deadline." + step.name().toLowerCase(), defaults.get(step)));
        }
        return new ProvisioningSettings(deadlines,
                duration(setting, "deadline.rollback", Duration.ofMinutes(30)),
                duration(setting, "retry.first", Duration.ofSeconds(2)),
                duration(setting, "retry.max", Duration.ofSeconds(60)),
                duration(setting, "poll.network", Duration.ofSeconds(2)),
                duration(setting, "poll.instance", Duration.ofSeconds(5)),
                duration(setting, "poll.ssh", Duration.ofSeconds(5)),
                duration(setting, "poll.max", Duration.ofSeconds(30)),
                duration(setting, "ssh-timeout", Duration.ofSeconds(3)),
                duration(setting, "lease", Duration.ofMinutes(2)));
    }

    public Duration deadline(StepName step) {
        return stepDeadlines.get(step);
    }

    /** The same settings with every wait and deadline replaced (tests and benchmarks with an instant cloud). */
    public ProvisioningSettings withWaits(Duration retryFirst, Duration retryMax, Duration poll) {
        return new ProvisioningSettings(stepDeadlines, rollbackDeadline, retryFirst, retryMax, poll, poll, poll,
                pollMax.compareTo(poll) < 0 ? poll : pollMax, sshTimeout, lease);
    }

    public ProvisioningSettings withDeadline(StepName step, Duration deadline) {
        Map<StepName, Duration> changed = new EnumMap<>(stepDeadlines);
        changed.put(step, deadline);
        return new ProvisioningSettings(changed, rollbackDeadline, retryFirst, retryMax, pollNetwork, pollInstance,
                pollSsh, pollMax, sshTimeout, lease);
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

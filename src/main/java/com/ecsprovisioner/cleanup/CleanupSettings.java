package com.ecsprovisioner.cleanup;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The global clean-up settings, read through MicroProfile Config (ISO-8601 durations such as {@code P7D}, or
 * {@code off}); a profile may set its own grace periods on the Clean-up page ({@link GracePeriods}):
 * <ul>
 * <li>{@code ecs.cleanup.grace.network} — 7 days: how long a VPC, vSwitch or security group stays an orphan before it
 *     is deleted by itself (a week leaves time to notice a server deleted by mistake and keep its network).</li>
 * <li>{@code ecs.cleanup.grace.instance} — off: an orphaned instance may hold data nobody else has, so it is listed
 *     but deleted by itself only when an operator turns this on.</li>
 * <li>{@code ecs.cleanup.look-every} — 10 min between two looks at a profile's account (one describe per kind).</li>
 * <li>{@code ecs.cleanup.lease} — 5 min: how long a node's claim on a profile's look holds (a node that dies while
 *     looking delays that profile's next look by at most this).</li>
 * </ul>
 *
 * @param networkGrace empty: network orphans are never deleted by themselves
 * @param instanceGrace empty: orphaned instances are never deleted by themselves
 */
public record CleanupSettings(Optional<Duration> networkGrace, Optional<Duration> instanceGrace, Duration lookEvery,
                              Duration lease) {

    public static final String PREFIX = "ecs.cleanup.";

    public static CleanupSettings defaults() {
        return from(key -> Optional.empty());
    }

    /** Reads the keys above through {@code setting} (a config lookup); a bad value names its key. */
    public static CleanupSettings from(Function<String, Optional<String>> setting) {
        return new CleanupSettings(grace(setting, "grace.network", Optional.of(Duration.ofDays(7))),
                grace(setting, "grace.instance", Optional.empty()),
                duration(setting, "look-every", Duration.ofMinutes(10)), duration(setting, "lease", Duration.ofMinutes(5)));
    }

    private static Optional<Duration> grace(Function<String, Optional<String>> setting, String key, Optional<Duration> otherwise) {
        Optional<String> value = setting.apply(PREFIX + key).map(String::strip);
        if (value.isEmpty()) {
            return otherwise;
        }
        return value.get().equalsIgnoreCase("off") ? Optional.empty() : Optional.of(parse(key, value.get()));
    }

    private static Duration duration(Function<String, Optional<String>> setting, String key, Duration otherwise) {
        return setting.apply(PREFIX + key).map(v -> parse(key, v.strip())).orElse(otherwise);
    }

    private static Duration parse(String key, String value) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative()) {
                throw new IllegalArgumentException(PREFIX + key + " must not be negative: " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(PREFIX + key + " is not an ISO-8601 duration (e.g. P7D, PT12H) or off: " + value, e);
        }
    }
}

package com.ecsprovisioner.console;

import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.NetworkPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The words pages use for the product's states and settings ({@code #{words.job(job.state)}}), so that no enum
 * name, class name or doubled label reaches a person: "rolling back", not ROLLING_BACK; a status reason that only
 * repeats the status ("active active") is not shown beside it; "Connection refused", not
 * "java.net.ConnectException: Connection refused".
 */
@Named("words")
@ApplicationScoped
public class Words {

    /** A Java class name at the start of a message or after a colon: {@code java.net.ConnectException: }. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    public String job(JobState state) {
        return state == null ? "" : lower(state.name());
    }

    /** Any state or status enum in words: {@code BOOTSTRAP_FAILED} is "bootstrap failed". */
    public String of(Enum<?> value) {
        return value == null ? "" : lower(value.name());
    }

    public String network(NetworkPolicy policy) {
        if (policy == null) {
            return "";
        }
        return switch (policy) {
            case PER_SERVER -> "a network of its own";
            case SHARED_PER_PROFILE -> "the profile's shared network";
        };
    }

    /** The reason beside a status badge, or null when it only says the badge again (ignoring case and a full stop). */
    public String besides(String badge, String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String plain = reason.strip().replaceAll("[.!]$", "");
        if (badge != null && plain.equalsIgnoreCase(badge.strip())) {
            return null;
        }
        String text = reason.strip();
        if (badge != null && text.toLowerCase(Locale.ROOT).startsWith(badge.strip().toLowerCase(Locale.ROOT) + ":")) {
            text = text.substring(badge.strip().length() + 1).strip();
        }
        return ConsoleText.neutralised(withoutClassNames(text));
    }

    /** A message as a person reads it: without the Java class names of exceptions it may carry. */
    public static String withoutClassNames(String text) {
        return text == null ? null : CLASS_NAME.matcher(text).replaceAll("");
    }

    /** "850 ms", "42 s", "3 min 05 s", "1 h 12 min". */
    public static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return d.toMillis() + " ms";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** How long a job ran, from its request to its end (or to now while it runs). */
    public String took(java.time.Instant from, java.time.Instant to) {
        return from == null ? "" : duration(Duration.between(from, to == null ? java.time.Instant.now() : to));
    }

    /**
     * A time as the page first sends it, in UTC with its zone said ("2026-12-04 22:59:24 UTC"); the console's
     * script then writes it in the viewer's own time zone (a {@code <time datetime>} element around it).
     */
    public String utc(java.time.Instant at) {
        return at == null ? "" : UTC.format(at);
    }

    private static final java.time.format.DateTimeFormatter UTC =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}

package com.ecsprovisioner.it.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a start's time went, read from the product's log: Payara's own boot, the resource adapter's deployment, the
 * WAR's deployment and Payara's figure for the whole. The same kind of machine has started the product in 14 s on
 * one day and 32 s on another; a start-up figure alone cannot say why, and these say which part grew.
 */
public final class StartupPhases {

    /** A phase's line, whose first group is its length in milliseconds (Payara's lines) or in seconds (the product's). */
    private record Phase(Pattern line, boolean seconds) {
    }

    private static final Map<String, Phase> PHASES = new LinkedHashMap<>();

    static {
        PHASES.put("Payara boot", new Phase(Pattern.compile("startup time : .*total\\(([\\d,]+)ms\\)"), false));
        PHASES.put("resource adapter", new Phase(Pattern.compile("artemis-ra was successfully deployed in ([\\d,]+) milliseconds"), false));
        PHASES.put("WAR deployment", new Phase(Pattern.compile("ecs-provisioner(?:-thin)? was successfully deployed in ([\\d,]+) milliseconds"), false));
        PHASES.put("own start-up work", new Phase(Pattern.compile("Application start-up work done in ([\\d.]+) s"), true));
        PHASES.put("Payara ready", new Phase(Pattern.compile("Payara Micro .* ready in ([\\d,]+) \\(ms\\)"), false));
    }

    private StartupPhases() {
    }

    /** Each phase found in the log, in seconds, in start-up order; a phase the log does not show is left out. */
    static Map<String, Double> read(String log) {
        Map<String, Double> found = new LinkedHashMap<>();
        PHASES.forEach((name, phase) -> {
            Matcher matcher = phase.line().matcher(log);
            if (matcher.find()) {
                found.put(name, phase.seconds() ? Double.parseDouble(matcher.group(1))
                        : Long.parseLong(matcher.group(1).replace(",", "")) / 1000.0);
            }
        });
        return found;
    }

    static String describe(Map<String, Double> phases) {
        StringBuilder text = new StringBuilder();
        phases.forEach((name, seconds) -> text.append(text.length() == 0 ? "" : ", ")
                .append(name).append(String.format(" %.1f s", seconds)));
        return text.toString();
    }
}

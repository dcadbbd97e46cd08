package com.ecsprovisioner.sandbox.ssh;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the sandbox's SSH hosts run.
 *
 * @param port              the SSH port every instance address listens on (they all share it, hence no 0 = "any")
 * @param dataFolder        where host keys are kept so that pinned keys survive a restart; {@code null} keeps
 *                          everything in memory
 * @param stepDurationScale multiplies the realistic duration of each simulated bootstrap step (1.0 = as long as on
 *                          a real server, 0.01 for fast tests, 0 = instantly)
 * @param failures          bootstrap steps that fail on purpose from the start (more can be added at run time)
 * @param seed              makes simulated durations and output repeatable
 */
public record SshHostsConfig(int port, Path dataFolder, double stepDurationScale, List<InjectedFailure> failures,
                             long seed) {

    public static final int DEFAULT_PORT = 2222;

    public SshHostsConfig {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Sandbox SSH port " + port + " is outside 1..65535"
                    + (port == 0 ? " (0 cannot work: every instance address must listen on the same, known port)" : ""));
        }
        if (!(stepDurationScale >= 0) || Double.isInfinite(stepDurationScale)) {
            throw new IllegalArgumentException("Sandbox SSH step duration scale " + stepDurationScale
                    + " must be a finite number >= 0 (1.0 = real durations, 0.01 = a hundred times faster)");
        }
        failures = List.copyOf(Objects.requireNonNull(failures, "failures (use an empty list)"));
    }

    /** Port 2222, memory only, real durations, no failures. */
    public static SshHostsConfig defaults() {
        return new SshHostsConfig(DEFAULT_PORT, null, 1.0, List.of(), 0L);
    }

    /**
     * Reads a configuration from string settings (system properties, MicroProfile Config, a properties file), each
     * optional: {@code port}, {@code dataFolder}, {@code stepDurationScale}, {@code failures} (comma-separated
     * {@code instanceId:stepId:exitCode}) and {@code seed}, looked up with the given prefix, e.g.
     * {@code "sandbox.ssh."}.
     *
     * @throws IllegalArgumentException naming the setting whose value is wrong
     */
    public static SshHostsConfig fromSettings(Function<String, String> settings, String prefix) {
        SshHostsConfig config = defaults();
        String port = setting(settings, prefix, "port");
        if (port != null) {
            config = config.withPort(number(prefix + "port", port, Integer::parseInt));
        }
        String folder = setting(settings, prefix, "dataFolder");
        if (folder != null) {
            config = config.withDataFolder(Path.of(folder));
        }
        String scale = setting(settings, prefix, "stepDurationScale");
        if (scale != null) {
            config = config.withStepDurationScale(number(prefix + "stepDurationScale", scale, Double::parseDouble));
        }
        String failures = setting(settings, prefix, "failures");
        if (failures != null) {
            config = config.withFailures(Arrays.stream(failures.split(","))
                    .map(String::trim).filter(f -> !f.isEmpty()).map(InjectedFailure::parse).toList());
        }
        String seed = setting(settings, prefix, "seed");
        if (seed != null) {
            config = config.withSeed(number(prefix + "seed", seed, Long::parseLong));
        }
        return config;
    }

    private static String setting(Function<String, String> settings, String prefix, String name) {
        String value = settings.apply(prefix + name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static <T> T number(String name, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + name + " = '" + value + "' is not a number");
        }
    }

    public SshHostsConfig withPort(int newPort) {
        return new SshHostsConfig(newPort, dataFolder, stepDurationScale, failures, seed);
    }

    public SshHostsConfig withDataFolder(Path folder) {
        return new SshHostsConfig(port, folder, stepDurationScale, failures, seed);
    }

    public SshHostsConfig withStepDurationScale(double scale) {
        return new SshHostsConfig(port, dataFolder, scale, failures, seed);
    }

    public SshHostsConfig withFailures(List<InjectedFailure> newFailures) {
        return new SshHostsConfig(port, dataFolder, stepDurationScale, newFailures, seed);
    }

    public SshHostsConfig withSeed(long newSeed) {
        return new SshHostsConfig(port, dataFolder, stepDurationScale, failures, newSeed);
    }
}

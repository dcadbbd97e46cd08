package com.ecsprovisioner.sandbox.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wp-cli} step of the bundled scripts against the sandbox's stand-in for the Internet, so that what the
 * product writes into {@code bootstrap.env} (addresses and expected SHA-512) decides the outcome as on a real
 * server. Each address serves the genuine phar of the release it names (or, for the build site's unversioned
 * {@code wp-cli.phar}, of the newest release), whose SHA-512 is the one WP-CLI published; an unknown release is
 * not found (curl exit 22); an address on a host the sandbox was told to tamper with
 * ({@link SandboxSshHosts#tamperDownloadsFrom}) serves other bytes. As {@code ecs_fetch_verified} does, every
 * download is checked against the expected SHA-512 from {@code bootstrap.env}, a mismatch is refused, and the log
 * lines and failure message are the script's.
 */
final class SimulatedWpCliDownload {

    /**
     * SHA-512 of genuine releases as WP-CLI published them (each release's {@code .sha512}), as packaged by the
     * Docker Official Image, docker-library/wordpress {@code cli/*}/Dockerfile ({@code WORDPRESS_CLI_SHA512}), which
     * checks them after WP-CLI's GPG signature.
     */
    static final Map<String, String> GENUINE = Map.of(
            "2.12.0", "be928f6b8ca1e8dfb9d2f4b75a13aa4aee0896f8a9a0a1c45cd5d2c98605e6172e6d014dda2e27f88c98befc16c040cbb2bd1bfa121510ea5cdf5f6a30fe8832",
            "2.6.0", "d73f9161a1f03b8ecaac7b196b6051fe847b3c402b9c92b1f6f3acbe5b1cf91f7260c0e499b8947bab75920ecec918b39533ca65fa5a1fd3eb6ce7b8e2c58e7d",
            "2.5.0", "08dd9035fda1d529807380d5b757839e2809e289eb1a698fe33e7e21a1431d3f77c551c2b2db5adc55083d5075ea4137407994111890f765e790a97e6d9ca7af");
    static final String NEWEST = "2.12.0";

    private static final Pattern RELEASE = Pattern.compile("wp-cli-([0-9]+\\.[0-9]+\\.[0-9]+)\\.phar$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)='(.*)'$");
    private static final Pattern HOST = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)");
    private static final String URL_SETTING = "'WP-CLI download URLs' (ECS_WP_CLI_URLS)";
    private static final String SHA_SETTING = "'WP-CLI SHA-512' (ECS_WP_CLI_SHA512)";

    /** The step's output, and when it fails its exit code and message. */
    record Outcome(List<String> output, int exitCode, String failureMessage) {
        boolean failed() {
            return exitCode != 0;
        }
    }

    private SimulatedWpCliDownload() {
    }

    /** The outcome for a run directory, or empty when it holds no {@code bootstrap.env} (then the step is generic). */
    static Optional<Outcome> forRun(Path runDirectory, Set<String> tamperedHosts) throws IOException {
        Path env = runDirectory.resolve("bootstrap.env");
        if (!Files.isRegularFile(env)) {
            return Optional.empty();
        }
        return Optional.of(run(settings(Files.readAllLines(env, StandardCharsets.UTF_8)), tamperedHosts));
    }

    static Outcome run(Map<String, String> env, Set<String> tamperedHosts) {
        String expected = env.getOrDefault("ECS_WP_CLI_SHA512", "").toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        if (!expected.matches("[0-9a-f]{128}")) {
            String message = "no valid SHA-512 for WP-CLI in bootstrap.env: set the bootstrap setting " + SHA_SETTING;
            out.add("ERROR: " + message);
            return new Outcome(out, 1, message);
        }
        StringBuilder failures = new StringBuilder();
        for (String url : env.getOrDefault("ECS_WP_CLI_URLS", "").trim().split("\\s+")) {
            if (url.isEmpty()) {
                continue;
            }
            out.add("downloading WP-CLI from " + url);
            Optional<String> served = servedSha512(url, tamperedHosts);
            if (served.isEmpty()) {
                out.add("could not download WP-CLI from " + url + " (curl exit 22); change the source with the bootstrap setting "
                        + URL_SETTING);
                failures.append("; ").append(url).append(": download failed");
                continue;
            }
            if (!served.get().equals(expected)) {
                out.add("WP-CLI from " + url + " has SHA-512 " + served.get() + ", expected " + expected + ": refused, not installed");
                failures.append("; ").append(url).append(": SHA-512 mismatch (refused)");
                continue;
            }
            out.add("WP-CLI installed from " + url + " (SHA-512 verified)");
            return new Outcome(out, 0, null);
        }
        String message = "could not install WP-CLI" + (failures.length() == 0 ? "" : ":" + failures.substring(1))
                + "; change the sources with the bootstrap setting " + URL_SETTING + ", with its " + SHA_SETTING;
        out.add("ERROR: " + message);
        return new Outcome(out, 1, message);
    }

    /** The SHA-512 of what the address serves, or empty when it serves nothing. */
    static Optional<String> servedSha512(String url, Set<String> tamperedHosts) {
        Matcher host = HOST.matcher(url);
        if (!host.find()) {
            return Optional.empty();
        }
        if (tamperedHosts.contains(host.group(1).toLowerCase(Locale.ROOT))) {
            return Optional.of(sha512("a tampered copy of " + url));
        }
        Matcher release = RELEASE.matcher(url);
        String version = release.find() ? release.group(1) : url.endsWith("/wp-cli.phar") ? NEWEST : null;
        return Optional.ofNullable(version == null ? null : GENUINE.get(version));
    }

    /** The {@code NAME='value'} lines BootstrapEnvironment writes (single quotes, {@code '\''} for a quote). */
    static Map<String, String> settings(List<String> lines) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.matches()) {
                env.put(m.group(1), m.group(2).replace("'\\''", "'"));
            }
        }
        return env;
    }

    private static String sha512(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-512", e);
        }
    }
}

package com.ecsprovisioner.bootstrap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything one bootstrap run needs from the product, turned into the variables of {@code bootstrap.env}
 * ({@link #environment()}, rendered by {@link BootstrapEnvironment}). Besides the download sources
 * (documented on {@link DownloadSources}):
 * <dl>
 * <dt>{@code phpVersion} ({@code ECS_PHP_VERSION})</dt>
 * <dd>{@code default} for the distribution's own PHP (8.1 on Ubuntu 22.04, 8.3 on Ubuntu 24.04, 8.2 on
 * Debian 12), or a version such as {@code 8.3}; a version the distribution does not ship comes from the PHP
 * repository, and the script fails clearly if neither offers it.</dd>
 * <dt>{@code dbRootPassword} ({@code ECS_DB_ROOT_PASSWORD}, secret)</dt>
 * <dd>MariaDB's root password, generated and stored encrypted by the product; at least
 * {@value #MIN_DB_PASSWORD_LENGTH} characters. Root keeps logging in over the local socket as the system's root.</dd>
 * <dt>{@code sshPort} ({@code ECS_SSH_PORT})</dt>
 * <dd>The SSH port the firewall and fail2ban protect; {@code null} lets the script ask sshd which ports it uses.</dd>
 * <dt>{@code swapMegabytes} ({@code ECS_SWAP_MB}) and {@code swapBelowMemoryMegabytes} ({@code ECS_SWAP_BELOW_RAM_MB})</dt>
 * <dd>A swap file of that size is added when the server has less memory than the threshold and no swap yet;
 * 0 disables it. Defaults: 1024 MiB below 2048 MiB.</dd>
 * </dl>
 * {@link #toString()} never shows the password.
 */
public record BootstrapSettings(String phpVersion, String dbRootPassword, Integer sshPort, int swapMegabytes,
                                int swapBelowMemoryMegabytes, DownloadSources sources) {

    public static final int MIN_DB_PASSWORD_LENGTH = 12;
    public static final int DEFAULT_SWAP_MB = 1024;
    public static final int DEFAULT_SWAP_BELOW_RAM_MB = 2048;
    private static final Pattern PHP_VERSION = Pattern.compile("default|[5-9]\\.[0-9]");

    public BootstrapSettings {
        phpVersion = phpVersion == null || phpVersion.isBlank() ? "default" : phpVersion.strip();
        if (!PHP_VERSION.matcher(phpVersion).matches()) {
            throw new IllegalArgumentException("PHP version '" + phpVersion + "' must be 'default' or a version such as 8.3");
        }
        if (dbRootPassword == null || dbRootPassword.length() < MIN_DB_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the MariaDB root password must have at least " + MIN_DB_PASSWORD_LENGTH + " characters");
        }
        if (dbRootPassword.indexOf('\0') >= 0 || dbRootPassword.indexOf('\n') >= 0 || dbRootPassword.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the MariaDB root password must not contain NUL or line breaks");
        }
        if (sshPort != null && (sshPort < 1 || sshPort > 65535)) {
            throw new IllegalArgumentException("SSH port " + sshPort + " is not between 1 and 65535");
        }
        if (swapMegabytes < 0 || swapMegabytes > 65536) {
            throw new IllegalArgumentException("swap size " + swapMegabytes + " MiB must be between 0 and 65536");
        }
        if (swapBelowMemoryMegabytes < 0) {
            throw new IllegalArgumentException("swap memory threshold must not be negative");
        }
        if (sources == null) {
            throw new IllegalArgumentException("download sources are required");
        }
    }

    /** Settings with the default PHP, SSH port detection and swap defaults. */
    public static BootstrapSettings withDefaults(String dbRootPassword, DownloadSources sources) {
        return new BootstrapSettings("default", dbRootPassword, null, DEFAULT_SWAP_MB, DEFAULT_SWAP_BELOW_RAM_MB, sources);
    }

    /** The variables of {@code bootstrap.env}, in a stable order. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ECS_SOURCES_PRESET", sources.presetName());
        env.put("ECS_PHP_VERSION", phpVersion);
        env.put("ECS_APT_MIRROR", sources.aptMirror());
        putRepository(env, "UBUNTU", sources.ubuntuPhpRepository());
        putRepository(env, "DEBIAN", sources.debianPhpRepository());
        env.put("ECS_WP_CLI_URLS", String.join(" ", sources.wpCliUrls()));
        env.put("ECS_WP_CLI_SHA512", sources.wpCliSha512());
        env.put("ECS_DB_ROOT_PASSWORD", dbRootPassword);
        env.put("ECS_SSH_PORT", sshPort == null ? "" : sshPort.toString());
        env.put("ECS_SWAP_MB", Integer.toString(swapMegabytes));
        env.put("ECS_SWAP_BELOW_RAM_MB", Integer.toString(swapBelowMemoryMegabytes));
        return env;
    }

    /** The values to mask in this run's log. */
    public List<String> secrets() {
        return List.of(dbRootPassword);
    }

    private static void putRepository(Map<String, String> env, String distribution, PhpRepository repository) {
        env.put("ECS_PHP_REPO_" + distribution + "_URL", repository.url());
        env.put("ECS_PHP_REPO_" + distribution + "_KEY_URL", repository.keyUrl());
        env.put("ECS_PHP_REPO_" + distribution + "_KEY_FINGERPRINT", repository.keyFingerprint());
    }

    @Override
    public String toString() {
        return "BootstrapSettings[phpVersion=" + phpVersion + ", dbRootPassword=" + SecretMasker.MASK
                + ", sshPort=" + sshPort + ", swapMegabytes=" + swapMegabytes
                + ", swapBelowMemoryMegabytes=" + swapBelowMemoryMegabytes + ", sources=" + sources + "]";
    }
}

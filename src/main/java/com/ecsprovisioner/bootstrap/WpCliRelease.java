package com.ecsprovisioner.bootstrap;

import java.util.regex.Pattern;

/**
 * The WP-CLI release the product installs, with its SHA-512 shipped in the product. The checksum is never taken
 * from where the file is downloaded: a mirror (or whoever sits between it and the server) that can change the file
 * can change a checksum published beside it just as easily.
 * <p>
 * The checksum is that of {@code wp-cli-2.12.0.phar} as published by WP-CLI on its GitHub release
 * ({@code https://github.com/wp-cli/wp-cli/releases/download/v2.12.0/wp-cli-2.12.0.phar}, whose release also carries
 * {@code .sha512} and a GPG signature by the WP-CLI release key {@code 63AF7AA15067C05616FDDD88A3A2E8F226F0BC06}).
 * Copied from the Docker Official Image that packages the same release and checks the GPG signature before the
 * SHA-512: docker-library/wordpress, {@code cli/php8.4/alpine/Dockerfile} at commit
 * 27edf122404ed2b503604eedc5f171e79fa019bf ({@code WORDPRESS_CLI_VERSION 2.12.0}, {@code WORDPRESS_CLI_SHA512}).
 * Homebrew's {@code wp-cli} formula pins the same kind of release asset by SHA-256 only, which the scripts do not check.
 * To move to a newer release, change both constants together from such a source.
 */
public final class WpCliRelease {

    public static final String VERSION = "2.12.0";
    public static final String SHA512 =
            "be928f6b8ca1e8dfb9d2f4b75a13aa4aee0896f8a9a0a1c45cd5d2c98605e6172e6d014dda2e27f88c98befc16c040cbb2bd1bfa121510ea5cdf5f6a30fe8832";

    private static final Pattern VERSION_SHAPE = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

    private WpCliRelease() {
    }

    /** The address of a release's phar on WP-CLI's GitHub releases. */
    public static String githubUrl(String version) {
        return "https://github.com/wp-cli/wp-cli/releases/download/v" + requireVersion(version) + "/wp-cli-" + version + ".phar";
    }

    /** A WP-CLI release number such as {@code 2.12.0}. */
    public static String requireVersion(String version) {
        if (version == null || !VERSION_SHAPE.matcher(version.strip()).matches()) {
            throw new IllegalArgumentException(BootstrapOverrides.WP_CLI_VERSION + " '" + version
                    + "' must be a WP-CLI release number such as " + VERSION);
        }
        return version.strip();
    }
}

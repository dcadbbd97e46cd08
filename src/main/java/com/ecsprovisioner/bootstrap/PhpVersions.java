package com.ecsprovisioner.bootstrap;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The PHP versions the bootstrap scripts can install on an image's OS, as {@code steps.sh} decides it: the
 * distribution's own PHP (Ubuntu 22.04: 8.1, Ubuntu 24.04: 8.3, Debian 12: 8.2), or a branch from the PHP repository
 * (ondrej's PPA on Ubuntu, sury.org on Debian), which publishes 8.1 to 8.4 for all three. The OS is read from the
 * public image's id ({@code ubuntu_24_04_x64_...}), as Alibaba names them. A server's choice is checked here before
 * anything is created, so that a version the OS cannot get is refused with the ones it can, not found out by a
 * failed {@code apt-get} minutes into the bootstrap.
 */
public final class PhpVersions {

    /** The bootstrap's own word for the distribution's PHP. */
    public static final String DEFAULT = "default";

    /** Branches the PHP repository publishes for Ubuntu 22.04, Ubuntu 24.04 and Debian 12 alike. */
    static final List<String> REPOSITORY = List.of("8.1", "8.2", "8.3", "8.4");

    private PhpVersions() {
    }

    /** The distribution's PHP branch for the image's OS; empty when the OS is not one the scripts support. */
    public static Optional<String> distribution(String imageId) {
        String id = imageId == null ? "" : imageId.toLowerCase(Locale.ROOT);
        if (id.startsWith("ubuntu_22_04")) {
            return Optional.of("8.1");
        }
        if (id.startsWith("ubuntu_24_04")) {
            return Optional.of("8.3");
        }
        if (id.startsWith("debian_12")) {
            return Optional.of("8.2");
        }
        return Optional.empty();
    }

    /** The branches a server from this image can have, lowest first; none when the scripts do not support its OS. */
    public static List<String> offered(String imageId) {
        return distribution(imageId).map(d -> {
            TreeSet<String> all = new TreeSet<>(REPOSITORY);
            all.add(d);
            return List.copyOf(all);
        }).orElse(List.of());
    }

    /**
     * Why {@code version} cannot be installed from this image, or empty when it can. {@code default} always can
     * (the distribution's); so can any version when the image's OS is unknown here, since the image check says
     * more about such an image than a PHP version could.
     */
    public static Optional<String> refusal(String imageId, String version) {
        if (version == null || version.equals(DEFAULT)) {
            return Optional.empty();
        }
        if (!version.matches("[5-9]\\.[0-9]")) {
            return Optional.of("PHP version '" + version + "' is not a version such as 8.3");
        }
        List<String> offered = offered(imageId);
        if (offered.isEmpty() || offered.contains(version)) {
            return Optional.empty();
        }
        return Optional.of("PHP " + version + " cannot be installed on image " + imageId + ": its OS offers PHP "
                + String.join(", ", offered) + " (" + distribution(imageId).orElseThrow() + " from the distribution)");
    }
}

package com.ecsprovisioner.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a server downloads everything the bootstrap installs. Some sources are blocked or very slow from
 * mainland China (GitHub, which serves WP-CLI, in particular), so each one is a setting of the provider profile,
 * with presets ({@link MirrorPreset}) chosen by region: {@link #forRegion(String, DownloadSourceOverrides)}.
 * A download that fails on the server names the source and the setting below that changes it.
 * <p>
 * The settings, with the {@code bootstrap.env} variable each becomes:
 * <dl>
 * <dt>"APT mirror" ({@code ECS_APT_MIRROR})</dt>
 * <dd>Base URL of a mirror that carries {@code /ubuntu} ({@code /ubuntu-ports} for arm64), {@code /debian} and
 * {@code /debian-security} the way
 * the official archives lay them out (Alibaba Cloud's, Tsinghua's and most national mirrors do). When set, the
 * script writes {@code /etc/apt/sources.list.d/ecs-provisioner.sources} for it (all pockets, security included)
 * and sets the image's own lists aside under {@code /etc/apt/ecs-provisioner-original/}. Empty: keep the image's
 * sources (Alibaba Cloud's public images already point at the Alibaba mirror of their region). Emptying it after a
 * run with a mirror puts the image's lists back.</dd>
 * <dt>"PHP repository URL", "PHP repository key URL", "PHP repository key fingerprint": for Ubuntu
 * ({@code ECS_PHP_REPO_UBUNTU_URL}, {@code _KEY_URL}, {@code _KEY_FINGERPRINT}) and for Debian
 * ({@code ECS_PHP_REPO_DEBIAN_...}); the forms set one repository, used for whichever the server runs</dt>
 * <dd>The repository used only when the profile asks for a PHP version that is not the distribution's own
 * (Ubuntu 22.04 ships 8.1, Ubuntu 24.04 8.3, Debian 12 8.2): Ondřej Surý's PPA for Ubuntu, his
 * packages.sury.org for Debian, or mirrors of them. See {@link PhpRepository}.</dd>
 * <dt>"WP-CLI download URLs" (or "WP-CLI version") ({@code ECS_WP_CLI_URLS}, space-separated)</dt>
 * <dd>Where {@code wp-cli.phar} is downloaded from, tried in order until one downloads and matches the SHA-512.</dd>
 * <dt>"WP-CLI SHA-512" ({@code ECS_WP_CLI_SHA512})</dt>
 * <dd>The expected SHA-512 of {@code wp-cli.phar} as 128 hexadecimal digits, always set: the one the product ships
 * for the release it pins ({@link WpCliRelease}), or the one the operator gives with their own version or URLs.
 * Every URL is trusted for bytes only; no checksum is ever taken from where the file comes from.</dd>
 * </dl>
 * On the forms these are labelled as in {@link BootstrapOverrides}.
 *
 * @param presetName the preset these sources came from, for the log (with {@code +custom} when the profile overrides any)
 */
public record DownloadSources(String presetName, String aptMirror, PhpRepository ubuntuPhpRepository,
                              PhpRepository debianPhpRepository, List<String> wpCliUrls, String wpCliSha512) {

    private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

    public DownloadSources {
        if (presetName == null || presetName.isBlank()) {
            throw new IllegalArgumentException("download sources need a preset name");
        }
        aptMirror = aptMirror == null || aptMirror.isBlank() ? "" : requireAptMirror(aptMirror);
        if (ubuntuPhpRepository == null || debianPhpRepository == null) {
            throw new IllegalArgumentException("PHP repositories for Ubuntu and for Debian are required");
        }
        if (wpCliUrls == null || wpCliUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one of the " + BootstrapOverrides.WP_CLI_URLS + " is required");
        }
        wpCliSha512 = requireWpCliSha512(wpCliSha512);
        if (wpCliSha512.isEmpty()) {
            throw new IllegalArgumentException(BootstrapOverrides.WP_CLI_SHA512 + " is required: WP-CLI is checked"
                    + " against a checksum the product holds, never one downloaded beside the file");
        }
        String pin = wpCliSha512;
        wpCliUrls = wpCliUrls.stream().map(url -> requireWpCliUrl(url, pin)).toList();
    }

    /**
     * The sources for a server in this Alibaba Cloud region: the preset of {@link MirrorPreset#forRegion(String)},
     * then every setting the profile overrides.
     */
    public static DownloadSources forRegion(String regionId, DownloadSourceOverrides overrides) {
        DownloadSources preset = MirrorPreset.forRegion(regionId).sources();
        return overrides == null ? preset : overrides.applyTo(preset);
    }

    /**
     * True for Alibaba Cloud regions in mainland China: every {@code cn-*} region (Qingdao, Beijing,
     * Zhangjiakou, Hohhot, Ulanqab, Hangzhou, Shanghai, Nanjing, Fuzhou, Shenzhen, Heyuan, Guangzhou, Chengdu,
     * Wuhan, the finance-cloud regions such as {@code cn-shanghai-finance-1}, ...) except {@code cn-hongkong},
     * which is outside the mainland's network restrictions. New mainland regions follow the same naming.
     */
    public static boolean isMainlandChina(String regionId) {
        String region = requireRegion(regionId);
        return region.startsWith("cn-") && !region.equals("cn-hongkong");
    }

    static String requireRegion(String regionId) {
        if (regionId == null || !REGION.matcher(regionId.strip()).matches()) {
            throw new IllegalArgumentException("'" + regionId + "' is not an Alibaba Cloud region id such as cn-hangzhou");
        }
        return regionId.strip();
    }

    /**
     * The rule for an APT mirror, wherever it is set (the provider profile on save, the bootstrap before it runs):
     * an http(s) URL with a host. Plain http is allowed: apt checks the archive's signatures itself.
     */
    public static String requireAptMirror(String value) {
        return requireUrl(value, "APT mirror");
    }

    /**
     * The rule for a WP-CLI download address, wherever it is set: an http(s) URL with a host, and plain http only
     * with a pinned SHA-512, because the checksum published beside the file would come over the same unprotected
     * connection and prove nothing.
     */
    public static String requireWpCliUrl(String value, String pinnedSha512) {
        String url = requireUrl(value, "WP-CLI download URL");
        if (url.regionMatches(true, 0, "http:", 0, 5) && (pinnedSha512 == null || pinnedSha512.isBlank())) {
            throw new IllegalArgumentException("WP-CLI download URL '" + url + "' is plain http: use https, or pin the file's"
                    + " SHA-512, since a checksum fetched over the same plain connection proves nothing");
        }
        return url;
    }

    /**
     * The rule for a pinned WP-CLI checksum, wherever it is set: empty (nothing pinned) or the SHA-512 as 128
     * hexadecimal digits, returned in lower case.
     */
    public static String requireWpCliSha512(String value) {
        String pin = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (!pin.isEmpty() && !SHA512.matcher(pin).matches()) {
            throw new IllegalArgumentException(BootstrapOverrides.WP_CLI_SHA512 + " must be 128 hexadecimal digits, got '"
                    + (pin.length() > 140 ? pin.substring(0, 140) + "…" : pin) + "'");
        }
        return pin;
    }

    static String requireUrl(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        String url = value.strip();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(what + " '" + value + "' must be an http:// or https:// URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a valid URL: " + e.getReason(), e);
        }
        if (url.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException(what + " '" + value + "' must not contain spaces or control characters");
        }
        return url;
    }
}

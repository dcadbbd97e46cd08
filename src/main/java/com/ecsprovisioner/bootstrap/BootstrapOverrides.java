package com.ecsprovisioner.bootstrap;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The bootstrap settings an operator may set on a provider profile or on a custom server: every override the
 * scripts take. Empty ({@code null}) keeps what comes from elsewhere (for a custom server its profile's value, then
 * the region's preset, {@link MirrorPreset}). The constants are the labels the forms show; the scripts' failure
 * messages and every refusal here name the settings by these labels (BootstrapSettingNamesTest holds them to it).
 * <p>
 * Rules, checked when a form is saved ({@link #of}) so that what saves also runs: a PHP repository is its URL, key
 * URL and key fingerprint together (it replaces the repository of whichever distribution the server runs); WP-CLI
 * is the release the product pins ({@link WpCliRelease}) unless a version or download URLs are set, and then the
 * SHA-512 must be set too, because the product only knows the checksum of the release it pins and never takes one
 * from where the file is downloaded.
 */
@Embeddable
public class BootstrapOverrides {

    public static final String PHP_VERSION = "PHP version";
    public static final String APT_MIRROR = "APT mirror";
    public static final String PHP_REPOSITORY_URL = "PHP repository URL";
    public static final String PHP_REPOSITORY_KEY_URL = "PHP repository key URL";
    public static final String PHP_REPOSITORY_KEY_FINGERPRINT = "PHP repository key fingerprint";
    public static final String WP_CLI_VERSION = "WP-CLI version";
    public static final String WP_CLI_URLS = "WP-CLI download URLs";
    public static final String WP_CLI_SHA512 = "WP-CLI SHA-512";
    /** Every label, for the check that messages name only settings that exist. */
    public static final List<String> LABELS = List.of(PHP_VERSION, APT_MIRROR, PHP_REPOSITORY_URL, PHP_REPOSITORY_KEY_URL,
            PHP_REPOSITORY_KEY_FINGERPRINT, WP_CLI_VERSION, WP_CLI_URLS, WP_CLI_SHA512);

    @Column(name = "php_version", length = 16)
    private String phpVersion;

    @Column(name = "apt_mirror", length = 255)
    private String aptMirror;

    @Column(name = "php_repository_url", length = 512)
    private String phpRepositoryUrl;

    @Column(name = "php_repository_key_url", length = 512)
    private String phpRepositoryKeyUrl;

    @Column(name = "php_repository_key_fingerprint", length = 40)
    private String phpRepositoryKeyFingerprint;

    @Column(name = "wp_cli_version", length = 16)
    private String wpCliVersion;

    /** Space-separated, tried in order. */
    @Column(name = "wp_cli_urls", length = 2000)
    private String wpCliUrls;

    @Column(name = "wp_cli_sha512", length = 128)
    private String wpCliSha512;

    protected BootstrapOverrides() {
    }

    public static BootstrapOverrides none() {
        return new BootstrapOverrides();
    }

    /**
     * Checks and normalizes what a form holds; blank fields stay unset. WP-CLI download URLs may be separated by
     * spaces or line breaks.
     *
     * @throws IllegalArgumentException with a message naming the setting by its label
     */
    public static BootstrapOverrides of(String phpVersion, String aptMirror, String phpRepositoryUrl,
                                        String phpRepositoryKeyUrl, String phpRepositoryKeyFingerprint,
                                        String wpCliVersion, String wpCliUrls, String wpCliSha512) {
        BootstrapOverrides o = new BootstrapOverrides();
        o.phpVersion = blankToNull(phpVersion);
        if (o.phpVersion != null && !o.phpVersion.matches("default|[5-9]\\.[0-9]")) {
            throw new IllegalArgumentException(PHP_VERSION + " '" + o.phpVersion + "' must be 'default' or a version such as 8.3");
        }
        o.aptMirror = blankToNull(aptMirror) == null ? null : DownloadSources.requireAptMirror(aptMirror);
        String repoUrl = blankToNull(phpRepositoryUrl);
        String repoKeyUrl = blankToNull(phpRepositoryKeyUrl);
        String repoFingerprint = blankToNull(phpRepositoryKeyFingerprint);
        if (repoUrl != null || repoKeyUrl != null || repoFingerprint != null) {
            if (repoUrl == null || repoKeyUrl == null || repoFingerprint == null) {
                throw new IllegalArgumentException(PHP_REPOSITORY_URL + ", " + PHP_REPOSITORY_KEY_URL + " and "
                        + PHP_REPOSITORY_KEY_FINGERPRINT + " go together: set all three, or none to keep the preset's repository");
            }
            PhpRepository repository = new PhpRepository(repoUrl, repoKeyUrl, repoFingerprint);
            o.phpRepositoryUrl = repository.url();
            o.phpRepositoryKeyUrl = repository.keyUrl();
            o.phpRepositoryKeyFingerprint = repository.keyFingerprint();
        }
        o.wpCliVersion = blankToNull(wpCliVersion) == null ? null : WpCliRelease.requireVersion(wpCliVersion);
        String pin = DownloadSources.requireWpCliSha512(wpCliSha512);
        o.wpCliSha512 = pin.isEmpty() ? null : pin;
        String urls = blankToNull(wpCliUrls);
        if (urls != null) {
            o.wpCliUrls = String.join(" ", Arrays.stream(urls.split("\\s+")).filter(u -> !u.isEmpty())
                    .map(u -> DownloadSources.requireWpCliUrl(u, pin)).toList());
        }
        if ((o.wpCliVersion != null || o.wpCliUrls != null) && o.wpCliSha512 == null) {
            throw new IllegalArgumentException(WP_CLI_SHA512 + " is required when " + WP_CLI_VERSION + " or " + WP_CLI_URLS
                    + " is set: every download is checked against it, and the product knows only the checksum of the"
                    + " release it pins (WP-CLI " + WpCliRelease.VERSION + "); take it from the release's own .sha512 file");
        }
        if (o.wpCliSha512 != null && o.wpCliVersion == null && o.wpCliUrls == null) {
            throw new IllegalArgumentException(WP_CLI_SHA512 + " goes with a " + WP_CLI_VERSION + " or " + WP_CLI_URLS
                    + " you set; without them the product installs WP-CLI " + WpCliRelease.VERSION
                    + " and checks it against that release's checksum, which it ships");
        }
        return o;
    }

    /**
     * These settings over another set (a custom server's over its profile's): each setting set here wins. The PHP
     * repository and the WP-CLI settings each go as a group, so a checksum never meets another set's URLs.
     */
    public BootstrapOverrides over(BootstrapOverrides base) {
        if (base == null) {
            return this;
        }
        BootstrapOverrides o = new BootstrapOverrides();
        o.phpVersion = phpVersion != null ? phpVersion : base.phpVersion;
        o.aptMirror = aptMirror != null ? aptMirror : base.aptMirror;
        BootstrapOverrides repository = phpRepositoryUrl != null ? this : base;
        o.phpRepositoryUrl = repository.phpRepositoryUrl;
        o.phpRepositoryKeyUrl = repository.phpRepositoryKeyUrl;
        o.phpRepositoryKeyFingerprint = repository.phpRepositoryKeyFingerprint;
        BootstrapOverrides wpCli = wpCliSha512 != null ? this : base;
        o.wpCliVersion = wpCli.wpCliVersion;
        o.wpCliUrls = wpCli.wpCliUrls;
        o.wpCliSha512 = wpCli.wpCliSha512;
        return o;
    }

    /**
     * What these settings change in the region's download sources. A WP-CLI version without URLs downloads that
     * release from WP-CLI's GitHub releases; with URLs, the version only documents what they serve.
     */
    public DownloadSourceOverrides downloadOverrides() {
        PhpRepository repository = phpRepositoryUrl == null ? null
                : new PhpRepository(phpRepositoryUrl, phpRepositoryKeyUrl, phpRepositoryKeyFingerprint);
        List<String> urls = wpCliUrls != null ? List.of(wpCliUrls.split(" "))
                : wpCliVersion != null ? List.of(WpCliRelease.githubUrl(wpCliVersion)) : null;
        return new DownloadSourceOverrides(aptMirror, repository, repository, urls, wpCliSha512);
    }

    /** The settings that are set, by label, for a log or the audit trail (none is secret); "none" when empty. */
    public String describe() {
        StringJoiner out = new StringJoiner("; ");
        String[] values = {phpVersion, aptMirror, phpRepositoryUrl, phpRepositoryKeyUrl, phpRepositoryKeyFingerprint,
                wpCliVersion, wpCliUrls, wpCliSha512};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                out.add(LABELS.get(i) + " " + values[i]);
            }
        }
        return out.length() == 0 ? "none" : out.toString();
    }

    /** The PHP version to install: {@code default} (the distribution's) unless set. */
    public String effectivePhpVersion() {
        return phpVersion == null ? "default" : phpVersion;
    }

    public String getPhpVersion() {
        return phpVersion;
    }

    public String getAptMirror() {
        return aptMirror;
    }

    public String getPhpRepositoryUrl() {
        return phpRepositoryUrl;
    }

    public String getPhpRepositoryKeyUrl() {
        return phpRepositoryKeyUrl;
    }

    public String getPhpRepositoryKeyFingerprint() {
        return phpRepositoryKeyFingerprint;
    }

    public String getWpCliVersion() {
        return wpCliVersion;
    }

    public String getWpCliUrls() {
        return wpCliUrls;
    }

    public String getWpCliSha512() {
        return wpCliSha512;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BootstrapOverrides o && Objects.equals(phpVersion, o.phpVersion)
                && Objects.equals(aptMirror, o.aptMirror) && Objects.equals(phpRepositoryUrl, o.phpRepositoryUrl)
                && Objects.equals(phpRepositoryKeyUrl, o.phpRepositoryKeyUrl)
                && Objects.equals(phpRepositoryKeyFingerprint, o.phpRepositoryKeyFingerprint)
                && Objects.equals(wpCliVersion, o.wpCliVersion) && Objects.equals(wpCliUrls, o.wpCliUrls)
                && Objects.equals(wpCliSha512, o.wpCliSha512);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phpVersion, aptMirror, phpRepositoryUrl, wpCliVersion, wpCliUrls, wpCliSha512);
    }
}

package com.ecsprovisioner.bootstrap;

import java.util.List;

/**
 * Ready-made download sources. {@link #GLOBAL} uses each project's own servers; {@link #ALIBABA_MAINLAND} is
 * chosen automatically for mainland China regions ({@link DownloadSources#isMainlandChina(String)}), where some
 * of those servers are blocked.
 * <p>
 * Host names, as published by their operators:
 * <ul>
 * <li>{@code mirrors.cloud.aliyuncs.com}: Alibaba Cloud's mirror site as seen from inside its VPCs (no Internet
 * traffic, the one Alibaba's own Ubuntu and Debian images are configured with); {@code mirrors.aliyun.com} is the
 * same content on the Internet.</li>
 * <li>Ondřej Surý's PHP packages: {@code ppa.launchpadcontent.net/ondrej/php/ubuntu} (key
 * {@code 14AA40EC0831756756D7F66C4F4EA0AAE5267A6C}, served by {@code keyserver.ubuntu.com}) and
 * {@code packages.sury.org/php} (key {@code 15058500A0235D97F5D10063B188E2B695BD4743}). Alibaba's mirror site
 * does not carry them; the mainland preset uses the university mirrors that do: USTC's Launchpad proxy
 * {@code launchpad.proxy.ustclug.org} and SJTU's {@code mirror.sjtu.edu.cn/sury}. The fingerprints stay pinned,
 * so a mirror can serve the key but cannot replace it.</li>
 * <li>WP-CLI: the release the product pins ({@link WpCliRelease}) from WP-CLI's GitHub releases, checked against
 * the SHA-512 the product ships. No Alibaba mirror carries WP-CLI; the mainland preset first tries the jsDelivr CDN
 * copies of WP-CLI's build site ({@code fastly.jsdelivr.net}, {@code cdn.jsdelivr.net}), which serve the newest
 * build: while that is the pinned release it matches and is installed, once a newer one is out it is refused by the
 * checksum and the next address is tried. Where none is reachable, set "WP-CLI download URLs" to a copy of the
 * release in an OSS bucket of the region, with its "WP-CLI SHA-512".</li>
 * </ul>
 */
public enum MirrorPreset {

    GLOBAL("global", "",
            new PhpRepository("https://ppa.launchpadcontent.net/ondrej/php/ubuntu",
                    MirrorPreset.ONDREJ_PPA_KEY_URL, MirrorPreset.ONDREJ_PPA_FINGERPRINT),
            new PhpRepository("https://packages.sury.org/php",
                    "https://packages.sury.org/php/apt.gpg", MirrorPreset.SURY_FINGERPRINT),
            List.of(MirrorPreset.WP_CLI_GITHUB)),

    ALIBABA_MAINLAND("alibaba-mainland", "http://mirrors.cloud.aliyuncs.com",
            new PhpRepository("https://launchpad.proxy.ustclug.org/ondrej/php/ubuntu",
                    MirrorPreset.ONDREJ_PPA_KEY_URL, MirrorPreset.ONDREJ_PPA_FINGERPRINT),
            new PhpRepository("https://mirror.sjtu.edu.cn/sury/php",
                    "https://mirror.sjtu.edu.cn/sury/php/apt.gpg", MirrorPreset.SURY_FINGERPRINT),
            List.of("https://fastly.jsdelivr.net/gh/wp-cli/builds@gh-pages/phar/wp-cli.phar",
                    "https://cdn.jsdelivr.net/gh/wp-cli/builds@gh-pages/phar/wp-cli.phar",
                    MirrorPreset.WP_CLI_GITHUB));

    static final String ONDREJ_PPA_FINGERPRINT = "14AA40EC0831756756D7F66C4F4EA0AAE5267A6C";
    static final String ONDREJ_PPA_KEY_URL =
            "https://keyserver.ubuntu.com/pks/lookup?op=get&search=0x14AA40EC0831756756D7F66C4F4EA0AAE5267A6C";
    static final String SURY_FINGERPRINT = "15058500A0235D97F5D10063B188E2B695BD4743";
    /** A constant expression (enum constants are built before other static fields are set). */
    static final String WP_CLI_GITHUB = "https://github.com/wp-cli/wp-cli/releases/download/v" + WpCliRelease.VERSION
            + "/wp-cli-" + WpCliRelease.VERSION + ".phar";

    private final DownloadSources sources;

    MirrorPreset(String name, String aptMirror, PhpRepository ubuntu, PhpRepository debian, List<String> wpCliUrls) {
        this.sources = new DownloadSources(name, aptMirror, ubuntu, debian, wpCliUrls, WpCliRelease.SHA512);
    }

    public DownloadSources sources() {
        return sources;
    }

    /** The preset for a region: the Alibaba mainland mirrors for mainland China, the projects' own servers elsewhere. */
    public static MirrorPreset forRegion(String regionId) {
        return DownloadSources.isMainlandChina(regionId) ? ALIBABA_MAINLAND : GLOBAL;
    }
}

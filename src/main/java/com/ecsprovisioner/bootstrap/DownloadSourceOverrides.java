package com.ecsprovisioner.bootstrap;

import java.util.List;

/**
 * What a provider profile changes in the preset download sources; {@code null} keeps the preset's value.
 * For {@code aptMirror} an empty string is a value: keep the image's own package sources.
 * See {@link DownloadSources} for what each setting means.
 */
public record DownloadSourceOverrides(String aptMirror, PhpRepository ubuntuPhpRepository,
                                      PhpRepository debianPhpRepository, List<String> wpCliUrls, String wpCliSha512) {

    public static DownloadSourceOverrides none() {
        return new DownloadSourceOverrides(null, null, null, null, null);
    }

    public boolean isEmpty() {
        return aptMirror == null && ubuntuPhpRepository == null && debianPhpRepository == null
                && wpCliUrls == null && wpCliSha512 == null;
    }

    public DownloadSources applyTo(DownloadSources preset) {
        if (isEmpty()) {
            return preset;
        }
        if (wpCliUrls != null && (wpCliSha512 == null || wpCliSha512.isBlank())) {
            throw new IllegalArgumentException(BootstrapOverrides.WP_CLI_SHA512 + " is required with your own "
                    + BootstrapOverrides.WP_CLI_URLS + ": the checksum the product ships is that of WP-CLI "
                    + WpCliRelease.VERSION + " only");
        }
        return new DownloadSources(
                preset.presetName() + "+custom",
                aptMirror != null ? aptMirror : preset.aptMirror(),
                ubuntuPhpRepository != null ? ubuntuPhpRepository : preset.ubuntuPhpRepository(),
                debianPhpRepository != null ? debianPhpRepository : preset.debianPhpRepository(),
                wpCliUrls != null ? wpCliUrls : preset.wpCliUrls(),
                wpCliSha512 != null ? wpCliSha512 : preset.wpCliSha512());
    }
}

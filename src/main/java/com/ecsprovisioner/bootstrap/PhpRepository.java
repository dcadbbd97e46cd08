package com.ecsprovisioner.bootstrap;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An APT repository of PHP packages for one distribution family, with the key that signs it.
 *
 * @param url            the repository's base URL, the one a {@code deb} line names (its {@code dists/} lives below it)
 * @param keyUrl         where the signing key is downloaded from (armored or binary OpenPGP)
 * @param keyFingerprint the key's full 40-hex-digit fingerprint; the script refuses a downloaded key with another
 *                       one, so a mirror can serve the key but cannot choose it
 */
public record PhpRepository(String url, String keyUrl, String keyFingerprint) {

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");

    public PhpRepository {
        url = DownloadSources.requireUrl(url, "PHP repository URL");
        keyUrl = DownloadSources.requireUrl(keyUrl, "PHP repository key URL");
        String normalized = keyFingerprint == null ? "" : keyFingerprint.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!FINGERPRINT.matcher(normalized).matches()) {
            throw new IllegalArgumentException("PHP repository key fingerprint '" + keyFingerprint
                    + "' must be the full 40 hexadecimal digits of an OpenPGP fingerprint");
        }
        keyFingerprint = normalized;
    }
}

package com.ecsprovisioner.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap settings as the forms submit them: the refusals name the setting by its label, WP-CLI of the
 * operator's choosing comes with its checksum, and the scripts' messages name only settings the forms have.
 */
class BootstrapOverridesTest {

    private static final String PIN = "ab".repeat(64);

    private static BootstrapOverrides wpCli(String version, String urls, String sha512) {
        return BootstrapOverrides.of(null, null, null, null, null, version, urls, sha512);
    }

    @Test
    void aWpCliVersionOrUrlOfTheOperatorsNeedsItsChecksum() {
        for (Runnable refused : List.<Runnable>of(() -> wpCli("2.11.0", null, null),
                () -> wpCli(null, "https://bucket.example/wp-cli.phar", " "))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, refused::run);
            assertTrue(e.getMessage().startsWith("WP-CLI SHA-512 is required when WP-CLI version or WP-CLI download URLs is set"),
                    e.getMessage());
        }
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, () -> wpCli(null, null, PIN));
        assertTrue(alone.getMessage().startsWith("WP-CLI SHA-512 goes with a WP-CLI version or WP-CLI download URLs"),
                alone.getMessage());

        BootstrapOverrides version = wpCli(" 2.11.0 ", null, PIN.toUpperCase());
        assertEquals(List.of("https://github.com/wp-cli/wp-cli/releases/download/v2.11.0/wp-cli-2.11.0.phar"),
                version.downloadOverrides().wpCliUrls());
        assertEquals(PIN, version.downloadOverrides().wpCliSha512());
        BootstrapOverrides urls = wpCli(null, "http://bucket.example/wp-cli.phar\r\n  https://b.example/wp-cli.phar\n", PIN);
        assertEquals(List.of("http://bucket.example/wp-cli.phar", "https://b.example/wp-cli.phar"),
                urls.downloadOverrides().wpCliUrls(), "one per line, plain http acceptable since the checksum is the product's");
    }

    @Test
    void eachBadSettingIsRefusedNamingItsLabel() {
        assertRefused("PHP version '8.3; reboot'", () -> BootstrapOverrides.of("8.3; reboot", null, null, null, null, null, null, null));
        assertRefused("APT mirror 'ftp://mirror'", () -> BootstrapOverrides.of(null, "ftp://mirror", null, null, null, null, null, null));
        assertRefused("PHP repository URL, PHP repository key URL and PHP repository key fingerprint go together",
                () -> BootstrapOverrides.of(null, null, "https://php.example", null, null, null, null, null));
        assertRefused("PHP repository key fingerprint", () -> BootstrapOverrides.of(null, null, "https://php.example",
                "https://php.example/key", "B188E2B695BD4743", null, null, null));
        assertRefused("PHP repository key URL", () -> BootstrapOverrides.of(null, null, "https://php.example",
                "key.asc", "0".repeat(40), null, null, null));
        assertRefused("WP-CLI version 'latest' must be a WP-CLI release number", () -> wpCli("latest", null, PIN));
        assertRefused("WP-CLI download URL 'wp-cli.phar'", () -> wpCli(null, "wp-cli.phar", PIN));
        assertRefused("WP-CLI SHA-512 must be 128 hexadecimal digits", () -> wpCli("2.11.0", null, "abc"));
    }

    @Test
    void blankFieldsSetNothingAndACustomServersSettingsWinGroupByGroup() {
        BootstrapOverrides blank = BootstrapOverrides.of(" ", "", null, " ", "", null, " \n ", "");
        assertEquals(BootstrapOverrides.none(), blank);
        assertTrue(blank.downloadOverrides().isEmpty());
        assertEquals("default", blank.effectivePhpVersion());
        assertEquals("none", blank.describe());

        BootstrapOverrides profile = BootstrapOverrides.of("8.3", "https://mirror.example", null, null, null, null,
                "https://bucket.example/wp-cli.phar", PIN);
        BootstrapOverrides server = BootstrapOverrides.of(null, null, null, null, null, "2.10.0", null, "cd".repeat(64));
        BootstrapOverrides merged = server.over(profile);
        assertEquals("8.3", merged.getPhpVersion());
        assertEquals("https://mirror.example", merged.getAptMirror());
        assertEquals("2.10.0", merged.getWpCliVersion());
        assertNull(merged.getWpCliUrls(), "the profile's URLs never meet the server's checksum");
        assertEquals("cd".repeat(64), merged.getWpCliSha512());
    }

    /**
     * Every setting a failure message of the scripts names ({@code 'Label' (ECS_...)} or {@code setting 'Label'})
     * is one the forms have, and the old names that no form had are gone.
     */
    @Test
    void theScriptsNameOnlySettingsTheFormsHave() throws IOException {
        String scripts = script("lib.sh") + script("steps.sh");
        Matcher named = Pattern.compile("'([A-Za-z][A-Za-z0-9 -]*)' \\((?:ECS_|\\$)|settings? '([A-Za-z][A-Za-z0-9 -]*)'|\\('([A-Za-z][A-Za-z0-9 -]*)'\\)")
                .matcher(scripts);
        List<String> names = new ArrayList<>();
        while (named.find()) {
            names.add(named.group(1) != null ? named.group(1) : named.group(2) != null ? named.group(2) : named.group(3));
        }
        assertTrue(names.size() >= 8, names.toString());
        for (String name : names) {
            assertTrue(BootstrapOverrides.LABELS.contains(name), "the scripts name a setting no form has: '" + name + "'");
        }
        for (String label : BootstrapOverrides.LABELS) {
            if (!label.equals(BootstrapOverrides.WP_CLI_VERSION)) {
                assertTrue(scripts.contains("'" + label + "'"), "no message names '" + label + "'");
            }
        }
        for (String gone : List.of("wpCliSha512", "wpCliUrls", "phpRepository", "aptMirror", "phpVersion", "profile setting")) {
            assertFalse(scripts.contains(gone), "the scripts still name '" + gone + "'");
        }
    }

    private static String script(String name) throws IOException {
        try (InputStream in = BootstrapOverridesTest.class.getResourceAsStream("/bootstrap/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertRefused(String expected, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}

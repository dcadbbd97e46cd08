package com.ecsprovisioner.provider;

import com.ecsprovisioner.bootstrap.DownloadSourceOverrides;
import com.ecsprovisioner.bootstrap.DownloadSources;
import com.ecsprovisioner.platform.Rejected;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The apt mirror and WP-CLI address an operator sets are checked on save by the rule the bootstrap applies. */
class OperatorUrlsTest {

    private static final String PIN = "ab".repeat(64);

    private static ProviderProfile profile() {
        return new ProviderProfile("p", "LTAI5tExample", "sealed", null, "cn-hangzhou", "pair", "SHA256:fingerprint", "sealed-key", null, Instant.EPOCH);
    }

    @Test
    void aPlainHttpWpCliAddressIsRefusedOnSaveAndByTheBootstrapUnlessPinned() {
        ProviderProfile profile = profile();
        Rejected refused = assertThrows(Rejected.class,
                () -> profile.changeBootstrapOptions("default", null, "http://mirror.example/wp-cli.phar", null));
        assertTrue(refused.getMessage().contains("plain http: use https, or pin"), refused.getMessage());
        assertNull(profile.getWpCliUrl(), "nothing of a refused save is kept");

        // The bootstrap's rule is the same one.
        assertThrows(IllegalArgumentException.class, () -> DownloadSources.forRegion("eu-central-1",
                new DownloadSourceOverrides(null, null, null, List.of("http://mirror.example/wp-cli.phar"), null)));
        assertEquals(List.of("http://mirror.example/wp-cli.phar"), DownloadSources.forRegion("eu-central-1",
                new DownloadSourceOverrides(null, null, null, List.of("http://mirror.example/wp-cli.phar"), PIN)).wpCliUrls());

        profile.changeBootstrapOptions("default", null, "https://mirror.example/wp-cli.phar", null);
        assertEquals("https://mirror.example/wp-cli.phar", profile.getWpCliUrl());
    }

    @Test
    void anAptMirrorMayStayHttpButMustBeAUrlWithAHost() {
        ProviderProfile profile = profile();
        profile.changeBootstrapOptions("default", "http://mirrors.cloud.aliyuncs.com", null, null);
        assertEquals("http://mirrors.cloud.aliyuncs.com", profile.getAptMirror());

        for (String bad : List.of("https://?x=1", "http://;reboot", "ftp://mirror.example", "https://mirror.example/a\u0007b")) {
            Rejected refused = assertThrows(Rejected.class, () -> profile.changeBootstrapOptions("default", bad, null, null), bad);
            assertTrue(refused.getMessage().startsWith("APT mirror '"), refused.getMessage());
        }
        assertThrows(Rejected.class, () -> profile.changeBootstrapOptions("default", null, "https://?x=1", null));
    }
}

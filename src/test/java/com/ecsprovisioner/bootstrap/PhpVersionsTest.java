package com.ecsprovisioner.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhpVersionsTest {

    private static final String JAMMY = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
    private static final String NOBLE = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";
    private static final String BOOKWORM = "debian_12_5_x64_20G_alibase_20240325.vhd";

    @Test
    void eachSupportedOsOffersItsDistributionsPhpAndTheRepositorysBranches() {
        assertEquals(Optional.of("8.1"), PhpVersions.distribution(JAMMY));
        assertEquals(Optional.of("8.3"), PhpVersions.distribution(NOBLE));
        assertEquals(Optional.of("8.2"), PhpVersions.distribution(BOOKWORM));
        assertEquals(List.of("8.1", "8.2", "8.3", "8.4"), PhpVersions.offered(NOBLE));
        assertEquals(List.of(), PhpVersions.offered("centos_7_9_x64_20G_alibase.vhd"));
    }

    @Test
    void aVersionTheImagesOsCannotGetIsRefusedWithTheOnesItCan() {
        assertEquals(Optional.empty(), PhpVersions.refusal(NOBLE, "8.4"));
        assertEquals(Optional.empty(), PhpVersions.refusal(NOBLE, "default"));
        assertEquals(Optional.empty(), PhpVersions.refusal(NOBLE, null));
        String refused = PhpVersions.refusal(BOOKWORM, "7.4").orElseThrow();
        assertEquals("PHP 7.4 cannot be installed on image " + BOOKWORM + ": its OS offers PHP 8.1, 8.2, 8.3, 8.4 "
                + "(8.2 from the distribution)", refused);
        assertTrue(PhpVersions.refusal(NOBLE, "eight").orElseThrow().contains("not a version such as 8.3"));
    }

    @Test
    void anImageOfAnOsTheScriptsDoNotKnowLeavesTheImageCheckToSpeak() {
        assertEquals(Optional.empty(), PhpVersions.refusal("centos_7_9_x64_20G_alibase.vhd", "7.4"));
    }
}

package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DownloadSourcesTest {

    private static final String PIN = "ab".repeat(64);

    /** Mainland region ids as Alibaba Cloud lists them (public cloud, local regions and finance cloud). */
    @ParameterizedTest
    @ValueSource(strings = {"cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu", "cn-hangzhou",
            "cn-shanghai", "cn-nanjing", "cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou", "cn-chengdu",
            "cn-wuhan-lr", "cn-zhengzhou-jva", "cn-shanghai-finance-1", "cn-shenzhen-finance-1", "cn-beijing-finance-1"})
    void mainlandRegionsGetTheAlibabaMirrors(String region) {
        assertTrue(DownloadSources.isMainlandChina(region));
        assertSame(MirrorPreset.ALIBABA_MAINLAND, MirrorPreset.forRegion(region));
        assertEquals("http://mirrors.cloud.aliyuncs.com", DownloadSources.forRegion(region, null).aptMirror());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn-hongkong", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5", "ap-southeast-6",
            "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-south-1", "us-east-1", "us-west-1", "us-southeast-1",
            "eu-central-1", "eu-west-1", "me-east-1", "me-central-1", "na-south-1"})
    void otherRegionsGetTheProjectsOwnServers(String region) {
        assertFalse(DownloadSources.isMainlandChina(region));
        assertSame(MirrorPreset.GLOBAL, MirrorPreset.forRegion(region));
        DownloadSources sources = DownloadSources.forRegion(region, DownloadSourceOverrides.none());
        assertEquals(List.of("https://github.com/wp-cli/wp-cli/releases/download/v2.12.0/wp-cli-2.12.0.phar"), sources.wpCliUrls());
        assertEquals(WpCliRelease.SHA512, sources.wpCliSha512(), "the pinned release's checksum, shipped with the product");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"hangzhou", "CN-HANGZHOU", "cn-", "cn hangzhou", "cn-hangzhou;rm"})
    void aMalformedRegionIsRefusedWithTheExpectedShape(String region) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DownloadSources.isMainlandChina(region));
        assertTrue(e.getMessage().contains("cn-hangzhou"), e.getMessage());
    }

    @Test
    void bothPresetsPinTheSameRepositoryKeys() {
        for (MirrorPreset preset : MirrorPreset.values()) {
            assertEquals("14AA40EC0831756756D7F66C4F4EA0AAE5267A6C", preset.sources().ubuntuPhpRepository().keyFingerprint());
            assertEquals("15058500A0235D97F5D10063B188E2B695BD4743", preset.sources().debianPhpRepository().keyFingerprint());
        }
        assertEquals("https://mirror.sjtu.edu.cn/sury/php", MirrorPreset.ALIBABA_MAINLAND.sources().debianPhpRepository().url());
        assertTrue(MirrorPreset.ALIBABA_MAINLAND.sources().wpCliUrls().get(0).contains("jsdelivr.net/gh/wp-cli/builds@gh-pages"));
    }

    @Test
    void eachSourceCanBeOverriddenAloneAndTheRestStaysThePresets() {
        DownloadSourceOverrides onlyWpCli = new DownloadSourceOverrides(null, null, null,
                List.of("https://bucket.oss-cn-hangzhou.aliyuncs.com/wp-cli.phar"), "A".repeat(128));
        DownloadSources sources = DownloadSources.forRegion("cn-hangzhou", onlyWpCli);
        DownloadSources preset = MirrorPreset.ALIBABA_MAINLAND.sources();
        assertEquals(List.of("https://bucket.oss-cn-hangzhou.aliyuncs.com/wp-cli.phar"), sources.wpCliUrls());
        assertEquals("a".repeat(128), sources.wpCliSha512());
        assertEquals(preset.aptMirror(), sources.aptMirror());
        assertEquals(preset.ubuntuPhpRepository(), sources.ubuntuPhpRepository());
        assertEquals("alibaba-mainland+custom", sources.presetName());

        PhpRepository ownRepo = new PhpRepository("https://php.example.com/debian", "https://php.example.com/key.asc",
                "0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567");
        DownloadSources custom = DownloadSources.forRegion("eu-central-1", new DownloadSourceOverrides("", null, ownRepo, null, null));
        assertEquals("", custom.aptMirror());
        assertEquals("0123456789ABCDEF0123456789ABCDEF01234567", custom.debianPhpRepository().keyFingerprint());
        assertEquals(MirrorPreset.GLOBAL.sources().wpCliUrls(), custom.wpCliUrls());

        DownloadSources mirrorAbroad = DownloadSources.forRegion("us-east-1",
                new DownloadSourceOverrides("https://mirrors.aliyun.com", null, null, null, null));
        assertEquals("https://mirrors.aliyun.com", mirrorAbroad.aptMirror());
    }

    @Test
    void badSettingsAreRefusedWithAMessageNamingTheSetting() {
        DownloadSources preset = MirrorPreset.GLOBAL.sources();
        assertMessage("APT mirror", () -> new DownloadSourceOverrides("ftp://mirror", null, null, null, null).applyTo(preset));
        assertMessage("WP-CLI download URL", () -> new DownloadSourceOverrides(null, null, null, List.of("https://a b/wp"), PIN).applyTo(preset));
        assertMessage("WP-CLI download URL", () -> new DownloadSourceOverrides(null, null, null, List.of("wp-cli.phar"), PIN).applyTo(preset));
        assertMessage("at least one of the WP-CLI download URLs", () -> new DownloadSourceOverrides(null, null, null, List.of(), PIN).applyTo(preset));
        assertMessage("SHA-512", () -> new DownloadSourceOverrides(null, null, null, null, "abc").applyTo(preset));
        assertMessage("WP-CLI SHA-512 is required with your own WP-CLI download URLs",
                () -> new DownloadSourceOverrides(null, null, null, List.of("https://bucket.example/wp-cli.phar"), null).applyTo(preset));
        assertMessage("fingerprint", () -> new PhpRepository("https://a.example", "https://a.example/k", "B188E2B695BD4743"));
    }

    private static void assertMessage(String expected, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

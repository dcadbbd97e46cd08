package com.ecsprovisioner.sandbox.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the sandbox cloud sells: regions with their zones, instance types with their real sizes, and public images
 * named the way Alibaba names them. Fixed data; availability per zone is narrowed only by the configured stock.
 */
public final class Catalog {

    public record Region(String id, String localName, String englishName, String endpoint, String idPrefix,
                         List<String> zones) {

        /** The name in the caller's AcceptLanguage: Chinese by default (the API's default is zh-CN). */
        public String name(String acceptLanguage) {
            return acceptLanguage != null && acceptLanguage.toLowerCase(Locale.ROOT).startsWith("en")
                    ? englishName : localName;
        }

        public String zoneName(String zoneId, String acceptLanguage) {
            String letter = zoneId.substring(zoneId.length() - 1).toUpperCase(Locale.ROOT);
            return acceptLanguage != null && acceptLanguage.toLowerCase(Locale.ROOT).startsWith("en")
                    ? englishName.replaceAll(".*\\((.*)\\)", "$1") + " Zone " + letter : localName + " 可用区 " + letter;
        }
    }

    public record InstanceType(String id, String family, int cpu, double memoryGiB, String category, String level,
                               String generation) {
        public int memoryMiB() {
            return (int) Math.round(memoryGiB * 1024);
        }
    }

    public record Image(String id, String name, String family, String version, String osName, String osNameEn,
                        String platform, int sizeGiB, String creationTime) {
    }

    public static final List<String> DISK_CATEGORIES = List.of("cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto");

    private static final Map<String, Region> REGIONS = new LinkedHashMap<>();
    private static final Map<String, InstanceType> TYPES = new LinkedHashMap<>();
    private static final Map<String, Image> IMAGES = new LinkedHashMap<>();

    static {
        region("cn-hangzhou", "华东1（杭州）", "China (Hangzhou)", "ecs-cn-hangzhou.aliyuncs.com", "bp", "cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k");
        region("cn-shanghai", "华东2（上海）", "China (Shanghai)", "ecs.cn-shanghai.aliyuncs.com", "uf", "cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g", "cn-shanghai-l");
        region("cn-beijing", "华北2（北京）", "China (Beijing)", "ecs.cn-beijing.aliyuncs.com", "2z", "cn-beijing-g", "cn-beijing-h", "cn-beijing-i", "cn-beijing-k");
        region("cn-shenzhen", "华南1（深圳）", "China (Shenzhen)", "ecs.cn-shenzhen.aliyuncs.com", "wz", "cn-shenzhen-d", "cn-shenzhen-e", "cn-shenzhen-f");
        region("cn-hongkong", "中国香港", "China (Hong Kong)", "ecs.cn-hongkong.aliyuncs.com", "j6", "cn-hongkong-b", "cn-hongkong-c", "cn-hongkong-d");
        region("ap-southeast-1", "新加坡", "Singapore", "ecs.ap-southeast-1.aliyuncs.com", "t4", "ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c");
        region("eu-central-1", "德国（法兰克福）", "Germany (Frankfurt)", "ecs.eu-central-1.aliyuncs.com", "gw", "eu-central-1a", "eu-central-1b");
        region("us-west-1", "美国（硅谷）", "US (Silicon Valley)", "ecs.us-west-1.aliyuncs.com", "rj", "us-west-1a", "us-west-1b");

        type("ecs.t6-c1m1.large", "ecs.t6", 2, 2, "Shared", "CreditEntryLevel", "ecs-4");
        type("ecs.t6-c1m2.large", "ecs.t6", 2, 4, "Shared", "CreditEntryLevel", "ecs-4");
        type("ecs.e-c1m1.large", "ecs.e", 2, 2, "Shared", "EntryLevel", "ecs-5");
        type("ecs.e-c1m2.large", "ecs.e", 2, 4, "Shared", "EntryLevel", "ecs-5");
        type("ecs.c7.large", "ecs.c7", 2, 4, "Compute-optimized", "EnterpriseLevel", "ecs-6");
        type("ecs.c7.xlarge", "ecs.c7", 4, 8, "Compute-optimized", "EnterpriseLevel", "ecs-6");
        type("ecs.g7.large", "ecs.g7", 2, 8, "General-purpose", "EnterpriseLevel", "ecs-6");
        type("ecs.g7.xlarge", "ecs.g7", 4, 16, "General-purpose", "EnterpriseLevel", "ecs-6");

        image("ubuntu_22_04_x64_20G_alibase_20240130.vhd", "acs:ubuntu_22_04_x64", "22.04", "Ubuntu  22.04 64位", "Ubuntu  22.04 64 bit", "Ubuntu", "2024-01-30T08:00:00Z");
        image("ubuntu_24_04_x64_20G_alibase_20240923.vhd", "acs:ubuntu_24_04_x64", "24.04", "Ubuntu  24.04 64位", "Ubuntu  24.04 64 bit", "Ubuntu", "2024-09-23T08:00:00Z");
        image("debian_12_5_x64_20G_alibase_20240325.vhd", "acs:debian_12_5_x64", "12.5", "Debian  12.5 64位", "Debian  12.5 64 bit", "Debian", "2024-03-25T08:00:00Z");
    }

    private static void region(String id, String name, String english, String endpoint, String prefix, String... zones) {
        REGIONS.put(id, new Region(id, name, english, endpoint, prefix, List.of(zones)));
    }

    private static void type(String id, String family, int cpu, double mem, String category, String level, String gen) {
        TYPES.put(id, new InstanceType(id, family, cpu, mem, category, level, gen));
    }

    private static void image(String id, String family, String version, String os, String osEn, String platform, String created) {
        IMAGES.put(id, new Image(id, id, family, version, os, osEn, platform, 20, created));
    }

    private Catalog() {
    }

    public static List<Region> regions() {
        return List.copyOf(REGIONS.values());
    }

    public static Region region(String id) {
        return id == null ? null : REGIONS.get(id);
    }

    public static List<InstanceType> instanceTypes() {
        return List.copyOf(TYPES.values());
    }

    public static InstanceType instanceType(String id) {
        return id == null ? null : TYPES.get(id);
    }

    public static List<Image> images() {
        return List.copyOf(IMAGES.values());
    }

    public static Image image(String id) {
        return id == null ? null : IMAGES.get(id);
    }
}

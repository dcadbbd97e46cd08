package com.ecsprovisioner.sandbox.cloud;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers shared by the resource classes: time formats of the API, and reading their persisted form.
 */
final class Resources {

    /** Instances and key pairs show minutes only ("2024-01-01T00:00Z"). */
    static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);
    /** VPCs, vSwitches, security groups and snapshots show seconds. */
    static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Resources() {
    }

    static boolean before(Instant now, Instant start, Duration d) {
        return now.isBefore(start.plus(d));
    }

    static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static Instant instant(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : Instant.parse(v.toString());
    }

    static int integer(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? 0 : ((Number) v).intValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> stringMap(Map<String, Object> m, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Object v = m.get(key);
        if (v instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, val) -> out.put(k, String.valueOf(val)));
        }
        return out;
    }

    static List<String> stringList(Map<String, Object> m, String key) {
        List<String> out = new ArrayList<>();
        Object v = m.get(key);
        if (v instanceof List<?> list) {
            list.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }

    /** OwnerId is numeric in the API; configured account ids need not be, so others show as 0. */
    static long ownerId(String accountId) {
        try {
            return Long.parseLong(accountId);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String ts(Instant i) {
        return i == null ? null : i.toString();
    }

    /** ECS tag list shape: {@code {"Tag":[{"TagKey":..,"TagValue":..}]}}. */
    static Map<String, Object> ecsTags(Map<String, String> tags) {
        List<Object> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Map.of("TagKey", k, "TagValue", v)));
        return Map.of("Tag", list);
    }

    /** VPC tag list shape: {@code {"Tag":[{"Key":..,"Value":..}]}}. */
    static Map<String, Object> vpcTags(Map<String, String> tags) {
        List<Object> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Map.of("Key", k, "Value", v)));
        return Map.of("Tag", list);
    }

    static Map<String, Object> wrap(String inner, Object list) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(inner, list);
        return m;
    }
}

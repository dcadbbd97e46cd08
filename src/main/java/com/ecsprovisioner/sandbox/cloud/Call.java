package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.api.ApiError;
import com.ecsprovisioner.sandbox.api.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One authenticated API call: who makes it, its merged parameters and the moment it is handled. Its readers turn
 * the wire encodings (reference §1.3) into values and bad input into the real error answers.
 */
public final class Call {

    private final AccessKey key;
    private final String action;
    private final Map<String, String> params;
    private final Instant now;

    public Call(AccessKey key, String action, Map<String, String> params, Instant now) {
        this.key = key;
        this.action = action;
        this.params = params;
        this.now = now;
    }

    public AccessKey key() {
        return key;
    }

    public String action() {
        return action;
    }

    public Map<String, String> params() {
        return params;
    }

    public Instant now() {
        return now;
    }

    public String get(String name) {
        String v = params.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    public String required(String name) {
        String v = get(name);
        if (v == null) {
            throw ApiError.missing(name);
        }
        return v;
    }

    public int integer(String name, int fallback, int min, int max) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "InvalidParameter", "The specified parameter \"" + name + "\" is not an integer: " + v);
        }
        if (n < min || n > max) {
            throw new ApiError(400, "InvalidParameter",
                    "The specified parameter \"" + name + "\" must be between " + min + " and " + max + ": " + v);
        }
        return n;
    }

    public boolean bool(String name) {
        String v = get(name);
        if (v == null) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ApiError(400, "InvalidParameter", "The specified parameter \"" + name + "\" must be true or false: " + v);
    }

    /** {@code Name.1}, {@code Name.2}, ... in index order, stopping at the first gap. */
    public List<String> repeated(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            String v = get(name + "." + i);
            if (v == null) {
                break;
            }
            out.add(v);
        }
        return out;
    }

    /** A JSON array of strings carried in one parameter, e.g. {@code InstanceIds=["i-1","i-2"]}. */
    public List<String> jsonArray(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        Object parsed;
        try {
            parsed = Json.read(v);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "InvalidParameter", "The specified parameter \"" + name + "\" is not a JSON array: " + v);
        }
        if (!(parsed instanceof List<?> list)) {
            throw new ApiError(400, "InvalidParameter", "The specified parameter \"" + name + "\" is not a JSON array: " + v);
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o != null) {
                out.add(o.toString());
            }
        }
        return out;
    }

    /** {@code Tag.N.Key}/{@code Tag.N.Value} pairs. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; i <= 20; i++) {
            String k = get("Tag." + i + ".Key");
            if (k == null) {
                break;
            }
            if (k.startsWith("aliyun") || k.startsWith("acs:") || k.contains("http://") || k.contains("https://")) {
                throw new ApiError(400, "InvalidTagKey.Malformed",
                        "The specified Tag.n.Key is not valid: it cannot start with aliyun or acs: nor contain http:// or https://.");
            }
            tags.put(k, get("Tag." + i + ".Value", ""));
        }
        if (get("Tag.21.Key") != null) {
            throw new ApiError(400, "NumberExceed.Tags", "The maximum number of tags is 20.");
        }
        return tags;
    }

    /** Business parameters only (the signature and other common parameters change on every retry). */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> {
            switch (k) {
                case "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp",
                        "Format", "Version", "SecurityToken", "ClientToken" -> {
                }
                default -> sb.append(k).append('=').append(v).append('\n');
            }
        });
        return sb.toString();
    }
}

package com.ecsprovisioner.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba RPC signature version 1 (HMAC-SHA1) as the Java SDK v1 computes it (reference §1.4): every parameter but
 * {@code Signature}, sorted by name, RFC 3986-encoded, joined, then {@code METHOD&%2F&encode(query)}. The server
 * recomputes it over exactly what it received, with the method it received.
 */
public final class SignatureV1 {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SignatureV1() {
    }

    public static String stringToSign(String method, Map<String, String> params) {
        String[] names = params.keySet().toArray(new String[0]);
        Arrays.sort(names);
        StringBuilder query = new StringBuilder(512);
        for (String name : names) {
            if ("Signature".equals(name)) {
                continue;
            }
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(percentEncode(name)).append('=').append(percentEncode(params.get(name)));
        }
        return method + "&" + percentEncode("/") + "&" + percentEncode(query.toString());
    }

    /** Looking a Mac up costs more than using it; each thread keeps one and re-keys it per call. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    });

    public static String sign(String secret, String stringToSign) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** RFC 3986: unreserved characters stay, everything else is %XX of its UTF-8 bytes with upper-case hex. */
    public static String percentEncode(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        byte[] bytes = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!unreserved(c)) {
                bytes = value.getBytes(StandardCharsets.UTF_8);
                out = new StringBuilder(bytes.length * 2);
                break;
            }
        }
        if (out == null) {
            return value;
        }
        for (byte b : bytes) {
            int c = b & 0xff;
            if (unreserved((char) c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** Constant-time comparison, so that the time of a rejection does not reveal how much of a signature matched. */
    public static boolean matches(String expected, String received) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                received.getBytes(StandardCharsets.UTF_8));
    }
}

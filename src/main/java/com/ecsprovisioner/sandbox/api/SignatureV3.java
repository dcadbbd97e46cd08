package com.ecsprovisioner.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba signature V3 ({@code ACS3-HMAC-SHA256}), the default of the current-generation SDKs (reference §1.4.2):
 * the action and version travel in {@code x-acs-action} / {@code x-acs-version}, the body's SHA-256 in
 * {@code x-acs-content-sha256}, and the {@code Authorization} header carries the key id, the names of the signed
 * headers and a hex HMAC-SHA256 over
 * {@code ACS3-HMAC-SHA256\n + hex(SHA-256(canonical request))}. The canonical request is
 * {@code METHOD\nURI\nsorted query (name=encode(value), joined by &)\nlower-case "name:trimmed value\n" per signed
 * header\nsigned header names joined by ;\nhex SHA-256 of the body}. The server recomputes it over what it received.
 */
public final class SignatureV3 {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";
    /** The headers the V3 documentation requires to be signed whenever they are sent. */
    public static final List<String> REQUIRED_SIGNED = List.of("host", "x-acs-action", "x-acs-content-sha256",
            "x-acs-date", "x-acs-signature-nonce", "x-acs-version");

    private SignatureV3() {
    }

    /** What the {@code Authorization} header says: {@code ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..}. */
    public record Authorization(String accessKeyId, List<String> signedHeaders, String signature) {

        /** Null when the header is not a well-formed V3 authorization (then the signature is incomplete). */
        public static Authorization parse(String header) {
            if (header == null || !header.startsWith(ALGORITHM + " ")) {
                return null;
            }
            Map<String, String> parts = new TreeMap<>();
            for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    return null;
                }
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
            String credential = parts.get("Credential");
            String signed = parts.get("SignedHeaders");
            String signature = parts.get("Signature");
            if (credential == null || credential.isEmpty() || signed == null || signed.isEmpty() || signature == null
                    || signature.isEmpty()) {
                return null;
            }
            return new Authorization(credential, Arrays.stream(signed.split(";"))
                    .map(s -> s.trim().toLowerCase(Locale.ROOT)).toList(), signature);
        }

        public String header() {
            return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + String.join(";", signedHeaders)
                    + ",Signature=" + signature;
        }
    }

    /**
     * @param query   the decoded query parameters (the form body is covered by the payload hash, not listed here)
     * @param headers the value(s) of a header by lower-case name; several values are sorted and joined by commas
     */
    public static String canonicalRequest(String method, String path, Map<String, String> query,
                                          Function<String, List<String>> headers, List<String> signedHeaders,
                                          String payloadHash) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(method).append('\n').append(path == null || path.isEmpty() ? "/" : path).append('\n');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
            if (!first) {
                sb.append('&');
            }
            first = false;
            sb.append(SignatureV1.percentEncode(e.getKey())).append('=').append(SignatureV1.percentEncode(e.getValue()));
        }
        sb.append('\n');
        List<String> names = new ArrayList<>(signedHeaders);
        names.sort(null);
        for (String name : names) {
            List<String> values = new ArrayList<>();
            for (String v : headers.apply(name) == null ? List.<String>of() : headers.apply(name)) {
                values.add(v.trim());
            }
            values.sort(null);
            sb.append(name).append(':').append(String.join(",", values)).append('\n');
        }
        sb.append('\n').append(String.join(";", names)).append('\n').append(payloadHash);
        return sb.toString();
    }

    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package com.ecsprovisioner.sandbox.api;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A client-side signer for signature V3 written from the published algorithm (reference §1.4.2), independent of the
 * sandbox's own {@link SignatureV3}: values are encoded the way the SDKs do ({@code encodeURIComponent} plus
 * {@code !'()*}), every {@code x-acs-*} header, {@code host} and {@code content-type} are signed, and the canonical
 * headers end with a blank line before the signed names. Tests can spoil one piece at a time.
 */
public final class AcsV3TestSigner {

    final String endpoint;
    String accessKeyId;
    String secret;
    String method = "POST";
    String action;
    String version = "2014-05-26";
    Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String nonce = UUID.randomUUID().toString().replace("-", "");
    final Map<String, String> query = new TreeMap<>();
    final Map<String, String> form = new TreeMap<>();
    /** When set, the header names signed instead of all of them (to leave one out). */
    String signedHeadersOverride;
    /** When set, the body sent instead of the one signed (a body changed on the way). */
    String bodyOverride;

    AcsV3TestSigner(String endpoint, String accessKeyId, String secret, String action) {
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.action = action;
    }

    /** A signed POST with the parameters in a form body, for callers outside this package (the benchmark). */
    public static HttpRequest signedPost(String endpoint, String accessKeyId, String secret, String action,
                                         String version, Map<String, String> form) throws Exception {
        AcsV3TestSigner s = new AcsV3TestSigner(endpoint, accessKeyId, secret, action);
        s.version = version;
        s.form.putAll(form);
        return s.build();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String join(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest build() throws Exception {
        String body = form.isEmpty() ? "" : join(form);
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", endpoint);
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", version);
        headers.put("x-acs-date", date.toString());
        headers.put("x-acs-signature-nonce", nonce);
        headers.put("x-acs-content-sha256", hex(sha256(body)));
        if (!form.isEmpty()) {
            headers.put("content-type", "application/x-www-form-urlencoded");
        }
        String canonicalHeaders = headers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().trim() + "\n")
                .collect(Collectors.joining());
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = method + "\n/\n" + join(query) + "\n" + canonicalHeaders + "\n" + signedHeaders
                + "\n" + headers.get("x-acs-content-sha256");
        String stringToSign = "ACS3-HMAC-SHA256\n" + hex(sha256(canonicalRequest));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        String authorization = "ACS3-HMAC-SHA256 Credential=" + accessKeyId + ",SignedHeaders="
                + (signedHeadersOverride == null ? signedHeaders : signedHeadersOverride) + ",Signature=" + signature;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"
                + (query.isEmpty() ? "" : "?" + join(query))));
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.remove("host"); // the HTTP client sends Host itself, from the URI
        sent.forEach(b::header);
        b.header("Authorization", authorization);
        String sentBody = bodyOverride == null ? body : bodyOverride;
        return b.method(method, sentBody.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(sentBody)).build();
    }
}

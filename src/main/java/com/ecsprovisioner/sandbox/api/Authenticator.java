package com.ecsprovisioner.sandbox.api;

import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.SimulatedCloud;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Who sent a request, by either signature the real RPC APIs accept: V1 ({@code HMAC-SHA1} over the parameters, in
 * the query or a form body, GET or POST) and V3 ({@code ACS3-HMAC-SHA256} in the {@code Authorization} header, over
 * a canonical request with the signed headers and the body's hash). Both then pass the same time-stamp window and
 * nonce check, and fail with the codes the real service uses (reference §4.7): {@code IncompleteSignature},
 * {@code SignatureDoesNotMatch} (echoing the server's string to sign), {@code InvalidAccessKeyId.NotFound},
 * {@code IllegalTimestamp}, {@code SignatureNonceUsed}.
 */
final class Authenticator {

    static final String ECS_VERSION = "2014-05-26";
    static final String VPC_VERSION = "2016-04-28";
    /** Quota Center (product "quotas"), whose ListProductQuotas reads the VPC quota per region. */
    static final String QUOTAS_VERSION = "2020-05-10";

    /** The product of an API version: "Ecs", "Vpc" or "Quotas"; null for a version the sandbox does not serve. */
    static String productOf(String version) {
        if (ECS_VERSION.equals(version)) {
            return "Ecs";
        }
        if (VPC_VERSION.equals(version)) {
            return "Vpc";
        }
        return QUOTAS_VERSION.equals(version) ? "Quotas" : null;
    }

    /** An authenticated request: the key, the action and version, and the business parameters. */
    record Authenticated(AccessKey key, String action, String version, Instant now) {
    }

    /** What the wire layer read: method, path, decoded query, merged parameters, headers by name, raw body. */
    record Request(String method, String path, Map<String, String> query, Map<String, String> params,
                   Function<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.apply(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        boolean signedV3() {
            String authorization = header("Authorization");
            return authorization != null && authorization.startsWith("ACS3-");
        }

        /** The API version the request names, by either signature's way of naming it. */
        String version() {
            return signedV3() ? header("x-acs-version") : params.get("Version");
        }
    }

    private final SimulatedCloud cloud;
    private final Duration timestampWindow;
    private final ConcurrentHashMap<String, Instant> nonces = new ConcurrentHashMap<>();
    private final AtomicInteger nonceSweep = new AtomicInteger();

    Authenticator(SimulatedCloud cloud, Duration timestampWindow) {
        this.cloud = cloud;
        this.timestampWindow = timestampWindow;
    }

    /** The product the request is for ("Ecs", "Vpc" or "Quotas"); throws for an unknown version or action. */
    String product(Request request, String action) {
        String version = request.version();
        String product = productOf(version);
        if (product == null) {
            throw new ApiError(400, "InvalidParameter", "Action or Version is not valid: Version " + version);
        }
        if (!cloud.knows(product, action)) {
            throw new ApiError(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method: " + action);
        }
        return product;
    }

    Authenticated authenticate(Request request) {
        return request.signedV3() ? v3(request) : v1(request);
    }

    private Authenticated v1(Request request) {
        Map<String, String> params = request.params();
        for (String required : List.of("Action", "Version", "AccessKeyId", "Signature", "SignatureMethod",
                "SignatureVersion", "SignatureNonce", "Timestamp")) {
            if (isEmpty(params.get(required))) {
                if (required.equals("Signature")) {
                    throw mismatch("IncompleteSignature", "The request signature does not conform to Aliyun standards.",
                            SignatureV1.stringToSign(request.method(), params));
                }
                throw ApiError.missing(required);
            }
        }
        String action = params.get("Action");
        product(request, action);
        if (!"HMAC-SHA1".equals(params.get("SignatureMethod")) || !"1.0".equals(params.get("SignatureVersion"))) {
            throw new ApiError(400, "InvalidParamater", // sic, the real code (reference §4.7)
                    "The specified SignatureMethod or SignatureVersion is not supported: use HMAC-SHA1 and 1.0.");
        }
        AccessKey key = key(params.get("AccessKeyId"));
        String stringToSign = SignatureV1.stringToSign(request.method(), params);
        if (!SignatureV1.matches(SignatureV1.sign(key.secret(), stringToSign), params.get("Signature"))) {
            throw mismatch("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.",
                    stringToSign);
        }
        return fresh(key, action, params.get("Version"), params.get("Timestamp"), params.get("SignatureNonce"));
    }

    private Authenticated v3(Request request) {
        SignatureV3.Authorization auth = SignatureV3.Authorization.parse(request.header("Authorization"));
        if (auth == null) {
            throw new ApiError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards:"
                    + " use " + SignatureV3.ALGORITHM + " Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>.");
        }
        for (String header : List.of("x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                "x-acs-content-sha256")) {
            if (isEmpty(request.header(header))) {
                throw ApiError.missing(header);
            }
        }
        String action = request.header("x-acs-action");
        product(request, action);
        for (String header : SignatureV3.REQUIRED_SIGNED) {
            if (!auth.signedHeaders().contains(header)) {
                throw new ApiError(400, "IncompleteSignature", "The request signature does not conform to Aliyun"
                        + " standards: the header " + header + " must be signed (SignedHeaders).");
            }
        }
        AccessKey key = key(auth.accessKeyId());
        // The body's own hash, not the header's claim: a body changed on the way fails the signature.
        String canonical = SignatureV3.canonicalRequest(request.method(), request.path(), request.query(),
                request.headers(), auth.signedHeaders(), SignatureV3.sha256Hex(request.body()));
        String stringToSign = SignatureV3.stringToSign(canonical);
        if (!SignatureV1.matches(SignatureV3.sign(key.secret(), stringToSign), auth.signature().toLowerCase(Locale.ROOT))) {
            throw mismatch("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.",
                    stringToSign);
        }
        return fresh(key, action, request.header("x-acs-version"), request.header("x-acs-date"),
                request.header("x-acs-signature-nonce"));
    }

    private AccessKey key(String id) {
        return cloud.accessKey(id).orElseThrow(() ->
                new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."));
    }

    private Authenticated fresh(AccessKey key, String action, String version, String timestamp, String nonce) {
        Instant now = cloud.now();
        checkTimestamp(timestamp, now);
        checkNonce(key.id() + "/" + nonce, now);
        return new Authenticated(key, action, version, now);
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static ApiError mismatch(String code, String message, String stringToSign) {
        // The SDK compares the echoed string to sign with its own to report a wrong secret (reference §1.4).
        return new ApiError(400, code, message + " server string to sign is:" + stringToSign);
    }

    private void checkTimestamp(String timestamp, Instant now) {
        Instant t;
        try {
            t = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "InvalidTimeStamp.Format",
                    "Specified time stamp or date value is not well formatted: use yyyy-MM-ddTHH:mm:ssZ in UTC.");
        }
        if (!timestampWindow.isZero() && Duration.between(t, now).abs().compareTo(timestampWindow) > 0) {
            throw new ApiError(400, "IllegalTimestamp",
                    "The input parameter \"Timestamp\" that is mandatory for processing this request is not supplied or is expired.");
        }
    }

    private void checkNonce(String nonceKey, Instant now) {
        Instant expiry = now.plus(timestampWindow.isZero() ? Duration.ofMinutes(15) : timestampWindow);
        if (nonces.putIfAbsent(nonceKey, expiry) != null) {
            throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        if (nonceSweep.incrementAndGet() % 4096 == 0) {
            nonces.values().removeIf(e -> e.isBefore(now));
        }
    }
}

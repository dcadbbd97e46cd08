package com.ecsprovisioner.sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Raw signature V3 requests ({@code ACS3-HMAC-SHA256}) built by {@link AcsV3TestSigner}, as the current-generation
 * SDKs send them: accepted with parameters in the query or a form body, and refused with the real codes for each
 * kind of bad signature, a stale date, a reused nonce and an unknown key. V1 and V3 calls see the same cloud.
 */
class SignatureV3ConformanceTest {

    private Sandbox sandbox;
    private AccessKey key;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).adminToken("admin-secret").build());
        key = sandbox.accounts().get(0);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private AcsV3TestSigner signer(String action) {
        return new AcsV3TestSigner(sandbox.endpoint(), key.id(), key.secret(), action);
    }

    private HttpResponse<String> send(AcsV3TestSigner signer) throws Exception {
        return http.send(signer.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertCode(int status, String code, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"Code\":\"" + code + "\""), r.body());
    }

    @Test
    void postWithAFormBodyIsAccepted() throws Exception {
        AcsV3TestSigner s = signer("DescribeZones");
        s.form.put("RegionId", "cn-hangzhou");
        s.form.put("AcceptLanguage", "en-US");
        HttpResponse<String> r = send(s);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"ZoneId\":\"cn-hangzhou-"), r.body());
    }

    @Test
    void getWithTheParametersInTheQueryIsAccepted() throws Exception {
        AcsV3TestSigner s = signer("DescribeRegions");
        s.method = "GET";
        s.query.put("AcceptLanguage", "en-US");
        HttpResponse<String> r = send(s);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"RegionId\":\"cn-hangzhou\""), r.body());
    }

    @Test
    void aVpcMadeOverV3IsSeenByAV1Describe() throws Exception {
        AcsV3TestSigner s = signer("CreateVpc");
        s.version = "2016-04-28";
        s.query.put("RegionId", "cn-hangzhou");
        s.form.put("CidrBlock", "10.0.0.0/16");
        s.form.put("ClientToken", "v3-conformance-token");
        s.form.put("VpcName", "made-over-v3");
        HttpResponse<String> created = send(s);
        assertEquals(200, created.statusCode(), created.body());
        String vpcId = created.body().replaceAll(".*\"VpcId\":\"([^\"]+)\".*", "$1");

        Map<String, String> p = new TreeMap<>(Map.of("Action", "DescribeVpcs", "Version", "2016-04-28",
                "Format", "JSON", "AccessKeyId", key.id(), "SignatureMethod", "HMAC-SHA1", "SignatureVersion", "1.0",
                "SignatureNonce", UUID.randomUUID().toString(), "RegionId", "cn-hangzhou", "VpcId", vpcId));
        p.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("Signature", SignatureV1.sign(key.secret(), SignatureV1.stringToSign("GET", p)));
        StringBuilder q = new StringBuilder();
        p.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(AcsV3TestSigner.encode(k)).append('=')
                .append(AcsV3TestSigner.encode(v)));
        HttpResponse<String> described = http.send(HttpRequest.newBuilder(
                URI.create("http://" + sandbox.endpoint() + "/?" + q)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, described.statusCode(), described.body());
        assertTrue(described.body().contains("\"VpcName\":\"made-over-v3\""), described.body());
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatchWithTheServersStringToSign() throws Exception {
        AcsV3TestSigner s = signer("DescribeRegions");
        s.secret = key.secret() + "x";
        HttpResponse<String> r = send(s);
        assertCode(400, "SignatureDoesNotMatch", r);
        assertTrue(r.body().contains("server string to sign is:ACS3-HMAC-SHA256\\n"), r.body());
    }

    @Test
    void aBodyChangedAfterSigningIsSignatureDoesNotMatch() throws Exception {
        AcsV3TestSigner s = signer("DescribeZones");
        s.form.put("RegionId", "cn-hangzhou");
        s.bodyOverride = "RegionId=cn-beijing";
        assertCode(400, "SignatureDoesNotMatch", send(s));
    }

    @Test
    void anUnknownKeyIsInvalidAccessKeyIdNotFound() throws Exception {
        AcsV3TestSigner s = signer("DescribeRegions");
        s.accessKeyId = "LTAI-no-such-key";
        assertCode(404, "InvalidAccessKeyId.NotFound", send(s));
    }

    @Test
    void aDateOutsideTheWindowIsIllegalTimestamp() throws Exception {
        AcsV3TestSigner s = signer("DescribeRegions");
        s.date = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        assertCode(400, "IllegalTimestamp", send(s));
    }

    @Test
    void aReusedNonceIsSignatureNonceUsed() throws Exception {
        AcsV3TestSigner first = signer("DescribeRegions");
        assertEquals(200, send(first).statusCode());
        AcsV3TestSigner again = signer("DescribeRegions");
        again.nonce = first.nonce;
        assertCode(400, "SignatureNonceUsed", send(again));
    }

    @Test
    void aRequiredHeaderLeftOutOfTheSignatureIsIncompleteSignature() throws Exception {
        AcsV3TestSigner s = signer("DescribeRegions");
        s.signedHeadersOverride = "host;x-acs-action;x-acs-content-sha256;x-acs-signature-nonce;x-acs-version";
        assertCode(400, "IncompleteSignature", send(s));
    }

    @Test
    void aMalformedAuthorizationIsIncompleteSignature() throws Exception {
        HttpRequest valid = signer("DescribeRegions").build();
        HttpRequest.Builder b = HttpRequest.newBuilder(valid.uri()).POST(HttpRequest.BodyPublishers.noBody());
        valid.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Authorization")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        b.header("Authorization", "ACS3-HMAC-SHA256 Credential=" + key.id());
        assertCode(400, "IncompleteSignature", http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aMissingActionHeaderIsMissingParameter() throws Exception {
        HttpRequest valid = signer("DescribeRegions").build();
        HttpRequest.Builder b = HttpRequest.newBuilder(valid.uri()).POST(HttpRequest.BodyPublishers.noBody());
        valid.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("x-acs-action")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        assertCode(400, "MissingParameter", http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }
}

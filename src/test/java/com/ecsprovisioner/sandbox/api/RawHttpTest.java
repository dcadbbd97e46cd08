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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand-built requests signed per reference §1.4, without the SDK: GET with a query, POST with a form body. */
class RawHttpTest {

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

    private Map<String, String> common(String action, String version, String nonce) {
        Map<String, String> p = new TreeMap<>();
        p.put("Action", action);
        p.put("Version", version);
        p.put("Format", "JSON");
        p.put("AccessKeyId", key.id());
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", nonce);
        p.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("RegionId", "cn-hangzhou");
        return p;
    }

    private static String encode(Map<String, String> p) {
        StringBuilder sb = new StringBuilder();
        p.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(SignatureV1.percentEncode(k)).append('=')
                .append(SignatureV1.percentEncode(v)));
        return sb.toString();
    }

    private void sign(String method, Map<String, String> p, String secret) {
        p.put("Signature", SignatureV1.sign(secret, SignatureV1.stringToSign(method, p)));
    }

    private HttpResponse<String> get(Map<String, String> p) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.endpoint() + "/?" + encode(p))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(Map<String, String> p) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(p))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedGetAnswersJsonWithTheRealContentType() throws Exception {
        Map<String, String> p = common("DescribeRegions", "2014-05-26", UUID.randomUUID().toString());
        sign("GET", p, key.secret());
        HttpResponse<String> r = get(p);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().contains("\"Regions\":{\"Region\":["), r.body());
        assertTrue(r.body().contains("华东1（杭州）"));
        assertTrue(r.body().startsWith("{\"RequestId\":\""));
    }

    @Test
    void formBodyPostWithAValueNeedingEncodingCreatesAVpc() throws Exception {
        Map<String, String> p = common("CreateVpc", "2016-04-28", UUID.randomUUID().toString());
        p.put("VpcName", "wp net*~/é");
        sign("POST", p, key.secret());
        HttpResponse<String> r = postForm(p);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"VpcId\":\"vpc-bp1"), r.body());
        Map<String, String> d = common("DescribeVpcs", "2016-04-28", UUID.randomUUID().toString());
        sign("POST", d, key.secret());
        assertTrue(postForm(d).body().contains("\"VpcName\":\"wp net*~/é\""));
    }

    @Test
    void signatureSignedForTheWrongMethodEchoesTheServerStringToSign() throws Exception {
        Map<String, String> p = common("DescribeRegions", "2014-05-26", UUID.randomUUID().toString());
        sign("POST", p, key.secret());
        HttpResponse<String> r = get(p);
        assertEquals(400, r.statusCode());
        Map<?, ?> body = (Map<?, ?>) Json.read(r.body());
        assertEquals("SignatureDoesNotMatch", body.get("Code"));
        assertTrue(((String) body.get("Message")).endsWith("server string to sign is:GET&%2F&AccessKeyId%3D" + key.id()
                + "%26Action%3DDescribeRegions%26Format%3DJSON%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1"
                + "%26SignatureNonce%3D" + p.get("SignatureNonce") + "%26SignatureVersion%3D1.0%26Timestamp%3D"
                + SignatureV1.percentEncode(SignatureV1.percentEncode(p.get("Timestamp"))) + "%26Version%3D2014-05-26"),
                (String) body.get("Message"));
        for (String field : new String[]{"RequestId", "HostId", "Code", "Message", "Recommend"}) {
            assertTrue(body.containsKey(field), field);
        }
    }

    @Test
    void missingSignatureIsIncompleteAndMissingParametersAreNamed() throws Exception {
        Map<String, String> p = common("DescribeRegions", "2014-05-26", UUID.randomUUID().toString());
        HttpResponse<String> r = get(p);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"Code\":\"IncompleteSignature\""), r.body());
        p.remove("Timestamp");
        sign("GET", p, key.secret());
        r = get(p);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"Code\":\"MissingParameter\"") && r.body().contains("Timestamp"), r.body());
    }

    @Test
    void reusedNonceIsRejected() throws Exception {
        Map<String, String> p = common("DescribeRegions", "2014-05-26", "fixed-nonce-1");
        sign("GET", p, key.secret());
        assertEquals(200, get(p).statusCode());
        HttpResponse<String> again = get(p);
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("\"Code\":\"SignatureNonceUsed\""), again.body());
    }

    @Test
    void unknownActionAndVersion() throws Exception {
        Map<String, String> p = common("DescribeNothing", "2014-05-26", UUID.randomUUID().toString());
        sign("GET", p, key.secret());
        HttpResponse<String> r = get(p);
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("InvalidAction.NotFound"));
        Map<String, String> v = common("DescribeRegions", "2099-01-01", UUID.randomUUID().toString());
        sign("GET", v, key.secret());
        assertEquals(400, get(v).statusCode());
    }

    @Test
    void staleTimestampIsIllegal() throws Exception {
        Map<String, String> p = common("DescribeRegions", "2014-05-26", UUID.randomUUID().toString());
        p.put("Timestamp", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        sign("GET", p, key.secret());
        HttpResponse<String> r = get(p);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("IllegalTimestamp"));
    }

    @Test
    void adminInterfaceNeedsItsTokenAndResets() throws Exception {
        Map<String, String> p = common("CreateVpc", "2016-04-28", UUID.randomUUID().toString());
        sign("POST", p, key.secret());
        assertEquals(200, postForm(p).statusCode());
        URI state = URI.create("http://" + sandbox.endpoint() + "/_sandbox/state");
        assertEquals(401, http.send(HttpRequest.newBuilder(state).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> s = http.send(HttpRequest.newBuilder(state).header("X-Sandbox-Admin-Token", "admin-secret").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, s.statusCode());
        assertTrue(s.body().contains("\"Type\":\"Vpc\""), s.body());
        HttpResponse<String> reset = http.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.endpoint() + "/_sandbox/reset"))
                .header("Authorization", "Bearer admin-secret").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reset.statusCode());
        assertTrue(sandbox.inspect().accounts().get(0).regions().isEmpty()
                || sandbox.inspect().accounts().get(0).regions().get(0).resources().isEmpty());
    }
}

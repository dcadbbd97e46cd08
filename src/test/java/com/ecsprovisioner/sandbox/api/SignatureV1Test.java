package com.ecsprovisioner.sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureV1Test {

    @Test
    void documentationTestVector() {
        Map<String, String> p = new HashMap<>();
        p.put("AccessKeyId", "testid");
        p.put("Action", "DescribeRegions");
        p.put("Format", "XML");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        p.put("SignatureVersion", "1.0");
        p.put("Timestamp", "2016-02-23T12:46:24Z");
        p.put("Version", "2014-05-26");
        p.put("Signature", "ignored");
        String sts = SignatureV1.stringToSign("GET", p);
        assertEquals("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
                + "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
                + "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26", sts);
        assertEquals("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", SignatureV1.sign("testsecret", sts));
    }

    @Test
    void percentEncodingIsRfc3986() {
        assertEquals("a%20b%2Ac~d%2F%C3%A9", SignatureV1.percentEncode("a b*c~d/é"));
        assertEquals("A-z_0.9~", SignatureV1.percentEncode("A-z_0.9~"));
    }
}

package com.ecsprovisioner.sandbox.api;

import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A sandbox of its own for each test, with immediate state changes, called with raw V3 requests signed by
 * {@link AcsV3TestSigner} under its full-access key: what the conformance tests that speak V3 share.
 */
final class V3Sandbox implements BeforeEachCallback, AfterEachCallback {

    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    private Sandbox sandbox;
    private AccessKey key;

    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());
        key = sandbox.accounts().get(0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sandbox.close();
    }

    /** One action, its parameters in a form body, signed with V3. */
    HttpResponse<String> call(String action, String version, Map<String, String> params) throws Exception {
        AcsV3TestSigner s = new AcsV3TestSigner(sandbox.endpoint(), key.id(), key.secret(), action);
        s.version = version;
        s.form.putAll(params);
        return http.send(s.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package com.ecsprovisioner.cloud.alibaba;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.policy.retry.RetryPolicy;
import com.aliyuncs.profile.DefaultProfile;
import com.ecsprovisioner.cloud.CloudConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One SDK client per (AccessKey id, hash of the secret, region, endpoint), built once and shared by every thread:
 * {@code DefaultAcsClient} is thread-safe, and building one per call would sign nothing faster but allocate a lot.
 * The key holds a hash of the secret, not the secret, so that a changed secret gets a new client and a heap dump of
 * the map shows no secret (the client itself must hold it to sign).
 * <p>
 * The endpoint override is applied per request ({@code setSysEndpoint}), never through the JVM-global
 * {@code DefaultProfile.addEndpoint} table, so that two profiles pointing at different endpoints (the sandbox and
 * the real cloud) cannot redirect each other's calls.
 */
final class AcsClients {

    /** Where requests go: the product's public endpoint (empty host) or an override such as the sandbox. */
    record Endpoint(String hostPort, ProtocolType protocol, boolean loopback) {

        static final Endpoint PUBLIC = new Endpoint(null, ProtocolType.HTTPS, false);

        boolean overridden() {
            return hostPort != null;
        }

        /** http://127.0.0.1:8780 → plain HTTP to 127.0.0.1:8780; https://host → HTTPS. */
        static Endpoint of(Optional<URI> uri) {
            if (uri.isEmpty()) {
                return PUBLIC;
            }
            URI u = uri.get();
            String host = u.getHost();
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("The cloud endpoint override '" + u
                        + "' has no host: write it as http://127.0.0.1:8780 or https://ecs.example.com");
            }
            String scheme = u.getScheme() == null ? "http" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("The cloud endpoint override '" + u + "' must start with http:// or https://");
            }
            String hostPort = u.getPort() > 0 ? host + ":" + u.getPort() : host;
            return new Endpoint(hostPort, scheme.equals("https") ? ProtocolType.HTTPS : ProtocolType.HTTP, isLoopback(host));
        }

        private static boolean isLoopback(String host) {
            if (host.equals("localhost")) {
                return true;
            }
            if (!host.matches("[0-9.:\\[\\]a-fA-F]+")) {
                return false; // a name: do not resolve it just to decide on proxies
            }
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }

        String describe() {
            return overridden() ? protocol + "://" + hostPort : "";
        }

        String host() {
            int colon = hostPort.lastIndexOf(':');
            return colon > 0 && !hostPort.endsWith("]") ? hostPort.substring(0, colon) : hostPort;
        }
    }

    private record Key(String accessKeyId, String secretHash, String regionId, String ecsEndpoint, String vpcEndpoint) {
    }

    private final ConcurrentMap<Key, IAcsClient> clients = new ConcurrentHashMap<>();
    private final Duration connectTimeout;
    private final Duration readTimeout;

    AcsClients(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    IAcsClient client(CloudConnection c, Endpoint ecs, Endpoint vpc) {
        Key key = new Key(c.accessKeyId(), sha256(c.accessKeySecret()), c.regionId(), ecs.describe(), vpc.describe());
        return clients.computeIfAbsent(key, k -> build(c, ecs, vpc));
    }

    int size() {
        return clients.size();
    }

    private IAcsClient build(CloudConnection c, Endpoint ecs, Endpoint vpc) {
        DefaultProfile profile = DefaultProfile.getProfile(c.regionId(), c.accessKeyId(), c.accessKeySecret());
        var http = profile.getHttpClientConfig();
        http.setProtocolType(ecs.protocol());
        http.setConnectionTimeoutMillis(connectTimeout.toMillis());
        http.setReadTimeoutMillis(readTimeout.toMillis());
        String loopbackHosts = Stream.of(ecs, vpc).filter(Endpoint::loopback).map(Endpoint::host)
                .distinct().collect(Collectors.joining(","));
        if (!loopbackHosts.isEmpty()) {
            // The SDK sends through HTTP_PROXY when the environment sets one; a loopback endpoint must bypass it.
            // (The SDK's Apache client is a JVM-wide singleton that keeps the first client's settings, so the
            // request-level time-outs set by RegionCalls are what really counts; NO_PROXY is read per call.)
            http.setNoProxy(loopbackHosts);
        }
        DefaultAcsClient client = new DefaultAcsClient(profile);
        // The provisioning engine owns retries (it stores the attempt and backs off without holding a thread);
        // an SDK retry underneath would multiply attempts and hide the time spent.
        client.setSysRetryPolicy(RetryPolicy.none());
        return client;
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

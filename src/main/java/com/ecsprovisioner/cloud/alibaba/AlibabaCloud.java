package com.ecsprovisioner.cloud.alibaba;

import com.ecsprovisioner.cloud.Cloud;
import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Alibaba Cloud implementation of the port. Time-outs are explicit so that a cloud (or sandbox) that does not
 * answer fails fast with {@code UNAVAILABLE} instead of holding a worker: connect 5 s and read 15 s by default,
 * overridable with the system properties or environment variables {@code ecs.cloud.connect-timeout-ms} /
 * {@code ECS_CLOUD_CONNECT_TIMEOUT_MS} and {@code ecs.cloud.read-timeout-ms} / {@code ECS_CLOUD_READ_TIMEOUT_MS}.
 * Usable as a CDI bean and with plain {@code new}.
 */
@ApplicationScoped
public class AlibabaCloud implements Cloud {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
    /** What the SDK itself accepts as a region id (it validates the same pattern before sending). */
    private static final Pattern REGION_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private final AcsClients clients;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public AlibabaCloud() {
        this(setting("ecs.cloud.connect-timeout-ms", DEFAULT_CONNECT_TIMEOUT),
                setting("ecs.cloud.read-timeout-ms", DEFAULT_READ_TIMEOUT));
    }

    public AlibabaCloud(Duration connectTimeout, Duration readTimeout) {
        if (connectTimeout == null || readTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("Cloud time-outs must be positive durations");
        }
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.clients = new AcsClients(connectTimeout, readTimeout);
    }

    @Override
    public CloudRegion region(CloudConnection connection) {
        if (connection.accessKeyId().isBlank() || connection.accessKeySecret().isBlank()) {
            throw new CloudException(CloudException.Kind.BAD_CREDENTIALS, "InvalidInput", null,
                    "The AccessKey ID and secret must both be filled in.", false, null, null);
        }
        if (!REGION_ID.matcher(connection.regionId()).matches()) {
            throw new CloudException(CloudException.Kind.INVALID_REQUEST, "InvalidInput", null,
                    "'" + connection.regionId() + "' is not a region id (like cn-hangzhou or ap-southeast-1).", false, null, null);
        }
        AcsClients.Endpoint ecs;
        AcsClients.Endpoint vpc;
        try {
            ecs = AcsClients.Endpoint.of(connection.endpoint());
            vpc = AcsClients.Endpoint.of(connection.effectiveVpcEndpoint());
        } catch (IllegalArgumentException e) {
            throw new CloudException(CloudException.Kind.INVALID_REQUEST, "InvalidInput", null, e.getMessage(), false, null, e);
        }
        return new AlibabaRegion(connection.regionId(), clients.client(connection, ecs, vpc), ecs, vpc,
                (int) connectTimeout.toMillis(), (int) readTimeout.toMillis());
    }

    /** How many SDK clients are cached (one per account, secret, region and endpoint). */
    int cachedClients() {
        return clients.size();
    }

    private static Duration setting(String property, Duration fallback) {
        String v = System.getProperty(property);
        if (v == null) {
            v = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long ms = Long.parseLong(v.strip());
            if (ms <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a positive number of milliseconds, got '" + v + "'");
        }
    }
}

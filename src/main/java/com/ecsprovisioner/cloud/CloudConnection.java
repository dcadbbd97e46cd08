package com.ecsprovisioner.cloud;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to talk to one account in one region. The endpoint override points both the ECS and the VPC
 * API at one address (the sandbox, for example {@code http://127.0.0.1:8780}); empty means the real cloud's
 * public endpoints. The secret is never part of {@link #toString()}.
 */
public record CloudConnection(String accessKeyId, String accessKeySecret, String regionId, Optional<URI> endpoint) {

    public CloudConnection {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(accessKeySecret, "accessKeySecret");
        Objects.requireNonNull(regionId, "regionId");
        endpoint = endpoint == null ? Optional.empty() : endpoint;
    }

    /** The same account and endpoint in another region. */
    public CloudConnection inRegion(String otherRegionId) {
        return new CloudConnection(accessKeyId, accessKeySecret, otherRegionId, endpoint);
    }

    @Override
    public String toString() {
        return "CloudConnection[" + accessKeyId + " in " + regionId + endpoint.map(e -> " at " + e).orElse("") + "]";
    }
}

package com.ecsprovisioner.cloud;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to talk to one account in one region. The endpoint override points the ECS, VPC and Quota
 * Center APIs at one address (the sandbox, for example {@code http://127.0.0.1:8780}); empty means the real cloud's
 * public endpoints. {@code vpcEndpoint}, when present, points the VPC API elsewhere than {@code endpoint} (each
 * product's endpoint is configurable; the sandbox serves both on one port, so most profiles leave it empty).
 * The secret is never part of {@link #toString()}.
 */
public record CloudConnection(String accessKeyId, String accessKeySecret, String regionId, Optional<URI> endpoint,
                              Optional<URI> vpcEndpoint) {

    public CloudConnection {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(accessKeySecret, "accessKeySecret");
        Objects.requireNonNull(regionId, "regionId");
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        vpcEndpoint = vpcEndpoint == null ? Optional.empty() : vpcEndpoint;
    }

    /** One override (or none) for both products. */
    public CloudConnection(String accessKeyId, String accessKeySecret, String regionId, Optional<URI> endpoint) {
        this(accessKeyId, accessKeySecret, regionId, endpoint, Optional.empty());
    }

    /** Where the VPC API goes: its own override, else the common one. */
    public Optional<URI> effectiveVpcEndpoint() {
        return vpcEndpoint.isPresent() ? vpcEndpoint : endpoint;
    }

    /** The same account and endpoints in another region. */
    public CloudConnection inRegion(String otherRegionId) {
        return new CloudConnection(accessKeyId, accessKeySecret, otherRegionId, endpoint, vpcEndpoint);
    }

    @Override
    public String toString() {
        return "CloudConnection[" + accessKeyId + " in " + regionId + endpoint.map(e -> " at " + e).orElse("")
                + vpcEndpoint.map(e -> ", VPC at " + e).orElse("") + "]";
    }
}

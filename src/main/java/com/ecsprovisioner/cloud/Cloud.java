package com.ecsprovisioner.cloud;

/**
 * The port: opens a region-scoped view of one account. Implementations are thread-safe and cheap to call
 * repeatedly for the same connection (they cache the underlying clients).
 */
public interface Cloud {

    CloudRegion region(CloudConnection connection);
}

package com.ecsprovisioner.server;

import com.ecsprovisioner.cloud.CloudTypes.InstanceState;

import java.util.Optional;

/**
 * The one function from what the cloud says about a server's instance to the status the server should show. Total:
 * an instance that is gone means DELETED, and a state the cloud adds later (UNRECOGNIZED) means UNREACHABLE, so a
 * sync never fails on a new word. {@link Server#observe} decides whether the status actually changes.
 */
public final class CloudStatusMapping {

    private CloudStatusMapping() {
    }

    public static ServerStatus statusFor(Optional<InstanceState> seen) {
        if (seen.isEmpty()) {
            return ServerStatus.DELETED;
        }
        return switch (seen.get()) {
            case PENDING, STARTING -> ServerStatus.STARTING;
            case RUNNING -> ServerStatus.ACTIVE;
            case STOPPING -> ServerStatus.STOPPING;
            case STOPPED -> ServerStatus.STOPPED;
            case UNRECOGNIZED -> ServerStatus.UNREACHABLE;
        };
    }
}

package com.ecsprovisioner.server;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static com.ecsprovisioner.server.ServerStatus.*;

/**
 * What a person can do to a server that exists, and from which statuses. {@link Server}'s verbs enforce the same
 * sets; the boundary asks {@link #refusal} first so that the person reads why, not an exception. FAILED is allowed
 * where it helps: a stop or a start that failed can be asked again (and a failed job retried).
 */
public enum ServerAction {
    START("start", EnumSet.of(STOPPED, FAILED)),
    STOP("stop", EnumSet.of(ACTIVE, UNREACHABLE, FAILED)),
    /** Soft over SSH when the server is active, hard through the API when that is not possible or does not happen. */
    REBOOT("reboot", EnumSet.of(ACTIVE, UNREACHABLE, FAILED)),
    /** Through the API only, for a server whose OS no longer responds. */
    HARD_REBOOT("hard reboot", EnumSet.of(ACTIVE, UNREACHABLE, FAILED)),
    RESIZE("resize", EnumSet.of(ACTIVE, UNREACHABLE, STOPPED, FAILED)),
    SNAPSHOT("snapshot", EnumSet.of(ACTIVE, UNREACHABLE, STOPPED, FAILED)),
    DELETE("delete", EnumSet.complementOf(EnumSet.of(DELETING, DELETED)));

    private final String verb;
    private final Set<ServerStatus> allowedFrom;

    ServerAction(String verb, Set<ServerStatus> allowedFrom) {
        this.verb = verb;
        this.allowedFrom = allowedFrom;
    }

    public String verb() {
        return verb;
    }

    public Set<ServerStatus> allowedFrom() {
        return EnumSet.copyOf(allowedFrom);
    }

    public boolean allows(ServerStatus status) {
        return allowedFrom.contains(status);
    }

    /** Null when the server's status allows the action; otherwise a sentence for the person. */
    public String refusal(Server server) {
        if (allows(server.getStatus())) {
            return null;
        }
        return "Server " + server.getName() + " is " + server.getStatus().dbName() + ": it can be " + past()
                + " only when it is " + allowedFrom.stream().map(ServerStatus::dbName).collect(Collectors.joining(", "));
    }

    private String past() {
        return switch (this) {
            case START -> "started";
            case STOP -> "stopped";
            case REBOOT, HARD_REBOOT -> "rebooted";
            case RESIZE -> "resized";
            case SNAPSHOT -> "snapshotted";
            case DELETE -> "deleted";
        };
    }
}

package com.ecsprovisioner.bootstrap;

/**
 * Why an SSH call did not get its answer, sorted by what the caller should do: try again later (the server is
 * not up yet, or the connection dropped) or stop and tell a person (the key is refused, the host key changed,
 * the server answered with an error). The message is for a person and never holds a secret.
 */
public final class SshFailure extends Exception {

    public enum Kind {
        /** Nothing answers SSH at the address yet (refused, timed out, closed before the handshake). Transient. */
        NOT_REACHABLE(true),
        /** The connection dropped in the middle of a call. Transient: call again, the work on the server goes on. */
        CONNECTION_LOST(true),
        /** The server refused the login with this user and key. Permanent. */
        AUTHENTICATION_REFUSED(false),
        /** The server presented a host key other than the pinned one. Permanent until a person accepts the new key. */
        HOST_KEY_CHANGED(false),
        /** A command or upload failed on the server (no space, no permission, missing bash). Permanent. */
        SERVER_ERROR(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Kind kind;

    SshFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    SshFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isTransient() {
        return kind.isTransient();
    }
}

package com.ecsprovisioner.bootstrap;

import java.time.Duration;

/**
 * How long one SSH call may take. Every call of the runner is short and bounded, so that a server that stops
 * answering holds up one engine turn, never a thread for good.
 *
 * @param connect the TCP connect plus the SSH handshake and login
 * @param command one remote command or one upload, from sending it to its exit status
 */
public record SshTimeouts(Duration connect, Duration command) {

    public SshTimeouts {
        if (connect == null || connect.isNegative() || connect.isZero() || connect.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the SSH connect time-out must be positive, got " + connect);
        }
        if (command == null || command.isNegative() || command.isZero() || command.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the SSH command time-out must be positive, got " + command);
        }
    }

    /** 15 s to connect and log in, 60 s per command: generous for a small instance under apt load. */
    public static SshTimeouts defaults() {
        return new SshTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(60));
    }

    int connectMillis() {
        return (int) connect.toMillis();
    }

    int commandMillis() {
        return (int) command.toMillis();
    }
}

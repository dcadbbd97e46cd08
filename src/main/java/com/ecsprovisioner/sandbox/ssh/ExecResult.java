package com.ecsprovisioner.sandbox.ssh;

import java.nio.charset.StandardCharsets;

/** What one simulated command line printed and how it exited. */
record ExecResult(byte[] stdout, byte[] stderr, int exitCode) {

    static ExecResult of(String stdout, String stderr, int exitCode) {
        return new ExecResult(stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8), exitCode);
    }

    String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}

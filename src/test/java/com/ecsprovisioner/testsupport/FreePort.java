package com.ecsprovisioner.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A port nothing listens on now, for a server a test starts: asked of the system on every interface, so that it is
 * free on loopback too. One copy for every test (six classes carried their own).
 */
public final class FreePort {

    private FreePort() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

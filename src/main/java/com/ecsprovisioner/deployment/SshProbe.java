package com.ecsprovisioner.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * "Does SSH answer at this address?" One short check, never a loop: the job looks again later if not. The check
 * reads the server's identification line ({@code SSH-2.0-...}), because a port that accepts TCP and closes at
 * once (a booting machine behind a load balancer, the sandbox's stopped hosts) is not an SSH server that answers.
 */
@FunctionalInterface
public interface SshProbe {

    boolean answers(String host, int port, Duration timeout);

    /** The real check over TCP. */
    SshProbe TCP = (host, port, timeout) -> {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            byte[] banner = new byte[4];
            int read = 0;
            while (read < banner.length) {
                int n = in.read(banner, read, banner.length - read);
                if (n < 0) {
                    return false;
                }
                read += n;
            }
            return "SSH-".equals(new String(banner, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    };
}

package com.ecsprovisioner.sandbox.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.apache.sshd.common.session.Session;

/**
 * The addresses the SSH hosts listen on, as the sandbox cloud assigns and releases public addresses: one is bound
 * when assigned (IPv4 loopback only, so that the sandbox is never reachable from outside) and unbound when released,
 * its open sessions ending with it.
 */
final class HostAddresses {

    private static final Logger LOG = Logger.getLogger(SandboxSshHosts.class.getName());

    private final BindableServer server;
    private final int port;
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HostAddresses(BindableServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** The addresses listened on now, sorted. */
    Set<String> bound() {
        return Collections.unmodifiableSet(new TreeSet<>(bound));
    }

    void bind(String ipAddress) {
        if (closed || bound.contains(ipAddress)) {
            return;
        }
        InetSocketAddress address;
        try {
            InetAddress ip = InetAddress.getByName(ipAddress);
            if (!ip.isLoopbackAddress() || !ipAddress.equals(ip.getHostAddress())) {
                // The sandbox's public addresses are 127.x.y.z by design; anything else would expose it.
                LOG.warning(() -> "Sandbox SSH: not listening on " + ipAddress + ": sandbox addresses must be"
                        + " IPv4 loopback addresses (127.0.0.0/8)");
                return;
            }
            address = new InetSocketAddress(ip, port);
        } catch (IOException e) {
            LOG.warning(() -> "Sandbox SSH: '" + ipAddress + "' is not an IP address");
            return;
        }
        synchronized (bound) {
            if (bound.contains(ipAddress)) {
                return;
            }
            try {
                server.bind(address);
                bound.add(ipAddress);
                LOG.fine(() -> "Sandbox SSH listening on " + ipAddress + ":" + port);
            } catch (IOException e) {
                LOG.warning(() -> "Sandbox SSH could not listen on " + ipAddress + ":" + port + ": " + e
                        + " (is another program using that port?)");
            }
        }
    }

    void unbind(String ipAddress) {
        if (closed) {
            return;
        }
        synchronized (bound) {
            if (bound.remove(ipAddress)) {
                server.unbind(new InetSocketAddress(ipAddress, port));
            }
        }
        // Sessions still open on the released address end with it.
        for (Session session : server.getActiveSessions()) {
            if (ipAddress.equals(InstanceSessions.localIp(session))) {
                session.close(true);
            }
        }
    }

    /** Binds nothing more; the server's unbinding is the caller's, before it stops the server. */
    void close() {
        closed = true;
    }

    void forget() {
        bound.clear();
    }
}

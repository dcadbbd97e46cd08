package com.ecsprovisioner.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay to one address that can go quietly dead, as a connection does when a middlebox forgets it or the
 * server restarts while the client sends nothing: {@link #breakConnections()} ends the server's side at once but
 * leaves the client's side open and silent, so that the client notices only when it next sends something, which the
 * relay then answers by closing; {@link #freezeConnections()} drops everything both ways and closes nothing, as a
 * host that went away without a word does. New connections after either are relayed normally.
 */
final class BreakableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    /** Every pair ever relayed, for the end: frozen ones are left open until then. */
    private final List<Pair> frozenOrLive = new CopyOnWriteArrayList<>();

    private record Pair(Socket client, Socket server, AtomicBoolean broken, AtomicBoolean frozen) {
    }

    BreakableProxy(String host, int port) throws IOException {
        this.upstream = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "breakable-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Ends every relayed connection on the server's side only; each client finds out when it next sends. */
    void breakConnections() throws IOException {
        for (Pair pair : pairs) {
            pair.broken().set(true);
            pair.server().close();
        }
        pairs.clear();
    }

    /** From now on every relayed connection forwards nothing either way and is left open. */
    void freezeConnections() {
        for (Pair pair : pairs) {
            pair.frozen().set(true);
        }
        pairs.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                Pair pair = new Pair(client, server, new AtomicBoolean(), new AtomicBoolean());
                pairs.add(pair);
                frozenOrLive.add(pair);
                pump(pair, client, server, true);
                pump(pair, server, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Pair pair, Socket from, Socket to, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            // The streams are not closed here: closing one closes its socket, and a break must leave the client's open.
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (pair.broken().get()) {
                        break;
                    }
                    if (pair.frozen().get()) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other pump or a break closed a socket
            } finally {
                if (fromClient || !pair.broken().get()) {
                    closeQuietly(pair.client());
                    closeQuietly(pair.server());
                }
            }
        }, "breakable-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Pair pair : frozenOrLive) {
            closeQuietly(pair.client());
            closeQuietly(pair.server());
        }
    }
}

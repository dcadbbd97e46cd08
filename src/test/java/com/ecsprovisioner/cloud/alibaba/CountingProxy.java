package com.ecsprovisioner.cloud.alibaba;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards every request unchanged to the sandbox and counts them per API action, so that tests can assert how
 * many calls the adapter made (batching, paging, rules in one call). The V1 signature covers parameters and
 * method, not the host, so forwarding keeps it valid.
 */
final class CountingProxy implements AutoCloseable {

    private final HttpServer server;
    private final String target;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    CountingProxy(String targetHostPort) throws IOException {
        this.target = targetHostPort;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int calls(String action) {
        AtomicInteger n = calls.get(action);
        return n == null ? 0 : n.get();
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            String action = ex.getRequestHeaders().getFirst("x-acs-action");
            calls.computeIfAbsent(action == null ? "?" : action, a -> new AtomicInteger()).incrementAndGet();
            URI uri = URI.create("http://" + target + ex.getRequestURI().toString());
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            c.setRequestMethod(ex.getRequestMethod());
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> c.addRequestProperty(name, v));
                }
            });
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body = in == null ? new byte[0] : in.readAllBytes();
            String type = c.getContentType();
            if (type != null) {
                ex.getResponseHeaders().set("Content-Type", type);
            }
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

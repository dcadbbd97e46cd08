package com.ecsprovisioner.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * apt's HTTP proxy for {@link RealDebianHost}'s network namespace, listening on the host's end of the veth pair.
 * It forwards GET and HEAD for {@code http://deb.debian.org/} (Debian's archive and its security archive) and
 * refuses every other host, so the server under test reaches Debian's packages and nothing else.
 */
public final class DebianArchiveProxy implements AutoCloseable {

    static final String ALLOWED_HOST = "deb.debian.org";
    private static final List<String> PASSED_RESPONSE_HEADERS = List.of("Content-Type", "Last-Modified", "ETag");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient upstream;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private DebianArchiveProxy(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.upstream = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    static DebianArchiveProxy start(String address, int port, Consumer<String> log) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        DebianArchiveProxy proxy = new DebianArchiveProxy(server, executor);
        server.createContext("/", proxy::handle);
        server.setExecutor(executor);
        server.start();
        log.accept("apt proxy for " + ALLOWED_HOST + " listens on " + address + ":" + port);
        return proxy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // A proxy request names the whole URL: "GET http://deb.debian.org/debian/dists/... HTTP/1.1".
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!(head || method.equals("GET")) || !"http".equals(uri.getScheme()) || !ALLOWED_HOST.equals(uri.getHost())
                    || (uri.getPort() != -1 && uri.getPort() != 80)) {
                refused.incrementAndGet();
                byte[] body = ("This proxy only forwards GET and HEAD to http://" + ALLOWED_HOST + "/\n").getBytes();
                exchange.sendResponseHeaders(403, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            requests.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<InputStream> response;
            try {
                response = upstream.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            for (String name : PASSED_RESPONSE_HEADERS) {
                response.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().set(name, v));
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (InputStream in = response.body()) {
                if (head || response.statusCode() == 304) {
                    if (length >= 0) {
                        exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                    }
                    exchange.sendResponseHeaders(response.statusCode(), -1);
                    return;
                }
                // 0 means "chunked" to HttpServer; a known length is passed on so that apt can check it.
                exchange.sendResponseHeaders(response.statusCode(), length > 0 ? length : (length == 0 ? -1 : 0));
                OutputStream out = exchange.getResponseBody();
                bytes.addAndGet(in.transferTo(out));
            }
        }
    }

    public long requests() {
        return requests.get();
    }

    public long bytes() {
        return bytes.get();
    }

    long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

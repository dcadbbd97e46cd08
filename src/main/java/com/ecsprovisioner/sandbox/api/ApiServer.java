package com.ecsprovisioner.sandbox.api;

import com.ecsprovisioner.sandbox.cloud.Call;
import com.ecsprovisioner.sandbox.cloud.SimulatedCloud;
import com.ecsprovisioner.sandbox.cloud.CloudSnapshot;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP wire layer of the sandbox: Alibaba's RPC protocol on {@code /} (reference §1–2) and the admin interface
 * on {@code /_sandbox/}. It authenticates, routes by Version and Action, injects faults, and turns answers and
 * {@link ApiError}s into the JSON bodies and statuses the real service sends. It knows nothing about resources.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    private static final String JSON = "application/json;charset=utf-8";

    static {
        // The JDK server writes the status line and headers before the body; with Nagle's algorithm on, the
        // client's delayed ACK then adds ~40 ms to every call. Read once when the server class loads, so it is
        // set here, before the first HttpServer is created; it affects only com.sun.net.httpserver servers.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatedCloud cloud;
    private final Faults faults;
    private final String adminToken;
    private final Authenticator authenticator;
    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;

    public ApiServer(SimulatedCloud cloud, Faults faults, String adminToken, Duration timestampWindow, String bindAddress,
                     int port, int threads) throws IOException {
        this.cloud = cloud;
        this.faults = faults;
        this.adminToken = adminToken;
        this.authenticator = new Authenticator(cloud, timestampWindow);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                r -> {
                    Thread t = new Thread(r, "sandbox-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-api-delay");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 512);
        server.setExecutor(workers);
        server.createContext("/", this::handleApi);
        server.createContext("/_sandbox/", this::handleAdmin);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }

    // ---- the RPC API ----

    private void handleApi(HttpExchange ex) {
        String requestId = requestId();
        String product = "Ecs";
        try {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("POST")) {
                throw new ApiError(405, "UnsupportedHTTPMethod", "Only GET and POST are supported.");
            }
            Authenticator.Request request = request(ex, method);
            String named = Authenticator.productOf(request.version());
            if (named != null) {
                product = named;
            }
            Authenticator.Authenticated auth = authenticator.authenticate(request);
            Call call = new Call(auth.key(), auth.action(), request.params(), auth.now());
            Faults.Decision fault = faults.decide(auth.action());
            String p = product;
            if (fault.latencyMillis() > 0) {
                // The caller waits; no thread does. The rest of the call runs when the timer fires.
                timer.schedule(() -> workers.execute(() -> finish(ex, p, call, fault, requestId)),
                        fault.latencyMillis(), TimeUnit.MILLISECONDS);
            } else {
                finish(ex, product, call, fault, requestId);
            }
        } catch (ApiError e) {
            sendError(ex, product, e, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Sandbox API failed on request " + requestId, e);
            sendError(ex, product, new ApiError(500, "InternalError",
                    "The request processing has failed due to some unknown error, exception or failure."), requestId);
        }
    }

    /**
     * An upper-case UUID like the real request ids. Not {@link UUID#randomUUID()}: its SecureRandom is shared by
     * all threads and request ids need no secrecy.
     */
    private static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString().toUpperCase(Locale.ROOT);
    }

    private void finish(HttpExchange ex, String product, Call call, Faults.Decision fault, String requestId) {
        try {
            switch (fault.kind()) {
                case DROP -> {
                    ex.close(); // no status line: the client sees the connection end
                    return;
                }
                case THROTTLE -> throw new ApiError(400, "Throttling.User", "Request was denied due to user flow control.");
                case SERVER_ERROR -> throw new ApiError(503, "ServiceUnavailable",
                        "The request has failed due to a temporary failure of the server.");
                case ANSWER -> throw fault.answer().error();
                default -> {
                }
            }
            Map<String, Object> result = cloud.handle(product, call);
            if (fault.kind() == Faults.Kind.LOST) {
                ex.close(); // done, but the client never hears of it
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.putAll(result);
            send(ex, 200, Json.write(body));
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine(() -> call.action() + " by " + call.key().id() + " -> 200 " + requestId);
            }
        } catch (ApiError e) {
            sendError(ex, product, e, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Sandbox action " + call.action() + " failed on request " + requestId, e);
            sendError(ex, product, new ApiError(500, "InternalError",
                    "The request processing has failed due to some unknown error, exception or failure."), requestId);
        }
    }

    /**
     * Query string and form body, merged; a name in both keeps the query's value, as the SDK signs it. The raw body
     * is kept too: signature V3 signs its hash.
     */
    private static Authenticator.Request request(HttpExchange ex, String method) throws ApiError {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new ApiError(400, "InvalidParameter", "The request body could not be read.");
        }
        Map<String, String> query = new HashMap<>();
        decodeInto(ex.getRequestURI().getRawQuery(), query);
        Map<String, String> params = new HashMap<>();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (body.length > 0 && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            decodeInto(new String(body, StandardCharsets.UTF_8), params);
        }
        params.putAll(query);
        Headers headers = ex.getRequestHeaders();
        return new Authenticator.Request(method, ex.getRequestURI().getRawPath(), query, params, headers::get, body);
    }

    private static void decodeInto(String raw, Map<String, String> params) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(name, value);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "InvalidParameter", "Malformed percent-encoding in the request: " + pair);
            }
        }
    }

    private static void sendError(HttpExchange ex, String product, ApiError e, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.put("HostId", product.toLowerCase(Locale.ROOT) + ".aliyuncs.com");
        body.put("Code", e.code());
        body.put("Message", e.getMessage());
        body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + e.code() + "&product=" + product
                + "&requestId=" + requestId);
        if (e.accessDeniedDetail() != null) {
            body.put("AccessDeniedDetail", e.accessDeniedDetail());
        }
        send(ex, e.status(), Json.write(body));
    }

    private static void send(HttpExchange ex, int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            ex.getResponseHeaders().set("Content-Type", JSON);
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "Client went away before the answer was sent", e);
        } finally {
            ex.close();
        }
    }

    // ---- admin ----

    private void handleAdmin(HttpExchange ex) {
        try {
            String given = ex.getRequestHeaders().getFirst("X-Sandbox-Admin-Token");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (given == null && auth != null && auth.startsWith("Bearer ")) {
                given = auth.substring(7).trim();
            }
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    adminToken.getBytes(StandardCharsets.UTF_8))) {
                send(ex, 401, Json.write(Map.of("Code", "Unauthorized",
                        "Message", "Send the admin token printed at start-up in the X-Sandbox-Admin-Token header.")));
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/_sandbox/state") && method.equals("GET")) {
                send(ex, 200, Json.write(snapshotToMap(cloud.inspect())));
            } else if (path.equals("/_sandbox/reset") && method.equals("POST")) {
                cloud.reset();
                send(ex, 200, Json.write(Map.of("Reset", true)));
            } else {
                send(ex, 404, Json.write(Map.of("Code", "NotFound",
                        "Message", "Admin endpoints: GET /_sandbox/state, POST /_sandbox/reset.")));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Sandbox admin request failed", e);
            send(ex, 500, Json.write(Map.of("Code", "InternalError", "Message", String.valueOf(e.getMessage()))));
        }
    }

    static Map<String, Object> snapshotToMap(CloudSnapshot s) {
        List<Object> accounts = new ArrayList<>();
        for (CloudSnapshot.Account a : s.accounts()) {
            List<Object> regions = new ArrayList<>();
            for (CloudSnapshot.Region r : a.regions()) {
                List<Object> resources = new ArrayList<>();
                for (CloudSnapshot.Resource res : r.resources()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("Type", res.type());
                    m.put("Id", res.id());
                    m.put("Name", res.name());
                    m.put("Status", res.status());
                    m.put("Details", res.details());
                    resources.add(m);
                }
                regions.add(Map.of("RegionId", r.regionId(), "Resources", resources));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("AccountId", a.accountId());
            m.put("AccessKeyIds", a.accessKeyIds());
            m.put("Regions", regions);
            accounts.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TakenAt", s.takenAt());
        out.put("Accounts", accounts);
        return out;
    }
}

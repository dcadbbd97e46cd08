package com.ecsprovisioner.it.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Talks to the console over HTTP the way a browser does (cookies, Faces view state, form posts, PrimeFaces
 * partial requests), so that security and refusals can be tested without a browser.
 */
public final class ConsoleClient {

    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
    /** PrimeFaces' CSP mode: the page's script nonce, which its scripts post back with every form. */
    private static final Pattern NONCE = Pattern.compile("<script[^>]* nonce=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private String viewState;
    private String nonce;

    public ConsoleClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A header sent with every request from now on (X-Forwarded-For, to act as a client behind a proxy). */
    public ConsoleClient header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    /** The value of a cookie the console set, if it set one by that name. */
    public java.util.Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst();
    }

    /** The names of every cookie the console set. */
    public java.util.List<String> cookieNames() {
        return cookies.getCookieStore().getCookies().stream().map(java.net.HttpCookie::getName).toList();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        extraHeaders.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = VIEW_STATE.matcher(response.body());
        if (matcher.find()) {
            viewState = matcher.group(1);
        }
        Matcher script = NONCE.matcher(response.body());
        if (script.find()) {
            nonce = script.group(1);
        }
        return response;
    }

    /** Follows redirects inside the console, as a browser would. */
    public HttpResponse<String> getFollowing(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        int hops = 0;
        while (response.statusCode() / 100 == 3 && hops++ < 5) {
            String location = response.headers().firstValue("Location").orElseThrow();
            response = get(URI.create(location).getRawPath());
        }
        return response;
    }

    public HttpResponse<String> login(String username, String password) throws IOException, InterruptedException {
        get("login.xhtml");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("login", "login");
        form.put("username", username);
        form.put("password", password);
        form.put("submit", "");
        return post("login.xhtml", form);
    }

    /** A PrimeFaces ajax button press on the current page, with the given fields. */
    public HttpResponse<String> ajax(String path, String formId, String buttonId, Map<String, String> fields)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("jakarta.faces.partial.ajax", "true");
        form.put("jakarta.faces.source", formId + ":" + buttonId);
        form.put("jakarta.faces.partial.execute", formId);
        form.put("jakarta.faces.partial.render", formId + " growl");
        form.put(formId + ":" + buttonId, formId + ":" + buttonId);
        form.put(formId, formId);
        fields.forEach((name, value) -> form.put(formId + ":" + name, value));
        return post(path, form, Map.of("Faces-Request", "partial/ajax"));
    }

    public HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        return post(path, form, Map.of());
    }

    public HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(form);
        if (viewState != null) {
            all.putIfAbsent("jakarta.faces.ViewState", viewState);
        }
        if (nonce != null) {
            all.putIfAbsent("primefaces.nonce", nonce);
        }
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        extraHeaders.forEach(request::header);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart form post, as a browser sends a form with enctype multipart/form-data and a file field. */
    public HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField, byte[] file)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (viewState != null) {
            all.putIfAbsent("jakarta.faces.ViewState", viewState);
        }
        if (nonce != null) {
            all.putIfAbsent("primefaces.nonce", nonce);
        }
        String boundary = "----ecs" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> field : all.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                + "\"; filename=\"id_ed25519\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        extraHeaders.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public void forgetViewState() {
        viewState = null;
    }
}

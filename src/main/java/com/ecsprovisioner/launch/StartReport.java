package com.ecsprovisioner.launch;

import com.ecsprovisioner.platform.ReadinessCheck;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The launcher's last word on a start, once Payara has finished booting: ready (with the console's address),
 * started but not ready (a database or broker not answering yet, which the application keeps retrying), or not
 * started at all. Payara logs a failed deployment among hundreds of lines and carries on running without the
 * application; a person following the Quick start deserves one line that says which of the three happened.
 */
final class StartReport {

    enum Outcome { READY, NOT_READY, NOT_STARTED }

    /** No HTTP answer at all: the port never opened. */
    static final int NO_ANSWER = -1;

    private StartReport() {
    }

    /**
     * Reads an answer of {@code /health/ready}. The port opens only after the WAR's deployment, so no answer means
     * the deployment failed or the port could not be bound; an answer without the product's own check means
     * Payara runs, but without the application. ({@link ReadinessCheck#NAME} is a compile-time constant: javac copies
     * it in, so the launcher's own jar needs no class of the WAR.)
     */
    static Outcome classify(int status, String body) {
        if (status == NO_ANSWER || body == null || !body.contains("\"" + ReadinessCheck.NAME + "\"")) {
            return Outcome.NOT_STARTED;
        }
        return status == 200 ? Outcome.READY : Outcome.NOT_READY;
    }

    static String message(Outcome outcome, int port, double seconds, String body) {
        return switch (outcome) {
            case READY -> String.format("ECS Provisioner ready in %.1f s: console on http://localhost:%d/", seconds, port);
            case NOT_READY -> String.format("ECS Provisioner started in %.1f s but is not ready: %s. It keeps trying; "
                    + "http://localhost:%d/health/ready says when it is.", seconds, oneLine(body), port);
            case NOT_STARTED -> "ECS Provisioner did not start: the application is not running on port " + port
                    + " (its deployment failed, or the port could not be opened; the errors are above).";
        };
    }

    /** Asks {@code /health/ready} on the local port; refusals are retried for a few seconds, as the port opens last. */
    static Outcome check(int port, double seconds) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return report(classify(response.statusCode(), response.body()), port, seconds, response.body());
            } catch (HttpTimeoutException slow) {
                // The port is open, so the application is deployed, but a check hangs (a database that accepts
                // connections and never answers): not ready, and not dead either.
                return report(Outcome.NOT_READY, port, seconds, "no answer from /health/ready within 30 s");
            } catch (IOException refusedOrReset) {
                if (attempt == 10) {
                    return report(Outcome.NOT_STARTED, port, seconds, null);
                }
                Thread.sleep(500);
            }
        }
    }

    private static Outcome report(Outcome outcome, int port, double seconds, String body) {
        (outcome == Outcome.NOT_STARTED ? System.err : System.out).println(message(outcome, port, seconds, body));
        return outcome;
    }

    private static String oneLine(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}

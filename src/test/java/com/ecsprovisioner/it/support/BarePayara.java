package com.ecsprovisioner.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The yardstick of the start-up benchmark: the same Payara Micro jar, with the same JVM options as the product,
 * serving a WAR of one static page. What the product takes beyond it is the product's own start-up work.
 */
final class BarePayara implements AutoCloseable {

    private final Process process;
    private final int port;

    private BarePayara(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Writes the one-page WAR into {@code folder} and starts Payara Micro on it. */
    static BarePayara start(Path folder, int port) throws IOException {
        Path build = Path.of(System.getProperty("build.directory", "target")).toAbsolutePath();
        Files.createDirectories(folder);
        Path war = folder.resolve("bare.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write("<!DOCTYPE html><title>bare</title><p>bare</p>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "@" + build.getParent().resolve("server-config").resolve("jvm-options.txt"),
                "-jar", build.resolve("payara-micro.jar").toString(),
                "--nocluster", "--port", String.valueOf(port), "--contextroot", "/",
                "--rootdir", folder.resolve("runtime-" + System.nanoTime()).toString(), "--deploy", war.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("bare-" + System.nanoTime() + ".log").toFile()).start();
        return new BarePayara(process, port);
    }

    /** Time until the page answers 200 (polled every 250 ms, as the product's readiness is). */
    Duration awaitFirstAnswer(Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI page = URI.create("http://127.0.0.1:" + port + "/index.html");
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Bare Payara Micro exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Bare Payara Micro did not answer within " + timeout);
    }

    double cpuSeconds() throws IOException {
        return AppProcess.cpuSeconds(process.pid());
    }

    long peakRssMiB() throws IOException {
        return AppProcess.peakRssMiB(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

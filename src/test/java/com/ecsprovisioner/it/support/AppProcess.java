package com.ecsprovisioner.it.support;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.platform.ReadinessCheck;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The product started exactly as the Quick start starts it (the launcher in its own JVM, with the same JVM
 * options), for tests and benchmarks that must stop and start it.
 */
public final class AppProcess implements AutoCloseable {

    /** A master key (32 bytes, base64) for starts that production rules apply to: an external database or broker. */
    public static final String TEST_MASTER_KEY = "dGVzdC1tYXN0ZXIta2V5LW9mLTMyLWJ5dGVzLSEhISE=";

    private final Process process;
    private final int httpPort;
    private final Path log;

    private AppProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    public static AppProcess start(Path dataDir, int httpPort, int brokerPort, Map<String, String> settings) throws IOException {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        // With the sandbox, as the Quick start asks for it (--sandbox); a test may turn it off.
        all.put("ecs.sandbox.enabled", "true");
        // Ports of their own, so that a console started with the Quick start can keep running meanwhile.
        all.put("ecs.sandbox.port", String.valueOf(FreePort.next()));
        all.put("ecs.sandbox.ssh.port", String.valueOf(FreePort.next()));
        // The sandbox's simulated bootstrap lasts a few seconds: at the product's 5 s pace most of it would be seen
        // only at the next look, adding seconds to every deployment a test waits for (a test may set its own).
        all.put("ecs.provisioning.poll.bootstrap", "PT2S");
        all.putAll(settings);
        Path build = Path.of(System.getProperty("build.directory", "target")).toAbsolutePath();
        Path base = build.getParent();
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "@" + base.resolve("server-config").resolve("jvm-options.txt"),
                "-Decs.data.dir=" + dataDir.toAbsolutePath(),
                "-Decs.http.port=" + httpPort,
                "-Decs.broker.url=tcp://127.0.0.1:" + brokerPort));
        all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", build.resolve("payara-micro.jar") + java.io.File.pathSeparator
                        + build.resolve("ecs-provisioner-launcher.jar"),
                "com.ecsprovisioner.launch.Launcher", build.toString()));
        Path log = dataDir.resolve("app-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new AppProcess(process, httpPort, log);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Polls readiness (database and broker up) until the deadline; fails with the end of the log if it never comes,
     * and at once if the server says UP before the product's own readiness check exists.
     */
    public Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base().resolve("health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    // Every "ready" must be the product's own: an UP without its check (Payara counts the resource
                    // adapter as a started application) would send traffic to a console that answers 404.
                    if (!response.body().contains("\"" + ReadinessCheck.NAME + "\"")) {
                        throw new IllegalStateException("/health/ready answered UP before the application was "
                                + "deployed: " + response.body());
                    }
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The application was not ready within " + timeout + ":\n" + tail());
    }

    /** Waits until the log holds the text (the launcher's last line comes a moment after the port opens). */
    public void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logText().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The log never said '" + text + "':\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    /** Waits for the product to stop by itself and returns its exit status. */
    public int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The application still runs after " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** Peak resident set size of the process so far, in MiB (Linux: VmHWM). */
    public long peakRssMiB() throws IOException {
        return peakRssMiB(process.pid());
    }

    /**
     * CPU time the process has used so far (user and system, Linux: /proc/pid/stat), in seconds. Unlike the wall
     * time it hardly grows when other work shares the machine, so start-ups measured at different loads compare.
     */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; in clock ticks (USER_HZ = 100).
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    public double cpuSeconds() throws IOException {
        return cpuSeconds(process.pid());
    }

    /** Peak resident set size of any live process, in MiB (Linux: VmHWM). */
    static long peakRssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IOException("VmHWM not found for pid " + pid);
    }

    public String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    /**
     * Kills the product's JVM with SIGKILL (the process started here is the JVM itself, not a wrapper): no shutdown
     * hooks, no graceful close of the database, broker or transactions, as a power cut or the OOM killer would do.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid " + process.pid() + " still alive 30 s after SIGKILL");
        }
    }

    /** A graceful stop, as Ctrl+C or a service manager would do it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package com.ecsprovisioner.it.support;

import com.ecsprovisioner.sandbox.SandboxKeys;
import com.ecsprovisioner.sandbox.cloud.AccessKey;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code server-config/scale-out.sh} run from Java on one folder, as {@code ScaleOutIT} and {@code ScaleOutBenchmark}
 * run it: the script's verbs, the {@code env} file it writes (ports, passwords, process id files beside it), and the
 * provider profile for its standalone sandbox, added in node 1's console as an operator adds it.
 */
public final class ScaleOutScript {

    public static final String REGION = "cn-hangzhou";

    private final Path root;
    private final String adminPassword;
    private final Map<String, String> nodeSettings;

    public ScaleOutScript(Path root, String adminPassword) {
        this(root, adminPassword, Map.of());
    }

    /** @param nodeSettings environment variables for the nodes (the script's own exports win), e.g. {@code ECS_PROVISIONING_POLL_BOOTSTRAP} */
    public ScaleOutScript(Path root, String adminPassword, Map<String, String> nodeSettings) {
        this.root = root.toAbsolutePath();
        this.adminPassword = adminPassword;
        this.nodeSettings = Map.copyOf(nodeSettings);
    }

    public Path root() {
        return root;
    }

    /** Runs {@code scale-out.sh <verb> <root> <more...>}; fails with its output when it fails or outlasts {@code minutes}. */
    public String run(int minutes, String verb, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "server-config/scale-out.sh", verb, root.toString()));
        command.addAll(List.of(more));
        Files.createDirectories(root.getParent());
        Path output = Files.createTempFile(root.getParent(), "scale-out", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(nodeSettings);
        builder.environment().put("SANDBOX_CLASSPATH", classPath());
        builder.environment().put("SCALE_OUT_ADMIN_PASSWORD", adminPassword);
        builder.environment().put("ECS_BUILD", Path.of(System.getProperty("build.directory", "target")).toAbsolutePath().toString());
        builder.environment().put("RUN_MINUTES", String.valueOf(minutes));
        Process process = builder.start();
        boolean done = process.waitFor(minutes + 1L, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(output);
        Files.delete(output);
        if (!done || process.exitValue() != 0) {
            throw new AssertionError("scale-out.sh " + String.join(" ", command.subList(2, command.size()))
                    + (done ? " failed" : " timed out") + ":\n" + text + logs());
        }
        return text;
    }

    /**
     * The test class path, for the standalone sandbox: under Failsafe the JVM's own; under {@code exec:java} (the
     * benchmarks) the JVM's is Maven's launcher, and the project's is its context class loader's.
     */
    private static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader) {
            StringBuilder path = new StringBuilder();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    path.append(path.isEmpty() ? "" : java.io.File.pathSeparator).append(Path.of(url.toURI()));
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(url + " is not a file", e);
                }
            }
            return path.toString();
        }
        return System.getProperty("java.class.path");
    }

    /** What {@code up} wrote to {@code <root>/env}. */
    public Properties env() throws IOException {
        Properties env = new Properties();
        try (var reader = Files.newBufferedReader(root.resolve("env"))) {
            env.load(reader);
        }
        return env;
    }

    /** The process id of {@code node1}, {@code node2}, {@code sandbox} or {@code broker}, as the script recorded it. */
    public long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(root.resolve(name + ".pid")).trim());
    }

    /** Adds the provider profile {@code name} for the script's sandbox in node 1's console (Chromium); its key. */
    public AccessKey addSandboxProfile(String name) throws Exception {
        Properties env = env();
        AccessKey key = SandboxKeys.forInstallation(root.resolve("sandbox")).get(0);
        try (BrowserSession browser = BrowserSession.open(URI.create("http://127.0.0.1:" + env.getProperty("NODE1_HTTP") + "/"))) {
            browser.login("admin", adminPassword);
            new ProviderBrowserFlow(browser).addProfileFor(name, "http://127.0.0.1:" + env.getProperty("SANDBOX_PORT"),
                    key.id(), key.secret(), REGION, "scale-out-key", Integer.parseInt(env.getProperty("SANDBOX_SSH_PORT")));
        }
        return key;
    }

    /** The end of every process's log, for a failure's report. */
    public String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("node1.log", "node2.log", "broker.log", "sandbox.log")) {
            Path log = root.resolve(name);
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                out.append("\n--- ").append(name).append(" (last 60 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
            }
        }
        return out.toString();
    }
}

package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Deploys N servers at once against an in-process sandbox, through the real adapter and SDK and the same
 * claim/execute/apply loop and per-profile batching the sweep uses, and prints per case: the total time, the engine's
 * own time per server (time spent checking requests and working on due jobs, minus time inside cloud calls and minus
 * the wall time of the SSH steps: the step logic and the entities; waits for the cloud excluded), the SSH steps' time
 * per server apart (the SSH probe and the bootstrap step's sessions with the sandbox's simulated scripts, which run a
 * thousand times faster than real ones), the cloud calls per server by port method, and the peak heap and RSS.
 * <p>
 * Cases are N in {@code -Dservers=10,100,500} times {@code -Ddelays=zero,realistic}: "zero" is a sandbox whose
 * resources are ready at once and an engine that never waits between looks; "realistic" is the sandbox's default
 * lifecycle durations (VPC and vSwitch 2 s, instance 3 s pending + 5 s starting) and the engine's default waits and
 * back-off. Each case runs in a JVM of its own ({@code -Xmx1g}, serial GC) so that its memory figures are its own
 * (they include the in-process sandbox and its SSH hosts). {@code -Dnetwork=shared|per-server}, default shared.
 * <p>
 * {@code mvn -o -q -Pbench-engine test-compile exec:java}
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String single = System.getProperty("bench.case");
        if (single != null) {
            String[] parts = single.split(":");
            runCase(Integer.parseInt(parts[0]), parts[1], network());
            return;
        }
        List<Integer> sizes = Stream.of(System.getProperty("servers", "10,100,500").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        List<String> delays = Stream.of(System.getProperty("delays", "zero,realistic").split(","))
                .map(String::trim).toList();
        for (String d : delays) {
            if (!d.equals("zero") && !d.equals("realistic")) {
                throw new IllegalArgumentException("-Ddelays takes zero and/or realistic, got '" + d + "'");
            }
        }
        for (String d : delays) {
            for (int n : sizes) {
                if (n < 1) {
                    throw new IllegalArgumentException("-Dservers takes whole numbers of at least 1, got " + n);
                }
                int exit = fork(n, d);
                if (exit != 0) {
                    System.out.println("case servers=" + n + " delays=" + d + " exited with " + exit);
                }
            }
        }
    }

    private static NetworkPolicy network() {
        return "per-server".equals(System.getProperty("network")) ? NetworkPolicy.PER_SERVER : NetworkPolicy.SHARED_PER_PROFILE;
    }

    /** One case in a fresh JVM on this one's class path (exec:java puts the project's on the context class loader). */
    private static int fork(int servers, String delays) throws IOException, InterruptedException, URISyntaxException {
        String classPath = System.getProperty("java.class.path");
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (var url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            classPath = String.join(File.pathSeparator, entries);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "-Dbench.case=" + servers + ":" + delays,
                "-Dnetwork=" + (network() == NetworkPolicy.PER_SERVER ? "per-server" : "shared"),
                "-cp", classPath, EngineBenchmark.class.getName()));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private static void runCase(int servers, String delays, NetworkPolicy network) throws IOException {
        boolean zero = delays.equals("zero");
        ProvisioningSettings settings = zero
                ? ProvisioningSettings.defaults().withWaits(Duration.ZERO, Duration.ZERO, Duration.ZERO)
                : ProvisioningSettings.defaults();
        Durations durations = zero ? Durations.IMMEDIATE : Durations.DEFAULT;
        Quotas roomy = new Quotas(Math.max(10, servers + 1), Math.max(150, servers + 1), Math.max(100, servers + 1), 200, 500,
                Math.max(100, servers + 1));
        try (EngineHarness h = new EngineHarness(b -> b.quotas(roomy).durations(durations), settings, "sandbox-admin", true)) {
            // Warm-up: class loading, the SDK's first connection, JIT of the hot paths.
            h.deploy(DeployRequest.withDefaults("warm-up", EngineHarness.PROFILE).withNetworkPolicy(network));
            h.runUntilSettled(Duration.ofMinutes(2));
            Map<String, Integer> before = h.counting.all();
            long nanosBefore = h.counting.nanosInCalls();
            long busyBefore = h.busyNanos;
            long sshBefore = h.sshStepNanos;
            h.jobs.clear();
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

            long start = System.nanoTime();
            for (int i = 1; i <= servers; i++) {
                h.deploy(DeployRequest.withDefaults("bench-" + i, EngineHarness.PROFILE).withNetworkPolicy(network));
            }
            // The boundary's checks (zones, images, instance types, key pairs) are engine work with cloud calls too.
            long requesting = System.nanoTime() - start;
            int rounds = h.runUntilSettled(Duration.ofMinutes(10));
            long elapsed = System.nanoTime() - start;
            long failed = h.jobs.values().stream().filter(j -> j.getState() != JobState.SUCCEEDED).count();
            long inCalls = h.counting.nanosInCalls() - nanosBefore;
            long busy = requesting + h.busyNanos - busyBefore;
            long ssh = h.sshStepNanos - sshBefore;

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "== servers=%d delays=%s network=%s: rounds=%d failed=%d%n", servers, delays,
                    network.name().toLowerCase(Locale.ROOT), rounds, failed));
            out.append(String.format(Locale.ROOT, "total %.2f s; engine busy %.1f ms/server, of which in cloud calls %.1f ms/server"
                            + " and in SSH steps %.1f ms/server; engine overhead %.2f ms/server%n",
                    elapsed / 1e9, busy / 1e6 / servers, inCalls / 1e6 / servers, ssh / 1e6 / servers,
                    (busy - inCalls - ssh) / 1e6 / servers));
            out.append(String.format(Locale.ROOT, "peak heap %d MiB, peak RSS %d MiB (JVM with the sandbox in it)%n",
                    peakHeapMiB(), peakRssMiB()));
            out.append("cloud calls per server (port method: calls/server):\n");
            int total = 0;
            for (Map.Entry<String, Integer> e : h.counting.all().entrySet()) {
                int n = e.getValue() - before.getOrDefault(e.getKey(), 0);
                if (n > 0) {
                    total += n;
                    out.append(String.format(Locale.ROOT, "  %-24s %6.2f%n", e.getKey(), (double) n / servers));
                }
            }
            out.append(String.format(Locale.ROOT, "  %-24s %6.2f%n", "all", (double) total / servers));
            if (failed > 0) {
                out.append("failed jobs: ").append(h.jobs.values().stream().filter(j -> j.getState() != JobState.SUCCEEDED)
                        .limit(5).map(j -> j.plan().serverName() + " " + j.getState() + " " + j.getFailureMessage())
                        .collect(Collectors.joining("; "))).append('\n');
            }
            System.out.print(out);
        }
    }

    private static long peakHeapMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    /** The process's peak resident set so far (Linux VmHWM); -1 where /proc is not there. */
    private static long peakRssMiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}

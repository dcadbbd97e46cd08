package com.ecsprovisioner.provisioning;

import com.ecsprovisioner.sandbox.cloud.Quotas;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Deploys N servers against an in-process sandbox with zero cloud delays, through the real adapter and SDK and the
 * same claim/execute/apply loop and per-profile batching the sweep uses, and prints the total time, the cloud calls
 * per server by port method, and the engine's own time per server (wall time minus time inside cloud calls: the
 * step logic, the entities, the SSH checks and the bootstrap step's SSH calls: upload, start and the polls of the
 * sandbox's simulated scripts, run a thousand times faster than real ones).
 * <p>
 * {@code mvn -o -q -Pbench-engine test-compile exec:java} ({@code -Dservers=N}, {@code -Dnetwork=shared|per-server}).
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) {
        int servers = Integer.getInteger("servers", 50);
        NetworkPolicy network = "per-server".equals(System.getProperty("network")) ? NetworkPolicy.PER_SERVER
                : NetworkPolicy.SHARED_PER_PROFILE;
        ProvisioningSettings settings = ProvisioningSettings.defaults()
                .withWaits(Duration.ZERO, Duration.ZERO, Duration.ZERO);
        Quotas roomy = new Quotas(Math.max(10, servers + 1), 150, Math.max(100, servers + 1), 200, 500, Math.max(100, servers + 1));
        try (EngineHarness h = new EngineHarness(b -> b.quotas(roomy), settings, "sandbox-admin", true)) {
            // Warm-up: class loading, the SDK's first connection, JIT of the hot paths.
            h.deploy(DeployRequest.withDefaults("warm-up", EngineHarness.PROFILE).withNetworkPolicy(network));
            h.runUntilSettled(Duration.ofMinutes(2));
            Map<String, Integer> before = h.counting.all();
            long nanosBefore = h.counting.nanosInCalls();
            h.jobs.clear();

            long start = System.nanoTime();
            for (int i = 1; i <= servers; i++) {
                h.deploy(DeployRequest.withDefaults("bench-" + i, EngineHarness.PROFILE).withNetworkPolicy(network));
            }
            int rounds = h.runUntilSettled(Duration.ofMinutes(10));
            long elapsed = System.nanoTime() - start;
            long failed = h.jobs.values().stream().filter(j -> j.getState() != JobState.SUCCEEDED).count();
            long inCalls = h.counting.nanosInCalls() - nanosBefore;

            System.out.printf(Locale.ROOT, "servers=%d network=%s rounds=%d failed=%d%n", servers,
                    network.name().toLowerCase(Locale.ROOT), rounds, failed);
            System.out.printf(Locale.ROOT, "total %.2f s, %.1f ms per server; in cloud calls %.1f ms per server; engine overhead %.2f ms per server%n",
                    elapsed / 1e9, elapsed / 1e6 / servers, inCalls / 1e6 / servers, (elapsed - inCalls) / 1e6 / servers);
            System.out.println("cloud calls per server (port method: calls/server):");
            int total = 0;
            for (Map.Entry<String, Integer> e : h.counting.all().entrySet()) {
                int n = e.getValue() - before.getOrDefault(e.getKey(), 0);
                if (n > 0) {
                    total += n;
                    System.out.printf(Locale.ROOT, "  %-24s %6.2f%n", e.getKey(), (double) n / servers);
                }
            }
            System.out.printf(Locale.ROOT, "  %-24s %6.2f%n", "all", (double) total / servers);
        }
    }
}

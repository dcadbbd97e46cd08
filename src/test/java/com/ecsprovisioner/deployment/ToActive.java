package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StoredStepDurations;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link WaitLatencyBenchmark}'s {@code -Dto=active} mode: time to active minus the cloud's configured states and
 * the run's own simulated bootstrap, with the bootstrap at its realistic length.
 */
final class ToActive {

    /** The sandbox's SSH host states each run's plan when it starts it (SimulatedBootstrapAgent, level FINE). */
    private static final Pattern PLANNED = Pattern.compile("Bootstrap run on (\\S+) in \\S+: \\d+ steps, (\\d+) ms, exit (\\d+)");

    private ToActive() {
    }

    static void run(ProvisioningSettings settings, int servers, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("-Dbatch takes a whole number of at least 1");
        }
        Map<String, Long> plannedMillis = new ConcurrentHashMap<>();
        Logger agentLog = Logger.getLogger("com.ecsprovisioner.sandbox.ssh.SimulatedBootstrapAgent");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Matcher m = PLANNED.matcher(String.valueOf(record.getMessage()));
                if (m.matches()) {
                    // A run started again (after a lost one) replaces the plan: the last one is what the server waited for.
                    plannedMillis.put(m.group(1), Long.parseLong(m.group(2)));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.FINE);
        agentLog.setLevel(Level.FINE);
        agentLog.addHandler(capture);
        AtomicReference<Map<String, Duration>> learned = new AtomicReference<>(Map.of());
        int all = 3 + servers;
        Quotas roomy = new Quotas(Math.max(10, all), Math.max(150, all), Math.max(100, all), 200, 500, Math.max(100, all));
        try (EngineHarness h = new EngineHarness(b -> b.quotas(roomy).durations(Durations.DEFAULT), settings,
                "sandbox-admin", true, 1.0, step -> Optional.ofNullable(learned.get().get(step.name())))) {
            List<Job> warmUp = WaitLatencyBenchmark.deploy(h, "warm-up", 3);
            h.runUntilSettled(Duration.ofMinutes(10));
            learned.set(StoredStepDurations.medians(rows(warmUp)));
            System.out.printf(Locale.ROOT, "== time to active, every 1 s around the learned durations, %d deployments in batches of %d%n",
                    servers, batch);
            List<Long> added = new ArrayList<>();
            List<Long> toBootstrap = new ArrayList<>();
            int describesBefore = WaitLatencyBenchmark.describes(h);
            for (int done = 0; done < servers; done += batch) {
                List<Job> jobs = WaitLatencyBenchmark.deploy(h, "batch" + done, Math.min(batch, servers - done));
                h.runUntilSettled(Duration.ofMinutes(20));
                for (Job job : jobs) {
                    if (job.getState() != JobState.SUCCEEDED) {
                        throw new IllegalStateException(job.plan().serverName() + " did not succeed: " + job.getFailureMessage());
                    }
                    String instance = h.serverOf(job).getInstanceId();
                    Long planned = plannedMillis.get(instance);
                    if (planned == null) {
                        throw new IllegalStateException("no planned bootstrap seen for " + instance);
                    }
                    added.add(Duration.between(job.getCreatedAt(), job.getFinishedAt())
                            .minus(WaitLatencyBenchmark.CRITICAL_PATH).minusMillis(planned).toMillis());
                    toBootstrap.add(Duration.between(job.getCreatedAt(), job.steps().get(DeploymentJobs.BOOTSTRAP).getStartedAt())
                            .minus(WaitLatencyBenchmark.CRITICAL_PATH).toMillis());
                }
            }
            added.sort(null);
            toBootstrap.sort(null);
            long plannedP50 = plannedMillis.values().stream().sorted().toList().get(plannedMillis.size() / 2);
            System.out.printf(Locale.ROOT, "  added to time to active: p50 %.2f s, p95 %.2f s, max %.2f s"
                            + " (of which before the bootstrap's start: p50 %.2f s, p95 %.2f s);"
                            + " simulated bootstrap p50 %.1f s; Describe calls per deployment %.1f%n",
                    WaitLatencyBenchmark.percentile(added, 50) / 1000.0, WaitLatencyBenchmark.percentile(added, 95) / 1000.0,
                    added.get(added.size() - 1) / 1000.0,
                    WaitLatencyBenchmark.percentile(toBootstrap, 50) / 1000.0,
                    WaitLatencyBenchmark.percentile(toBootstrap, 95) / 1000.0, plannedP50 / 1000.0,
                    (double) (WaitLatencyBenchmark.describes(h) - describesBefore) / servers);
        } finally {
            agentLog.removeHandler(capture);
        }
    }

    /** The warm-up's finished steps as the container reads them to learn durations. */
    static List<Object[]> rows(List<Job> jobs) {
        List<Object[]> rows = new ArrayList<>();
        for (Job job : jobs) {
            for (JobStep step : job.steps().all()) {
                if (step.getStartedAt() != null && step.getFinishedAt() != null) {
                    rows.add(new Object[]{step.getName().name(), step.getStartedAt(), step.getFinishedAt()});
                }
            }
        }
        return rows;
    }
}

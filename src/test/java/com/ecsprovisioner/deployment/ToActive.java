package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StoredStepDurations;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** A planned bootstrap run: when the sandbox's SSH host started it and how long its simulated steps take. */
    record Planned(Instant start, long millis) {
        Instant end() {
            return start.plusMillis(millis);
        }
    }

    static void run(ProvisioningSettings settings, int servers, int batch, int consumers, Duration sweep) {
        if (batch < 1 || consumers < 1) {
            throw new IllegalArgumentException("-Dbatch and -Dconsumers take whole numbers of at least 1");
        }
        Map<String, Planned> planned = new ConcurrentHashMap<>();
        Logger agentLog = Logger.getLogger("com.ecsprovisioner.sandbox.ssh.SimulatedBootstrapAgent");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Matcher m = PLANNED.matcher(String.valueOf(record.getMessage()));
                if (m.matches()) {
                    // A run started again (after a lost one) replaces the plan: the last one is what the server waited for.
                    planned.put(m.group(1), new Planned(record.getInstant(), Long.parseLong(m.group(2))));
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
                "sandbox-admin", true, Double.parseDouble(System.getProperty("bootstrap-scale", "1.0")), step -> Optional.ofNullable(learned.get().get(step.name())), settings.pollBootstrap());
             ContainerDrive drive = new ContainerDrive(h, consumers, sweep)) {
            List<Job> warmUp = WaitLatencyBenchmark.deploy(drive, "warm-up", 3);
            drive.awaitSettled(warmUp, Duration.ofMinutes(10));
            learned.set(StoredStepDurations.medians(rows(warmUp)));
            System.out.printf(Locale.ROOT, "== time to active, every %s s around the learned durations, %d deployments in batches of %d,"
                            + " %d consumers, a sweep every %s s; load average %s%n", settings.pollNear().toMillis() / 1000.0,
                    servers, batch, consumers, sweep.toMillis() / 1000.0, loadAverage());
            Breakdown breakdown = new Breakdown();
            int describesBefore = WaitLatencyBenchmark.describes(h);
            long cpuBefore = cpuNanos();
            long connectionsBefore = h.connections.opened();
            for (int done = 0; done < servers; done += batch) {
                List<Job> jobs = WaitLatencyBenchmark.deploy(drive, "batch" + done, Math.min(batch, servers - done));
                drive.awaitSettled(jobs, Duration.ofMinutes(20));
                for (Job job : jobs) {
                    if (job.getState() != JobState.SUCCEEDED) {
                        throw new IllegalStateException(job.plan().serverName() + " did not succeed: " + job.getFailureMessage());
                    }
                    String instance = h.serverOf(job).getInstanceId();
                    Planned run = planned.get(instance);
                    if (run == null) {
                        throw new IllegalStateException("no planned bootstrap seen for " + instance);
                    }
                    breakdown.add(job, run, drive.turnsOf(job));
                }
            }
            breakdown.print((double) (WaitLatencyBenchmark.describes(h) - describesBefore) / servers,
                    (double) (h.connections.opened() - connectionsBefore) / servers, (cpuNanos() - cpuBefore) / 1e9 / servers, drive);
            System.out.printf(Locale.ROOT, "  load average at the end %s%n", loadAverage());
        } finally {
            agentLog.removeHandler(capture);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Where each deployment's added time went. Before its bootstrap run starts: waiting for the sweep's tick, waiting
     * for a consumer, the steps' own execution (cloud calls, the SSH probe, the upload), and the rest, which is the
     * waits' granularity (looks that came after the cloud's change). After the run's planned end: the last look's due
     * time past that end (the bootstrap's poll interval), then its wait for the tick and a consumer, then the look.
     */
    private static final class Breakdown {
        final Map<String, List<Long>> figures = new LinkedHashMap<>();
        final List<Integer> bootstrapLooks = new ArrayList<>();

        void add(Job job, Planned run, List<ContainerDrive.Turn> turns) {
            Instant created = job.getCreatedAt();
            put("added to time to active", Duration.between(created, job.getFinishedAt())
                    .minus(WaitLatencyBenchmark.CRITICAL_PATH).minusMillis(run.millis()));
            Duration before = Duration.between(created, run.start()).minus(WaitLatencyBenchmark.CRITICAL_PATH);
            put("before the bootstrap run starts", before);
            Duration tick = Duration.ZERO;
            Duration queue = Duration.ZERO;
            Duration execution = Duration.ZERO;
            for (ContainerDrive.Turn t : turns) {
                if (t.claimed().isBefore(run.start())) {
                    tick = tick.plus(t.tickWait());
                    queue = queue.plus(t.queueWait());
                    execution = execution.plus(t.written().isBefore(run.start()) ? t.execution() : Duration.between(t.claimed(), run.start()));
                }
            }
            put("  before: waiting for the sweep's tick", tick);
            put("  before: waiting for a consumer or the sweep's thread", queue);
            put("  before: steps' execution (cloud calls, SSH probe, upload)", execution);
            put("  before: the rest (looks after the cloud's change)", before.minus(tick).minus(queue).minus(execution));
            put("after the run's planned end", Duration.between(run.end(), job.getFinishedAt()));
            ContainerDrive.Turn last = turns.get(turns.size() - 1);
            put("  after: last look due past the planned end", Duration.between(run.end(), last.due()));
            put("  after: waiting for the sweep's tick", last.tickWait());
            put("  after: waiting for a consumer", last.queueWait());
            put("  after: the last look itself", last.execution());
            bootstrapLooks.add((int) turns.stream().filter(t -> DeploymentJobs.BOOTSTRAP.equals(t.step())).count());
        }

        private void put(String what, Duration d) {
            figures.computeIfAbsent(what, k -> new ArrayList<>()).add(d.toMillis());
        }

        void print(double describes, double connections, double cpuSeconds, ContainerDrive drive) {
            figures.forEach((what, values) -> {
                List<Long> sorted = values.stream().sorted().toList();
                System.out.printf(Locale.ROOT, "  %-62s p50 %7.2f s, p95 %7.2f s, max %7.2f s%n", what,
                        WaitLatencyBenchmark.percentile(sorted, 50) / 1000.0, WaitLatencyBenchmark.percentile(sorted, 95) / 1000.0,
                        sorted.get(sorted.size() - 1) / 1000.0);
            });
            System.out.printf(Locale.ROOT, "  per deployment: %.1f looks of the bootstrap step (p50 %d) on %.1f SSH connections,"
                            + " %.1f Describe calls, %.2f CPU s of this JVM (engine, sandbox and SSH hosts); %d sweeps, %d failed turns%n",
                    bootstrapLooks.stream().mapToInt(Integer::intValue).average().orElse(0),
                    bootstrapLooks.stream().sorted().toList().get(bootstrapLooks.size() / 2), connections, describes, cpuSeconds,
                    drive.sweeps.get(), drive.failures.get());
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

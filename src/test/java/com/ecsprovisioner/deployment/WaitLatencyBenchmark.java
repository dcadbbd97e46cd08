package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.NetworkPolicy;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latency the engine's waits add to a deployment beyond the cloud's own critical path, against an in-process
 * sandbox with its realistic durations (VPC and vSwitch 2 s pending, instance 3 s pending + 5 s starting, so 12 s of
 * states along a per-server deployment's path): per deployment, the time from its request to the start of its
 * bootstrap step minus those 12 s, p50 and p95, and the Describe calls per deployment. Three rules side by side in
 * one run, each in a harness of its own: the growing interval alone ({@code poll.near} zero, the rule before),
 * looks every second around each step's first poll interval (nothing learned yet), and around the durations learned
 * from the warm-up's finished steps (what the container reads from the database). Each rule: a warm-up of three
 * deployments at once, then {@code -Dsequential} (5) deployments one at a time, then {@code -Dservers} (100) at once.
 * The jobs are driven as the container drives them ({@link ContainerDrive}): the engine's own turn and sweep, with
 * {@code -Dconsumers} (8, the {@code JobConsumer}'s {@code maxSession}) threads taking the "advance" messages and a
 * sweep every {@code -Dsweep-ms} (the {@code JobSweep}'s period, {@code ecs.provisioning.sweep}); any {@code -Decs.provisioning.*}
 * setting is read as the container reads it.
 * <p>
 * {@code mvn -o -q -Pbench-waits test-compile exec:java}
 * <p>
 * With {@code -Dto=active} it measures the whole deployment instead, as the scale-out issue asks: the bootstrap's
 * simulated steps run as long as on a real host (scale 1.0, about two and a half minutes for the WordPress stack),
 * and per deployment the time from its request to its server's being active minus the 12 s of states and minus the
 * planned duration of its own simulated bootstrap (what the sandbox's SSH host planned for that run), p50 and p95.
 * Only the rule the container uses (learned durations); {@code -Dservers} (100) deployments in batches of
 * {@code -Dbatch} (all at once by default), after the warm-up; it also says where the added time went, before the
 * bootstrap run starts and after its planned end ({@link ToActive}).
 */
public final class WaitLatencyBenchmark {

    static final Duration CRITICAL_PATH = Duration.ofSeconds(2 + 2 + 3 + 5);

    private WaitLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int sequential = Integer.getInteger("sequential", 5);
        int servers = Integer.getInteger("servers", 100);
        int consumers = Integer.getInteger("consumers", 8);
        if (sequential < 1 || servers < 1 || consumers < 1) {
            throw new IllegalArgumentException("-Dsequential, -Dservers and -Dconsumers take whole numbers of at least 1");
        }
        // The product's settings, and any ecs.provisioning.* given with -D (as the container reads them).
        ProvisioningSettings today = ProvisioningSettings.from(key -> Optional.ofNullable(System.getProperty(key)),
                System.getProperties().stringPropertyNames());
        Duration sweep = Duration.ofMillis(Long.getLong("sweep-ms", today.sweep().toMillis()));
        if ("active".equals(System.getProperty("to"))) {
            ToActive.run(today, servers, Integer.getInteger("batch", servers), consumers, sweep);
            return;
        }
        Drive drive = new Drive(sequential, servers, consumers, sweep);
        drive.run("growing interval alone (before)", today.withPollNear(Duration.ZERO), false);
        String near = "every " + today.pollNear().toMillis() / 1000.0 + " s";
        drive.run(near + " around the first poll interval (nothing learned)", today, false);
        drive.run(near + " around the learned durations", today, true);
    }

    /** How the deployments are driven: how many, and the container's consumers and sweep period. */
    private record Drive(int sequential, int servers, int consumers, Duration sweep) {

        void run(String rule, ProvisioningSettings settings, boolean learn) {
            AtomicReference<Map<String, Duration>> learned = new AtomicReference<>(Map.of());
            int all = 3 + sequential + servers;
            Quotas roomy = new Quotas(Math.max(10, all), Math.max(150, all), Math.max(100, all), 200, 500, Math.max(100, all));
            try (EngineHarness h = new EngineHarness(b -> b.quotas(roomy).durations(Durations.DEFAULT), settings,
                    "sandbox-admin", true, 0.001, step -> Optional.ofNullable(learned.get().get(step.name())));
                 ContainerDrive drive = new ContainerDrive(h, consumers, sweep)) {
                List<Job> warmUp = deploy(drive, "warm-up", 3);
                drive.awaitSettled(warmUp, Duration.ofMinutes(5));
                if (learn) {
                    learned.set(StoredStepDurations.medians(ToActive.rows(warmUp)));
                }
                System.out.printf(Locale.ROOT, "== %s (%d consumers, a sweep every %.1f s; load average %s)%n", rule, consumers,
                        sweep.toMillis() / 1000.0, ToActive.loadAverage());
                int describesBefore = describes(h);
                List<Job> alone = new ArrayList<>();
                for (int i = 1; i <= sequential; i++) {
                    List<Job> one = deploy(drive, "alone-" + i, 1);
                    drive.awaitSettled(one, Duration.ofMinutes(5));
                    alone.addAll(one);
                }
                print("one at a time", alone, describes(h) - describesBefore);
                describesBefore = describes(h);
                List<Job> together = deploy(drive, "together", servers);
                drive.awaitSettled(together, Duration.ofMinutes(15));
                print(servers + " at once", together, describes(h) - describesBefore);
            }
        }
    }

    static List<Job> deploy(ContainerDrive drive, String prefix, int count) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            jobs.add(drive.deploy(DeployRequest.withDefaults(prefix + "-" + i, EngineHarness.PROFILE)
                    .withNetworkPolicy(NetworkPolicy.PER_SERVER)));
        }
        return jobs;
    }

    private static void print(String what, List<Job> jobs, int describes) {
        List<Long> added = new ArrayList<>();
        for (Job job : jobs) {
            if (job.getState() != JobState.SUCCEEDED) {
                throw new IllegalStateException(job.plan().serverName() + " did not succeed: " + job.getFailureMessage());
            }
            JobStep bootstrap = job.steps().get(DeploymentJobs.BOOTSTRAP);
            added.add(Duration.between(job.getCreatedAt(), bootstrap.getStartedAt()).minus(CRITICAL_PATH).toMillis());
        }
        added.sort(null);
        System.out.printf(Locale.ROOT, "  %-14s added to the bootstrap's start: p50 %.2f s, p95 %.2f s;"
                        + " Describe calls per deployment %.1f%n", what, percentile(added, 50) / 1000.0,
                percentile(added, 95) / 1000.0, (double) describes / jobs.size());
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static int describes(EngineHarness h) {
        return h.counting.all().entrySet().stream().filter(e -> e.getKey().startsWith("describe"))
                .mapToInt(Map.Entry::getValue).sum();
    }
}

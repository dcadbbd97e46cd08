package com.ecsprovisioner.deployment;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.bootstrap.BootstrapScripts;
import com.ecsprovisioner.bootstrap.SshConnections;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.cloud.Cloud;
import com.ecsprovisioner.cloud.CloudConnection;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.AlibabaCloud;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.JobHandlers;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.UsualDurations;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.lifecycle.LifecycleProcess;
import com.ecsprovisioner.lifecycle.MemoryLifecycleActions;
import com.ecsprovisioner.lifecycle.OsReboot;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.ssh.SandboxSshHosts;
import com.ecsprovisioner.sandbox.ssh.SshHostsConfig;
import com.ecsprovisioner.server.Server;

import java.util.Objects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The engine as the container runs it, without the container: an in-process sandbox cloud (API and SSH hosts),
 * the real Alibaba adapter and SDK, and a loop that does what the sweep does — find due jobs, one batch of
 * describes per round, then for each job claim, prepare, execute, apply, release. Jobs and servers live in memory;
 * the database part is covered by the mapping test and the Arquillian test. One harness per test.
 */
public final class EngineHarness implements AutoCloseable {

    public static final String REGION = "cn-hangzhou";
    public static final String FIRST_ZONE = "cn-hangzhou-h";
    public static final String SECOND_ZONE = "cn-hangzhou-i";
    public static final String TYPE = "ecs.t6-c1m1.large";
    public static final String IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
    public static final String KEY_PAIR = "ecs-engine-test";
    public static final long PROFILE = 7;

    /** Waits short enough for a test, long enough that a round is a real wait. */
    public static ProvisioningSettings fastSettings() {
        return ProvisioningSettings.defaults().withWaits(Duration.ofMillis(5), Duration.ofMillis(40), Duration.ofMillis(10));
    }

    public final Sandbox sandbox;
    public final SandboxSshHosts sshHosts;
    public final int sshPort;
    public final CountingRegion counting;
    public final CloudRegion cloud;
    public final DeploymentProcess process;
    public final LifecycleProcess lifecycle;
    /** The lifecycle jobs' action details (the database's part): a test keeps each request's with its job. */
    public final MemoryLifecycleActions lifecycleActions = new MemoryLifecycleActions();
    /** Both handlers, looked up by job kind as the container's engine does. */
    public final JobHandlers handlers;
    public final MemoryBootstrapAccess bootstrapAccess;
    /** The bootstrap's kept SSH connections, as the container keeps them. */
    public final SshConnections connections = SshConnections.forPace(Duration.ofSeconds(5));
    public final DeploymentDefaults defaults;
    public final Map<Long, Job> jobs = new LinkedHashMap<>();
    public final Map<Long, Server> servers = new LinkedHashMap<>();
    /** Lifecycle jobs (a server has one deployment in {@link #jobs} and any number of these). */
    public final List<Job> actions = new ArrayList<>();
    public int roundsWaitingForInstances;
    /** Wall time spent working on due jobs (batched describes plus claim/execute/apply), pauses between rounds excluded. */
    public long busyNanos;
    /**
     * Wall time of the steps that talk SSH to the machines (the SSH probe and the bootstrap step: key exchange, upload,
     * starting the scripts, reading their log), part of {@link #busyNanos}. The benchmark reports it apart, because it
     * is time spent waiting for the machines, not the engine's own work.
     */
    public long sshStepNanos;
    private long nextServerId = 1000;

    public EngineHarness(Consumer<SandboxConfig.Builder> config) {
        this(config, fastSettings(), "sandbox-admin", true);
    }

    public EngineHarness(Consumer<SandboxConfig.Builder> config, ProvisioningSettings settings, String user, boolean sshHostsRunning) {
        this(config, settings, user, sshHostsRunning, 0.001);
    }

    /** @param stepDurationScale how fast the sandbox's simulated bootstrap steps run (1.0 = real durations) */
    public EngineHarness(Consumer<SandboxConfig.Builder> config, ProvisioningSettings settings, String user, boolean sshHostsRunning,
                  double stepDurationScale) {
        this(config, settings, user, sshHostsRunning, stepDurationScale, UsualDurations.none());
    }

    /** @param usual how long the deployment's steps usually take (what the container learns from the database) */
    public EngineHarness(Consumer<SandboxConfig.Builder> config, ProvisioningSettings settings, String user, boolean sshHostsRunning,
                  double stepDurationScale, UsualDurations usual) {
        this(config, settings, user, sshHostsRunning, stepDurationScale, usual, Duration.ofMillis(10));
    }

    /**
     * @param bootstrapPace the wait between looks at running bootstrap scripts ({@code poll.bootstrap} in the
     *                      product; a moment by default, for scripts that run a thousand times faster than real ones)
     */
    public EngineHarness(Consumer<SandboxConfig.Builder> config, ProvisioningSettings settings, String user, boolean sshHostsRunning,
                  double stepDurationScale, UsualDurations usual, Duration bootstrapPace) {
        SandboxConfig.Builder b = SandboxConfig.builder().durations(Durations.IMMEDIATE);
        config.accept(b);
        sandbox = Sandbox.start(b.build());
        try {
            sshPort = FreePort.next();
            // The simulated scripts run a thousand times faster than real ones: a whole bootstrap takes a moment.
            sshHosts = sshHostsRunning ? SandboxSshHosts.start(sandbox.directory(),
                    SshHostsConfig.defaults().withPort(sshPort).withStepDurationScale(stepDurationScale)) : null;
        } catch (IOException e) {
            sandbox.close();
            throw new UncheckedIOException(e);
        }
        counting = new CountingRegion(region(user));
        cloud = counting.region;
        String privateKey = region("sandbox-admin").createKeyPair(KEY_PAIR).privateKeyPem();
        bootstrapAccess = new MemoryBootstrapAccess("root", sshPort, privateKey);
        SshTimeouts timeouts = new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
        process = new DeploymentProcess(settings, new Random(7), SshProbe.TCP, new BootstrapStep(bootstrapAccess,
                BootstrapScripts.load(), timeouts, bootstrapPace, connections), usual);
        lifecycle = new LifecycleProcess(settings, new Random(7), new OsReboot(bootstrapAccess, timeouts), lifecycleActions);
        handlers = JobHandlers.of(process, lifecycle);
        defaults = new DeploymentDefaults(REGION, KEY_PAIR, sshPort, TYPE, IMAGE, "cloud_essd", 40, 5,
                ZonePolicy.FIRST_ZONE, NetworkPolicy.PER_SERVER);
    }

    /** Move 1 of the job's handler. */
    public void prepare(Job job, Server server, Instant now) {
        handlers.forJob(job).prepare(job, server, now);
    }

    /** Move 2 of the job's handler. */
    public Outcome execute(Job job, Server server, CloudRegion region, CloudObservations seen, Instant now) {
        return handlers.forJob(job).execute(job, server, region, seen, now);
    }

    /** What the boundary's retry does. */
    public void retry(Job job, Server server, Instant now) {
        handlers.forJob(job).retry(job, server, now);
    }

    public CloudRegion region(String user) {
        AccessKey k = sandbox.accounts().stream().filter(a -> a.userName().equals(user)).findFirst().orElseThrow();
        return new AlibabaCloud(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .region(new CloudConnection(k.id(), k.secret(), REGION, Optional.of(URI.create("http://" + sandbox.endpoint()))));
    }

    /** What the boundary does: check, then a server and its job. */
    public Job deploy(DeployRequest request) {
        DeploymentPlan plan = DeployRequestCheck.plan(request, defaults, cloud);
        Instant now = Instant.now();
        long serverId = nextServerId++;
        Server server = new Server(plan.serverName(), plan.profileId(), plan.regionId(), plan.instanceType(), plan.imageId(), now);
        Job job = DeploymentJobs.create(serverId, plan, "admin", now);
        servers.put(serverId, server);
        jobs.put(serverId, job);
        return job;
    }

    public Server serverOf(Job job) {
        return servers.get(job.getServerId());
    }

    /** A server of the profile's defaults deployed to its end within {@code limit}; fails the test otherwise. */
    public Server activeServer(String name, Duration limit) {
        Job job = deploy(DeployRequest.withDefaults(name, PROFILE));
        runUntilSettled(limit);
        if (job.getState() != JobState.SUCCEEDED) {
            throw new AssertionError("the deployment of " + name + " is " + job.getState() + ": " + describe());
        }
        return serverOf(job);
    }

    /** The id the harness gave a server (its boundary's id in the container). */
    public long idOf(Server server) {
        return servers.entrySet().stream().filter(e -> e.getValue() == server).findFirst().orElseThrow().getKey();
    }

    /** A snapshot of the server's system disk, waited for until the cloud says it is accomplished. */
    public String accomplishedSnapshot(Server server, String token, Duration limit) {
        String id = cloud.snapshotSystemDisk(server.getInstanceId(), "before-" + token, token);
        long end = System.nanoTime() + limit.toNanos();
        while (cloud.describeSnapshots(List.of(id)).get(id).status() != CloudTypes.SnapshotStatus.ACCOMPLISHED) {
            if (System.nanoTime() >= end) {
                throw new AssertionError("snapshot " + id + " not accomplished");
            }
            pause(20);
        }
        return id;
    }

    /** One delivery of "advance this job": a no-op unless the claim succeeds. */
    public boolean advance(Job job, CloudObservations seen) {
        Instant now = Instant.now();
        Server server = serverOf(job);
        Optional<String> claim = job.claim(now, process.settings().lease());
        if (claim.isEmpty()) {
            return false;
        }
        prepare(job, server, now);
        StepName step = job.getCurrentStep();
        long executeStart = System.nanoTime();
        long cloudBefore = counting.nanosInCalls();
        Outcome outcome = execute(job, server, cloud, seen, now);
        if (Objects.equals(step, DeploymentJobs.SSH) || Objects.equals(step, DeploymentJobs.BOOTSTRAP)) {
            // Cloud calls made inside these steps are already counted as cloud time.
            sshStepNanos += System.nanoTime() - executeStart - (counting.nanosInCalls() - cloudBefore);
        }
        if (!job.holdsClaim(claim.get())) {
            return false;
        }
        outcome.applyTo(job, server, Instant.now());
        job.releaseClaim();
        return true;
    }

    /**
     * Moves one job of another feature's kind (firewall, backup, disk roll-back) as the worker does, until it ends or
     * {@code limit} passes: claim, move 1, the cloud looks its handler asks for, move 2, write-back. The harness's own
     * deployments and lifecycle actions go through {@link #runUntilSettled} instead.
     */
    public void runToEnd(JobHandler handler, Job job, Server server, Duration limit) {
        runToEnd(handler, job, server, cloud, limit);
    }

    /** As {@link #runToEnd(JobHandler, Job, Server, Duration)}, with another user's keys ({@link #region(String)}). */
    public void runToEnd(JobHandler handler, Job job, Server server, CloudRegion cloud, Duration limit) {
        JobHandlers only = JobHandlers.of(handler);
        long end = System.nanoTime() + limit.toNanos();
        while (job.getState().isActive() && System.nanoTime() < end) {
            Instant now = Instant.now();
            if (!job.isDue(now)) {
                pause(10);
                continue;
            }
            String claim = job.claim(now, process.settings().lease()).orElseThrow();
            handler.prepare(job, server, now);
            Outcome outcome = handler.execute(job, server, cloud, CloudObservations.batchedFor(cloud, List.of(job), only), now);
            if (!job.holdsClaim(claim)) {
                throw new AssertionError("job " + job.getId() + " lost its claim during its move");
            }
            outcome.applyTo(job, server, Instant.now());
            job.releaseClaim();
        }
    }

    /** Runs rounds until no job has work left or the time is up; answers the number of rounds. */
    public int runUntilSettled(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        int rounds = 0;
        while (System.nanoTime() < end) {
            List<Job> active = java.util.stream.Stream.concat(jobs.values().stream(), actions.stream())
                    .filter(j -> j.getState().isActive()).toList();
            if (active.isEmpty()) {
                return rounds;
            }
            Instant now = Instant.now();
            List<Job> due = active.stream().filter(j -> j.isDue(now)).toList();
            if (due.isEmpty()) {
                Instant next = active.stream().map(Job::getNextRunAt).min(Comparator.naturalOrder()).orElse(now);
                long millis = Math.max(1, Duration.between(now, next).toMillis());
                pause(Math.min(millis, 50));
                continue;
            }
            rounds++;
            if (due.stream().anyMatch(j -> j.getState() == JobState.RUNNING && Objects.equals(j.getCurrentStep(), DeploymentJobs.RUNNING))) {
                roundsWaitingForInstances++;
            }
            long busyStart = System.nanoTime();
            CloudObservations seen = CloudObservations.batchedFor(cloud, due, handlers);
            for (Job job : new ArrayList<>(due)) {
                advance(job, seen);
            }
            busyNanos += System.nanoTime() - busyStart;
        }
        throw new AssertionError("jobs still active after " + limit + ": " + describe());
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Job j : jobs.values()) {
            sb.append("\n").append(j.plan().serverName()).append(" ").append(j.getState()).append(" at ").append(j.getCurrentStep());
            j.log().forEach(l -> sb.append("\n   ").append(l));
        }
        return sb.toString();
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        connections.close();
        if (sshHosts != null) {
            sshHosts.close();
        }
        sandbox.close();
    }
}

package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.CloudLooks;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.engine.UsualDurations;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * How a deployment moves, as plain Java against the {@link CloudRegion} port: no container, no database. A driver
 * (the container's {@code JobWorker}, or a test's loop) uses it in three moves per step:
 * <ol>
 * <li>{@link #prepare} inside the transaction that claims the job: starts the job and its current step (the step's
 *     client token is made here, so it is committed before any call that uses it), or turns a cancel into a
 *     rollback;</li>
 * <li>{@link #execute} outside any transaction: one step's calls to the cloud, returning an {@link Outcome} and
 *     changing nothing itself;</li>
 * <li>{@link Outcome#applyTo} inside the transaction that writes the result back (on freshly read entities, while
 *     the claim is still held).</li>
 * </ol>
 * A wait is one look now and a next look recorded on the job ({@link Job#waitUntil}); transient cloud errors are
 * retried with back-off and jitter within the step's deadline; permanent ones stop the job at the step with the
 * cloud's message, code and request id. The zone's choice is {@link ZoneChoice}'s, the network steps
 * {@link NetworkSteps}', the rollback {@link DeploymentRollback}'s and the bootstrap {@link BootstrapStep}'s; the
 * instance and the waits for it are here.
 */
public final class DeploymentProcess implements JobHandler {

    private final ProvisioningSettings settings;
    private final StepOutcomes outcomes;
    private final SshProbe ssh;
    private final BootstrapStep bootstrap;
    private final ZoneChoice zones;
    private final NetworkSteps network;
    private final DeploymentRollback rollback;

    public DeploymentProcess(ProvisioningSettings settings, RandomGenerator random, SshProbe ssh, BootstrapStep bootstrap) {
        this(settings, random, ssh, bootstrap, UsualDurations.none());
    }

    /** {@code usual}: how long each step usually takes, around which its waits look often. */
    public DeploymentProcess(ProvisioningSettings settings, RandomGenerator random, SshProbe ssh, BootstrapStep bootstrap,
                             UsualDurations usual) {
        this(settings, random, ssh, bootstrap, usual, profileId -> null);
    }

    /** {@code profileNames}: a profile's name by its id, for what people read in the cloud's console. */
    public DeploymentProcess(ProvisioningSettings settings, RandomGenerator random, SshProbe ssh, BootstrapStep bootstrap,
                             UsualDurations usual, LongFunction<String> profileNames) {
        this.settings = Objects.requireNonNull(settings);
        this.outcomes = new StepOutcomes(settings, random, this, usual);
        this.ssh = Objects.requireNonNull(ssh);
        this.bootstrap = Objects.requireNonNull(bootstrap);
        this.zones = new ZoneChoice(outcomes);
        this.network = new NetworkSteps(settings, outcomes, profileNames);
        this.rollback = new DeploymentRollback(settings, random, outcomes);
    }

    public ProvisioningSettings settings() {
        return settings;
    }

    @Override
    public Set<JobKind> kinds() {
        return Set.of(DeploymentJobs.DEPLOY);
    }

    @Override
    public List<StepName> steps(JobKind kind) {
        return DeploymentJobs.STEPS;
    }

    /** A bootstrap-only job (a custom server) only talks SSH: it has no cloud account to open. */
    @Override
    public boolean usesCloud(Job job) {
        return !DeploymentJobs.isBootstrapOnly(job);
    }

    /** A deployment can be stopped while it runs: it then deletes what it created so far. */
    @Override
    public boolean cancellable(JobKind kind) {
        return true;
    }

    /** The bootstrap tells how far its scripts got; the other steps are measured by their usual time. */
    @Override
    public java.util.OptionalDouble shareOfCurrentStep(Job job) {
        return DeploymentJobs.BOOTSTRAP.equals(job.getCurrentStep()) ? bootstrap.shareDone(job) : java.util.OptionalDouble.empty();
    }

    /** The waits of a running deployment: its VPC, its vSwitch in its zone, its instance starting. */
    @Override
    public CloudLooks looksAt(Job job) {
        if (job.getState() != JobState.RUNNING) {
            return CloudLooks.NONE;
        }
        return switch (DeploymentStep.of(job.getCurrentStep())) {
            case VPC -> job.resources().id(ResourceKind.VPC).map(CloudLooks::vpc).orElse(CloudLooks.NONE);
            case VSWITCH -> job.resources().current(ResourceKind.VSWITCH).filter(r -> Objects.equals(r.getZoneId(), job.zone().zoneId()))
                    .map(r -> CloudLooks.vSwitch(r.getResourceId())).orElse(CloudLooks.NONE);
            case RUNNING -> job.resources().id(ResourceKind.INSTANCE).map(CloudLooks::instance).orElse(CloudLooks.NONE);
            default -> CloudLooks.NONE;
        };
    }

    // ---- Move 1: claim -----------------------------------------------------------------------------------------

    /** Inside the claiming transaction. */
    @Override
    public void prepare(Job job, Server server, Instant now) {
        if (job.getState() == JobState.QUEUED) {
            job.start(now);
            if (DeploymentJobs.isBootstrapOnly(job)) {
                server.startBootstrap(now);
            } else {
                server.startProvisioning(now);
            }
        }
        if (job.rollback().isCancelRequested() && job.getState() == JobState.RUNNING) {
            startRollback(job, server, now);
            return;
        }
        if (job.getState() == JobState.RUNNING) {
            DeploymentJobs.beginCurrentStep(job, now, settings.deadline(DeploymentStep.of(job.getCurrentStep()).step));
            bootstrap.prepare(job, server, now);
        }
    }

    /** A failed job (or a failed rollback, or a cancelled job) starts deleting what it created. */
    @Override
    public void startRollback(Job job, Server server, Instant now) {
        if (!job.getKind().equals(DeploymentJobs.DEPLOY)) {
            // A lifecycle action has nothing to take back; it finishes or fails within its deadline.
            throw new IllegalTransition("job " + job.getId(), job.getState(), "roll back");
        }
        job.rollback().begin(now, settings.rollbackDeadline());
        if (!DeploymentJobs.isBootstrapOnly(job)) {
            server.delete(job.rollback().isCancelRequested() ? "deployment cancelled" : "deployment rolled back", now);
        }
    }

    /** A deployment (not a bootstrap alone) that failed or succeeded. */
    @Override
    public boolean rollbackOffered(Job job) {
        return job.getKind().equals(DeploymentJobs.DEPLOY) && !DeploymentJobs.isBootstrapOnly(job)
                && (job.getState() == JobState.FAILED || job.getState() == JobState.SUCCEEDED);
    }

    /** A failed job runs again from its failed step; a failed rollback tries again. */
    @Override
    public void retry(Job job, Server server, Instant now) {
        if (job.getState() == JobState.ROLLBACK_FAILED) {
            startRollback(job, server, now);
        } else {
            job.retry(now);
            // A job that failed while bootstrapping has its instance: only the bootstrap runs again.
            if (job.getCurrentStep().equals(DeploymentJobs.BOOTSTRAP)) {
                server.startBootstrap(now);
            } else {
                server.startProvisioning(now);
            }
        }
    }

    // ---- Move 2: the calls -------------------------------------------------------------------------------------

    /**
     * The current step's calls. {@code job} and {@code server} are only read (they may be detached copies);
     * {@code seen} answers the waits (batched by the sweep, or direct).
     */
    @Override
    public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        return switch (job.getState()) {
            case RUNNING -> runStep(job, server, cloud, seen, now);
            case ROLLING_BACK -> rollback.rollBack(job, cloud, seen, now);
            default -> Outcome.none();
        };
    }

    private Outcome runStep(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        JobStep step = job.steps().current();
        try {
            return switch (DeploymentStep.of(step.getName())) {
                case ZONE -> zones.chooseZone(job, cloud);
                case VPC -> network.vpc(job, cloud, seen, now);
                case VSWITCH -> network.vSwitch(job, cloud, seen, now);
                case SECURITY_GROUP -> network.securityGroup(job, cloud);
                case INGRESS_RULES -> network.ingressRules(job, cloud);
                case INSTANCE -> runInstance(job, cloud, now);
                case RUNNING -> waitRunning(job, seen, now);
                case SSH -> waitSsh(job, server, now);
                case BOOTSTRAP -> bootstrap.execute(job, server, outcomes, now);
            };
        } catch (CloudException e) {
            return cloudFailure(job, cloud, e, now);
        }
    }

    private Outcome runInstance(Job job, CloudRegion cloud, Instant now) {
        Optional<String> known = job.resources().id(ResourceKind.INSTANCE);
        String id = known.orElseGet(() -> cloud.runInstance(new CloudTypes.InstanceSpec(job.plan().serverName(),
                job.plan().serverName(), job.zone().zoneId(), job.plan().instanceType(), job.plan().imageId(),
                job.resources().id(ResourceKind.VSWITCH).orElseThrow(), job.resources().id(ResourceKind.SECURITY_GROUP).orElseThrow(),
                job.plan().keyPairName(), job.plan().diskCategory(), job.plan().diskSizeGiB(), job.plan().bandwidthOutMbps(),
                Tags.forServer(job.getProfileId(), job.getServerId())), job.steps().current().getClientToken()));
        Duration pause = settings.pollInstance();
        String zone = job.zone().zoneId();
        return (j, s, t) -> {
            j.resources().record(ResourceKind.INSTANCE, id, zone, true, t);
            s.recordInstance(id, t);
            j.steps().complete(t, "Instance " + id + " created in " + zone);
            j.waitUntil(t.plus(pause), t);
        };
    }

    private Outcome waitRunning(Job job, CloudObservations seen, Instant now) {
        String id = job.resources().id(ResourceKind.INSTANCE).orElseThrow();
        Optional<CloudTypes.Instance> instance = seen.instance(id);
        if (instance.isPresent()) {
            CloudTypes.Instance i = instance.get();
            if (i.state() == CloudTypes.InstanceState.RUNNING && i.publicIp().isPresent()) {
                String ip = i.publicIp().get();
                String privateIp = i.privateIp().orElse(null);
                return (j, s, t) -> {
                    s.recordAddresses(ip, privateIp, t);
                    j.steps().complete(t, "Instance " + id + " running at " + ip);
                    j.waitUntil(t, t);
                };
            }
            if (i.state() == CloudTypes.InstanceState.STOPPED || i.state() == CloudTypes.InstanceState.STOPPING
                    || i.state() == CloudTypes.InstanceState.UNRECOGNIZED) {
                return outcomes.failure(job, "Instance " + id + " went to " + i.rawStatus()
                        + " instead of Running; look at its console output in the ECS console", null, null);
            }
        }
        return outcomes.keepWaiting(job, now, settings.pollInstance(), "Instance " + id + " is "
                + instance.map(i -> i.rawStatus() + (i.publicIp().isEmpty() ? " without a public IP yet" : "")).orElse("not listed yet"));
    }

    private Outcome waitSsh(Job job, Server server, Instant now) {
        String ip = server.getPublicIp();
        if (ssh.answers(ip, job.plan().sshPort(), settings.sshTimeout())) {
            String privateIp = server.getPrivateIp();
            return (j, s, t) -> {
                s.markSshReachable(ip, privateIp, t);
                j.steps().complete(t, "SSH answers at " + ip + ":" + job.plan().sshPort());
            };
        }
        return outcomes.keepWaiting(job, now, settings.pollSsh(), "SSH does not answer at " + ip + ":" + job.plan().sshPort()
                + " yet (check that the image runs sshd on that port and that the security group allows it)");
    }

    // ---- Errors ------------------------------------------------------------------------------------------------

    private Outcome cloudFailure(Job job, CloudRegion cloud, CloudException e, Instant now) {
        if (e.kind() == CloudException.Kind.OUT_OF_STOCK && job.getCurrentStep().equals(DeploymentJobs.INSTANCE)
                && job.plan().zonePolicy() == ZonePolicy.FIRST_IN_STOCK && job.plan().requestedZoneId() == null) {
            return zones.leaveZone(job, cloud, e);
        }
        return outcomes.retry(job, e, now, false).orElseGet(() -> outcomes.permanent(job, e));
    }
}

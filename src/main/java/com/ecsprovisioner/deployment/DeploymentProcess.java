package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.Backoff;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobHandler;
import com.ecsprovisioner.engine.CloudLooks;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.JobWorker;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.Outcome;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
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
 * cloud's message, code and request id.
 */
public final class DeploymentProcess implements JobHandler {

    private static final Logger LOG = Logger.getLogger(DeploymentProcess.class.getName());

    /**
     * Address plans: a server's own VPC, and the profile's shared VPC with one /20 per zone (4,091 usable
     * addresses: a /24 filled up at 252 servers in a zone, and RunInstances then refused every further one).
     */
    static final String OWN_VPC_CIDR = "192.168.0.0/16";
    static final String SHARED_VPC_CIDR = "172.16.0.0/12";

    private static final List<ResourceKind> DELETION_ORDER =
            List.of(ResourceKind.INSTANCE, ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);

    private final ProvisioningSettings settings;
    private final RandomGenerator random;
    private final StepOutcomes outcomes;
    private final SshProbe ssh;
    private final BootstrapStep bootstrap;

    public DeploymentProcess(ProvisioningSettings settings, RandomGenerator random, SshProbe ssh, BootstrapStep bootstrap) {
        this.settings = Objects.requireNonNull(settings);
        this.random = Objects.requireNonNull(random);
        this.outcomes = new StepOutcomes(settings, random, this);
        this.ssh = Objects.requireNonNull(ssh);
        this.bootstrap = Objects.requireNonNull(bootstrap);
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
            case ROLLING_BACK -> rollBack(job, cloud, seen, now);
            default -> Outcome.none();
        };
    }

    private Outcome runStep(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
        JobStep step = job.steps().current();
        try {
            return switch (DeploymentStep.of(step.getName())) {
                case ZONE -> chooseZone(job, cloud);
                case VPC -> vpc(job, cloud, seen, now);
                case VSWITCH -> vSwitch(job, cloud, seen, now);
                case SECURITY_GROUP -> securityGroup(job, cloud);
                case INGRESS_RULES -> ingressRules(job, cloud);
                case INSTANCE -> runInstance(job, cloud, now);
                case RUNNING -> waitRunning(job, seen, now);
                case SSH -> waitSsh(job, server, now);
                case BOOTSTRAP -> bootstrap.execute(job, server, outcomes, now);
            };
        } catch (CloudException e) {
            return cloudFailure(job, cloud, e, now);
        }
    }

    private Outcome chooseZone(Job job, CloudRegion cloud) {
        if (job.plan().requestedZoneId() != null) {
            return placed(job.plan().requestedZoneId(), "Zone " + job.plan().requestedZoneId() + " (as requested)");
        }
        List<String> candidates = cloud.zones().stream().map(CloudTypes.Zone::id)
                .filter(z -> !job.zone().excluded().contains(z)).toList();
        if (job.plan().zonePolicy() == ZonePolicy.FIRST_ZONE) {
            if (candidates.isEmpty()) {
                return outcomes.failure(job, "Region " + job.plan().regionId() + " has no zone left to try", null, null);
            }
            return placed(candidates.get(0), "Zone " + candidates.get(0) + " (the region's first zone)");
        }
        for (String zone : candidates) {
            boolean inStock = cloud.availableInstanceTypes(zone).stream().anyMatch(o -> o.instanceType().equals(job.plan().instanceType())
                    && (o.systemDiskCategories().isEmpty() || o.systemDiskCategories().contains(job.plan().diskCategory())));
            if (inStock) {
                return placed(zone, "Zone " + zone + " (the first with " + job.plan().instanceType() + " in stock)");
            }
        }
        return outcomes.failure(job, "No zone of region " + job.plan().regionId() + " has " + job.plan().instanceType()
                + " with a " + job.plan().diskCategory() + " system disk in stock"
                + (job.zone().excluded().isEmpty() ? "" : " (tried " + String.join(", ", job.zone().excluded()) + ")")
                + ": choose another instance type or region, or retry later", CloudException.Kind.OUT_OF_STOCK.name(), null);
    }

    private static Outcome placed(String zone, String what) {
        return (job, server, now) -> {
            job.placeIn(zone, now);
            server.placeIn(zone, now);
            job.steps().complete(now, what);
        };
    }

    private Outcome vpc(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        Optional<String> known = job.resources().id(ResourceKind.VPC);
        if (known.isEmpty()) {
            boolean shared = job.plan().networkPolicy() == NetworkPolicy.SHARED_PER_PROFILE;
            String id;
            if (shared) {
                id = findShared(cloud, job.getProfileId(), ResourceKind.VPC, null).orElseGet(() -> cloud.createVpc(
                        new CloudTypes.VpcSpec("ecs-shared-" + job.getProfileId(), SHARED_VPC_CIDR,
                                "Shared network of provider profile " + job.getProfileId() + " (ECS Provisioner)",
                                Tags.forSharedNetwork(job.getProfileId())),
                        sharedToken("vpc", job.getProfileId(), null)));
            } else {
                id = cloud.createVpc(new CloudTypes.VpcSpec(job.plan().serverName(), OWN_VPC_CIDR,
                        "Network of server " + job.plan().serverName() + " (ECS Provisioner)",
                        Tags.forServer(job.getProfileId(), job.getServerId())), job.steps().current().getClientToken());
            }
            Duration pause = settings.pollNetwork();
            return (j, s, t) -> {
                j.resources().record(ResourceKind.VPC, id, null, !shared, t);
                j.log(t, JobLogEntry.Level.INFO, (shared ? "Shared VPC " : "VPC ") + id);
                j.waitUntil(t.plus(pause), t);
            };
        }
        Optional<CloudTypes.Vpc> vpc = seen.vpc(known.get());
        if (vpc.isPresent() && vpc.get().status() == CloudTypes.NetworkStatus.AVAILABLE) {
            return (j, s, t) -> j.steps().complete(t, "VPC " + known.get() + " available");
        }
        return outcomes.keepWaiting(job, now, settings.pollNetwork(), "VPC " + known.get() + " is not available ("
                + vpc.map(CloudTypes.Vpc::rawStatus).orElse("not listed yet") + ")");
    }

    private Outcome vSwitch(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        Optional<JobResource> current = job.resources().current(ResourceKind.VSWITCH)
                .filter(r -> Objects.equals(r.getZoneId(), job.zone().zoneId()));
        if (current.isEmpty()) {
            String vpcId = job.resources().id(ResourceKind.VPC).orElseThrow();
            String zone = job.zone().zoneId();
            boolean shared = job.plan().networkPolicy() == NetworkPolicy.SHARED_PER_PROFILE;
            String id;
            if (shared) {
                int index = zoneIndex(cloud, zone);
                Map<String, String> tags = new LinkedHashMap<>(Tags.forSharedNetwork(job.getProfileId()));
                tags.put(Tags.ZONE, zone);
                id = findShared(cloud, job.getProfileId(), ResourceKind.VSWITCH, zone).orElseGet(() -> cloud.createVSwitch(
                        new CloudTypes.VSwitchSpec(vpcId, zone, "ecs-shared-" + job.getProfileId() + "-" + zone,
                                sharedVSwitchCidr(index), tags),
                        sharedToken("vsw", job.getProfileId(), zone)));
            } else {
                // After a zone fallback the first vSwitch may still exist: every attempt gets its own /24.
                long attempt = job.resources().stream().filter(r -> r.getKind() == ResourceKind.VSWITCH).count();
                Map<String, String> tags = new LinkedHashMap<>(Tags.forServer(job.getProfileId(), job.getServerId()));
                tags.put(Tags.ZONE, zone);
                id = cloud.createVSwitch(new CloudTypes.VSwitchSpec(vpcId, zone, job.plan().serverName(),
                        "192.168." + attempt + ".0/24", tags), job.steps().current().getClientToken());
            }
            Duration pause = settings.pollNetwork();
            return (j, s, t) -> {
                j.resources().record(ResourceKind.VSWITCH, id, zone, !shared, t);
                j.log(t, JobLogEntry.Level.INFO, (shared ? "Shared vSwitch " : "vSwitch ") + id + " in " + zone);
                j.waitUntil(t.plus(pause), t);
            };
        }
        String id = current.get().getResourceId();
        Optional<CloudTypes.VSwitch> vsw = seen.vSwitch(id);
        if (vsw.isPresent() && vsw.get().status() == CloudTypes.NetworkStatus.AVAILABLE) {
            return (j, s, t) -> j.steps().complete(t, "vSwitch " + id + " available");
        }
        return outcomes.keepWaiting(job, now, settings.pollNetwork(), "vSwitch " + id + " is not available ("
                + vsw.map(CloudTypes.VSwitch::rawStatus).orElse("not listed yet") + ")");
    }

    private Outcome securityGroup(Job job, CloudRegion cloud) {
        Optional<String> known = job.resources().id(ResourceKind.SECURITY_GROUP);
        if (known.isPresent()) {
            return network(known.get(), "Security group " + known.get());
        }
        String vpcId = job.resources().id(ResourceKind.VPC).orElseThrow();
        // Every server gets a group of its own, in the shared network too: a firewall rule changed for one server
        // (firewall package) must never open or close a port on another. The group is the server's (tagged with it,
        // made with the step's client token, deleted with it); only the VPC and vSwitches are shared.
        boolean shared = job.plan().networkPolicy() == NetworkPolicy.SHARED_PER_PROFILE;
        String id = cloud.createSecurityGroup(new CloudTypes.SecurityGroupSpec(vpcId, job.plan().serverName(),
                "Web server " + job.plan().serverName(), Tags.forServer(job.getProfileId(), job.getServerId())),
                job.steps().current().getClientToken());
        Outcome record = (j, s, t) -> j.resources().record(ResourceKind.SECURITY_GROUP, id, null, true, t);
        Outcome done = network(id, "Security group " + id + (shared ? " (the server's own, in the shared network)" : ""));
        return (j, s, t) -> {
            record.applyTo(j, s, t);
            done.applyTo(j, s, t);
        };
    }

    private static Outcome network(String securityGroupId, String what) {
        return (j, s, t) -> {
            s.useNetwork(j.resources().id(ResourceKind.VPC).orElseThrow(), j.resources().id(ResourceKind.VSWITCH).orElseThrow(),
                    securityGroupId, t);
            j.steps().complete(t, what);
        };
    }

    private Outcome ingressRules(Job job, CloudRegion cloud) {
        String sg = job.resources().id(ResourceKind.SECURITY_GROUP).orElseThrow();
        List<CloudTypes.IngressRule> rules = new ArrayList<>();
        rules.add(CloudTypes.IngressRule.tcp(job.plan().sshPort(), "SSH"));
        if (job.plan().sshPort() != 80) {
            rules.add(CloudTypes.IngressRule.tcp(80, "HTTP"));
        }
        if (job.plan().sshPort() != 443) {
            rules.add(CloudTypes.IngressRule.tcp(443, "HTTPS"));
        }
        cloud.authorizeIngress(sg, rules, job.steps().current().getClientToken());
        return (j, s, t) -> j.steps().complete(t, "Inbound TCP " + job.plan().sshPort() + ", 80 and 443 open in " + sg);
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
            return leaveZone(job, cloud, e);
        }
        return outcomes.retry(job, e, now, false).orElseGet(() -> outcomes.permanent(job, e));
    }

    /** The zone ran out of the instance type: release this zone's vSwitch if it is ours, and choose again. */
    private Outcome leaveZone(Job job, CloudRegion cloud, CloudException e) {
        Optional<JobResource> abandoned = job.resources().current(ResourceKind.VSWITCH).filter(JobResource::isOwned);
        boolean deleted = false;
        if (abandoned.isPresent()) {
            try {
                cloud.deleteVSwitch(abandoned.get().getResourceId());
                deleted = true;
            } catch (CloudException ignored) {
                // Not fatal: the rollback deletes it if the job is ever rolled back; the log says so.
                LOG.fine(() -> "vSwitch " + abandoned.get().getResourceId() + " not deleted after leaving its zone: " + ignored.describe());
            }
        }
        boolean released = deleted;
        String reason = e.code() == null ? e.getMessage() : e.code();
        return (j, s, t) -> {
            abandoned.ifPresent(r -> {
                JobResource fresh = j.resources().record(r.getKind(), r.getResourceId(), r.getZoneId(), true, t);
                if (released) {
                    fresh.deleteRequested(t);
                    fresh.released(t);
                    j.log(t, JobLogEntry.Level.INFO, "vSwitch " + r.getResourceId() + " of the abandoned zone deleted");
                }
            });
            DeploymentJobs.leaveZone(j, reason, t);
        };
    }

    // ---- Shared network ----------------------------------------------------------------------------------------

    /**
     * The profile's shared VPC, vSwitch (of a zone) or security group if it exists. Creating it uses a client token
     * derived from the profile (and zone), so that two deployments that both find nothing get the same resource.
     */
    private static Optional<String> findShared(CloudRegion cloud, long profileId, ResourceKind kind, String zone) {
        return cloud.networkResourcesTagged(Tags.SHARED_NETWORK, Optional.of(Long.toString(profileId))).stream()
                .filter(r -> r.kind() == kind)
                .filter(r -> zone == null || zone.equals(r.tags().get(Tags.ZONE)))
                .sorted(Comparator.comparing(CloudTypes.TaggedResource::createdAt,
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .map(CloudTypes.TaggedResource::id)
                .findFirst();
    }

    static String sharedToken(String what, long profileId, String zone) {
        return "ecs-shared-" + what + "-" + profileId + (zone == null ? "" : "-" + zone);
    }

    /** The zone's /20 inside the shared 172.16.0.0/12: 256 of them, one per zone index (0 to 249). */
    static String sharedVSwitchCidr(int zoneIndex) {
        return "172." + (16 + zoneIndex / 16) + "." + (zoneIndex % 16) * 16 + ".0/20";
    }

    private static int zoneIndex(CloudRegion cloud, String zone) {
        List<CloudTypes.Zone> zones = cloud.zones();
        for (int i = 0; i < zones.size(); i++) {
            if (zones.get(i).id().equals(zone)) {
                return i;
            }
        }
        return Math.floorMod(zone.hashCode(), 200) + 50;
    }

    // ---- Rollback ----------------------------------------------------------------------------------------------

    /**
     * Deletes what the job created, one resource per run, in dependency order (instances, security group,
     * vSwitches, VPC). A parent still held by a child being released answers a busy code; that is retried with
     * back-off until the rollback's deadline. Resources tagged with this server but never recorded (a create whose
     * answer was lost) are found by their tags first.
     */
    private Outcome rollBack(Job job, CloudRegion cloud, CloudObservations seen, Instant now) {
        if (DeploymentJobs.isBootstrapOnly(job)) {
            // Nothing of ours in any cloud, and the server is not ours to delete: it stays registered and can be
            // bootstrapped again. A script already started is not stopped (it is idempotent, and may finish).
            return (j, s, t) -> {
                j.log(t, JobLogEntry.Level.INFO, "Nothing to delete in the cloud: the server stays registered; a bootstrap"
                        + " script already started on it may still run to its end");
                j.rollback().done(t);
                if (s.getStatus() == ServerStatus.BOOTSTRAPPING) {
                    s.fail(j.rollback().isCancelRequested() ? "Bootstrap cancelled" : "Bootstrap rolled back", t);
                }
            };
        }
        List<CloudTypes.TaggedResource> discovered = new ArrayList<>();
        try {
            if (job.resources().stream().noneMatch(r -> r.getDeleteRequestedAt() != null)) {
                String server = Long.toString(job.getServerId());
                for (CloudTypes.Instance i : cloud.instancesTagged(Tags.SERVER, Optional.of(server))) {
                    discovered.add(new CloudTypes.TaggedResource(ResourceKind.INSTANCE, i.id(), i.name(), i.tags(), i.createdAt()));
                }
                discovered.addAll(cloud.networkResourcesTagged(Tags.SERVER, Optional.of(server)));
            }
            List<JobResource> pending = new ArrayList<>(job.resources().stream().filter(r -> r.isOwned() && !r.isReleased()).toList());
            for (CloudTypes.TaggedResource t : discovered) {
                boolean known = job.resources().stream().anyMatch(r -> r.getKind() == t.kind() && r.getResourceId().equals(t.id()));
                if (!known) {
                    return (j, s, at) -> {
                        j.resources().record(t.kind(), t.id(), null, true, at);
                        j.log(at, JobLogEntry.Level.INFO, "Found " + t.kind().name().toLowerCase().replace('_', ' ') + " " + t.id()
                                + " by its server tag; it will be deleted too");
                        j.waitUntil(at, at);
                    };
                }
            }
            for (ResourceKind kind : DELETION_ORDER) {
                for (JobResource r : pending) {
                    if (r.getKind() == kind) {
                        return delete(job, r, cloud, seen, now);
                    }
                }
            }
            return (j, s, t) -> {
                j.rollback().done(t);
                s.markDeleted(t);
            };
        } catch (CloudException e) {
            return rollbackFailure(job, e, now);
        }
    }

    private Outcome delete(Job job, JobResource r, CloudRegion cloud, CloudObservations seen, Instant now) {
        ResourceKind kind = r.getKind();
        String id = r.getResourceId();
        String name = kind.name().toLowerCase().replace('_', ' ') + " " + id;
        if (kind == ResourceKind.INSTANCE) {
            if (r.getDeleteRequestedAt() == null) {
                return outcomes.requestInstanceDeletion(cloud, id, (j, s, t) -> j.log(t, JobLogEntry.Level.INFO, "Deleting " + name));
            }
            if (seen.instance(id).isPresent()) {
                Duration pause = settings.pollInstance();
                return (j, s, t) -> j.waitUntil(t.plus(pause), t);
            }
        } else {
            StepOutcomes.deleteNetworkResource(cloud, kind, id);
        }
        return (j, s, t) -> {
            JobResource fresh = j.resources().record(kind, id, null, true, t);
            fresh.deleteRequested(t);
            fresh.released(t);
            j.log(t, JobLogEntry.Level.INFO, "Deleted " + name);
            j.waitUntil(t, t);
        };
    }

    private Outcome rollbackFailure(Job job, CloudException e, Instant now) {
        boolean retryable = e.isTransient() || e.kind() == CloudException.Kind.CONFLICT;
        if (retryable) {
            Duration delay = Backoff.delay(job.rollback().attempt(), settings.retryFirst(), settings.retryMax(), random);
            if (!job.rollback().isPastDeadline(now.plus(delay))) {
                String error = "Rollback: " + e.describe();
                return (j, s, t) -> j.retryLater(t.plus(delay), error, t);
            }
        }
        String reason = (retryable ? "The rollback did not finish within " + StepOutcomes.humanDuration(settings.rollbackDeadline()) + ": " : "")
                + StepOutcomes.forPeople(e);
        return (j, s, t) -> {
            j.rollback().failed(reason, e.code(), e.requestId(), t);
            s.fail("Rollback failed: " + reason, t);
        };
    }

}

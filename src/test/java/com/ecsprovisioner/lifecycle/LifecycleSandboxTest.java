package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.EngineHarness;
import com.ecsprovisioner.deployment.OpenHarnesses;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.deployment.MemoryBootstrapAccess;
import com.ecsprovisioner.engine.JobHandlers;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobStep;
import com.ecsprovisioner.engine.JobTest;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.lifecycle.LifecycleRequests.NetworkChoice;
import com.ecsprovisioner.lifecycle.LifecycleRequests.Options;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import com.ecsprovisioner.server.ServerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static com.ecsprovisioner.deployment.EngineHarness.*;
import static com.ecsprovisioner.server.ServerStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle actions, the status sync and the network clean-up against the sandbox cloud through the real
 * Alibaba adapter and SDK, driven the way the container drives jobs (the engine harness): each action from each
 * status that allows it, refused from the others; changes made outside the product noticed; a deletion with its
 * network leaves nothing (orphans: cleanup.OrphanCleanupSandboxTest).
 */
class LifecycleSandboxTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String BIGGER = "ecs.c7.large";
    private static final long FAULT_SEED = Long.getLong("lifecycle.faultSeed", 8);
    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    private EngineHarness harness() {
        return harness(b -> { });
    }

    private EngineHarness harness(Consumer<com.ecsprovisioner.sandbox.SandboxConfig.Builder> config) {
        EngineHarness h = new EngineHarness(config);
        open.add(h);
        return h;
    }

    /** Deploys, bootstrap included: ACTIVE with a running instance. */
    private static Server active(EngineHarness h, String name, NetworkPolicy policy) {
        Job job = h.deploy(DeployRequest.withDefaults(name, PROFILE).withNetworkPolicy(policy));
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        Server server = h.serverOf(job);
        assertEquals(ServerStatus.ACTIVE, server.getStatus(), h.describe());
        return server;
    }

    private static long idOf(EngineHarness h, Server server) {
        return h.servers.entrySet().stream().filter(e -> e.getValue() == server).findFirst().orElseThrow().getKey();
    }

    private static List<Job> jobsOf(EngineHarness h, long serverId) {
        List<Job> all = new ArrayList<>();
        Optional.ofNullable(h.jobs.get(serverId)).ifPresent(all::add);
        h.actions.stream().filter(j -> j.getServerId() == serverId).forEach(all::add);
        return all;
    }

    private static Map<Long, Server> others(EngineHarness h, long serverId) {
        Map<Long, Server> out = new LinkedHashMap<>(h.servers);
        out.remove(serverId);
        return out;
    }

    private static Job ask(EngineHarness h, Server server, ServerAction action, Options options) {
        long id = idOf(h, server);
        List<NetworkChoice> offer = action == ServerAction.DELETE
                ? LifecycleRequests.deletionOffer(h.cloud, id, server, others(h, id)) : List.of();
        Job job = h.lifecycleActions.keep(LifecycleRequests.request(action, id, server, jobsOf(h, id), options, offer, "admin", Instant.now()));
        h.actions.add(job);
        return job;
    }

    private static Job run(EngineHarness h, Server server, ServerAction action, Options options, ServerStatus expected) {
        ServerStatus before = server.getStatus();
        Job job = ask(h, server, action, options);
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.SUCCEEDED, job.getState(), action + " from " + before + ":" + log(job));
        assertEquals(expected, server.getStatus(), action + " from " + before + ":" + log(job));
        return job;
    }

    private static String log(Job job) {
        return job.log().stream().map(Object::toString).collect(Collectors.joining("\n   ", "\n   ", ""));
    }

    private static CloudTypes.Instance inCloud(EngineHarness h, Server server) {
        return patiently(() -> h.region("sandbox-admin").describeInstances(List.of(server.getInstanceId())).get(server.getInstanceId()));
    }

    private static <T> T patiently(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (CloudException e) {
                if (!e.isTransient() || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    // ---- Actions from allowed states, against the cloud ---------------------------------------------------------

    @Test
    void everyActionRunsFromEveryStatusThatAllowsIt() {
        EngineHarness h = harness();
        Server s = active(h, "life-1", NetworkPolicy.PER_SERVER);
        Instant now = Instant.now();

        // From ACTIVE.
        run(h, s, ServerAction.STOP, Options.none(), STOPPED);
        assertEquals(InstanceState.STOPPED, inCloud(h, s).state());
        // From STOPPED.
        run(h, s, ServerAction.START, Options.none(), ACTIVE);
        assertEquals(InstanceState.RUNNING, inCloud(h, s).state());
        // An active server with its host key pinned reboots softly (SoftRebootSandboxTest has the details).
        Job reboot = run(h, s, ServerAction.REBOOT, Options.none(), ACTIVE);
        assertTrue(reboot.log().stream().anyMatch(l -> l.getMessage().startsWith("The OS rebooted")), log(reboot));
        Job hardReboot = run(h, s, ServerAction.HARD_REBOOT, Options.none(), ACTIVE);
        assertTrue(hardReboot.log().stream().anyMatch(l -> l.getMessage().contains("RebootInstance")), log(hardReboot));
        Job snap = run(h, s, ServerAction.SNAPSHOT, Options.snapshotNamed("before-resize"), ACTIVE);
        assertNotNull(h.lifecycleActions.read(snap).snapshotId());
        assertEquals(CloudTypes.SnapshotStatus.ACCOMPLISHED,
                h.cloud.describeSnapshots(List.of(h.lifecycleActions.read(snap).snapshotId())).get(h.lifecycleActions.read(snap).snapshotId()).status());
        Job resize = run(h, s, ServerAction.RESIZE, Options.resizeTo(BIGGER), ACTIVE);
        assertTrue(h.lifecycleActions.read(resize).startAfter());
        assertEquals(BIGGER, s.getInstanceType());
        assertEquals(BIGGER, inCloud(h, s).instanceType());
        assertEquals(InstanceState.RUNNING, inCloud(h, s).state());

        // From STOPPED: resize keeps it stopped, snapshot works on a stopped disk.
        run(h, s, ServerAction.STOP, Options.none(), STOPPED);
        int stopsBefore = h.counting.calls("stopInstance");
        run(h, s, ServerAction.RESIZE, Options.resizeTo(TYPE), STOPPED);
        assertEquals(stopsBefore, h.counting.calls("stopInstance"), "a stopped instance is resized without a stop");
        assertEquals(0, h.counting.calls("startInstance") - 2, "and not started afterwards");
        assertEquals(TYPE, inCloud(h, s).instanceType());
        assertEquals(InstanceState.STOPPED, inCloud(h, s).state());
        run(h, s, ServerAction.SNAPSHOT, Options.none(), STOPPED);

        // From UNREACHABLE (SSH lost; the instance runs).
        run(h, s, ServerAction.START, Options.none(), ACTIVE);
        s.markUnreachable("SSH does not answer", now);
        Job unreachableReboot = run(h, s, ServerAction.REBOOT, Options.none(), ACTIVE);
        assertTrue(unreachableReboot.log().stream().anyMatch(l -> l.getMessage().contains("the server is unreachable")
                && l.getMessage().contains("Rebooting through the API")), log(unreachableReboot));
        assertTrue(unreachableReboot.log().stream().anyMatch(l -> l.getMessage().contains("RebootInstance")), log(unreachableReboot));
        s.markUnreachable("SSH does not answer", now);
        run(h, s, ServerAction.SNAPSHOT, Options.none(), UNREACHABLE);
        run(h, s, ServerAction.RESIZE, Options.resizeTo(BIGGER), ACTIVE);
        s.markUnreachable("SSH does not answer", now);
        run(h, s, ServerAction.STOP, Options.none(), STOPPED);

        // From FAILED (a start that failed, with the instance still stopped): start again.
        s.start(now);
        s.fail("start failed", now);
        run(h, s, ServerAction.START, Options.none(), ACTIVE);
        // From FAILED with the instance running: stop, reboot, snapshot, resize.
        s.reboot(now);
        s.fail("reboot failed", now);
        run(h, s, ServerAction.HARD_REBOOT, Options.none(), ACTIVE);
        s.reboot(now);
        s.fail("reboot failed", now);
        run(h, s, ServerAction.REBOOT, Options.none(), ACTIVE);
        s.reboot(now);
        s.fail("reboot failed", now);
        run(h, s, ServerAction.SNAPSHOT, Options.none(), FAILED);
        run(h, s, ServerAction.RESIZE, Options.resizeTo(TYPE), ACTIVE);
        s.reboot(now);
        s.fail("reboot failed", now);
        run(h, s, ServerAction.STOP, Options.none(), STOPPED);

        // Delete from STOPPED (from other statuses in the deletion tests below).
        Job delete = run(h, s, ServerAction.DELETE, Options.none(), DELETED);
        assertNull(inCloud(h, s));
        assertTrue(delete.log().stream().anyMatch(l -> l.getMessage().startsWith("Deleted: instance " + s.getInstanceId())
                && l.getMessage().contains("kept the network resources not chosen")), log(delete));
    }

    @Test
    void everyActionFinishesThroughThrottlingServerErrorsAndDroppedConnections() {
        // 20% of the calls the lifecycle steps make fail (throttled, 5xx, or the connection dropped after the cloud may
        // have acted). The test's own setup and the requests' offers are spared: only the jobs must cope.
        EngineHarness h = harness(b -> {
            for (String action : List.of("StopInstance", "StartInstance", "RebootInstance", "ModifyInstanceSpec", "DescribeDisks",
                    "CreateSnapshot", "DescribeSnapshots", "DeleteInstance", "DeleteSecurityGroup", "DeleteVSwitch", "DeleteVpc",
                    "DescribeInstances")) {
                b.fault(action, new com.ecsprovisioner.sandbox.api.FaultRule(0.1, 0.05, 0.05, 0));
            }
            b.faultSeed(FAULT_SEED);
        });
        Server s = active(h, "flaky-life", NetworkPolicy.PER_SERVER);
        run(h, s, ServerAction.STOP, Options.none(), STOPPED);
        run(h, s, ServerAction.START, Options.none(), ACTIVE);
        run(h, s, ServerAction.REBOOT, Options.none(), ACTIVE);
        Job snap = run(h, s, ServerAction.SNAPSHOT, Options.none(), ACTIVE);
        run(h, s, ServerAction.RESIZE, Options.resizeTo(BIGGER), ACTIVE);
        assertEquals(BIGGER, inCloud(h, s).instanceType());
        long id = idOf(h, s);
        Set<String> network = patiently(() -> LifecycleRequests.deletionOffer(h.cloud, id, s, others(h, id))).stream()
                .map(NetworkChoice::id).collect(Collectors.toSet());
        run(h, s, ServerAction.DELETE, Options.deleting(network), DELETED);
        assertTrue(patiently(() -> h.region("sandbox-admin").instancesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))).isEmpty());
        assertTrue(patiently(() -> h.region("sandbox-admin").networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))).isEmpty());
        assertEquals(CloudTypes.SnapshotStatus.ACCOMPLISHED, patiently(() -> h.region("sandbox-admin")
                .describeSnapshots(List.of(h.lifecycleActions.read(snap).snapshotId()))).get(h.lifecycleActions.read(snap).snapshotId()).status());
        List<JobLogEntry> retries = h.actions.stream().flatMap(j -> j.log().stream())
                .filter(l -> l.getLevel() == JobLogEntry.Level.WARN).toList();
        assertTrue(retries.size() > 0, "the faults were met and retried");
        System.out.println("Lifecycle under 20% faults: " + retries.size() + " retried calls over " + h.actions.size() + " jobs; "
                + h.counting.total() + " port calls in all");
    }

    @Test
    void actionsOnManyServersLookAtTheCloudOnceARound() {
        EngineHarness h = harness();
        List<Server> servers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            servers.add(active(h, "batch-" + i, NetworkPolicy.SHARED_PER_PROFILE));
        }
        List<Job> stops = servers.stream().map(s -> ask(h, s, ServerAction.STOP, Options.none())).toList();
        int before = h.counting.calls("describeInstances");
        int rounds = h.runUntilSettled(LIMIT);
        int looks = h.counting.calls("describeInstances") - before;
        stops.forEach(j -> assertEquals(JobState.SUCCEEDED, j.getState(), log(j)));
        servers.forEach(s -> assertEquals(STOPPED, s.getStatus()));
        assertTrue(looks <= rounds, looks + " DescribeInstances calls in " + rounds + " rounds for 4 servers: one per round");
        System.out.println("Stopping 4 servers: " + looks + " DescribeInstances calls in " + rounds + " rounds");
    }

    @Test
    void aStepThatFindsTheCloudAlreadyThereMakesNoCall() {
        EngineHarness h = harness();
        Server s = active(h, "already", NetworkPolicy.PER_SERVER);
        patiently(() -> {
            h.region("sandbox-admin").stopInstance(s.getInstanceId(), false);
            return null;
        });
        run(h, s, ServerAction.STOP, Options.none(), STOPPED);
        assertEquals(0, h.counting.calls("stopInstance"), "the job saw Stopped and called nothing");
    }

    @Test
    void aRebootOfAnInstanceStoppedOutsideTheProductFailsWithAClearMessageAndTheSyncPutsItRight() {
        EngineHarness h = harness();
        Server s = active(h, "outside", NetworkPolicy.PER_SERVER);
        patiently(() -> {
            h.region("sandbox-admin").stopInstance(s.getInstanceId(), false);
            return null;
        });
        Job reboot = ask(h, s, ServerAction.REBOOT, Options.none());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.FAILED, reboot.getState());
        assertTrue(reboot.getFailureMessage().contains("start it instead"), reboot.getFailureMessage());
        assertEquals(FAILED, s.getStatus());

        // The job is over: the sync may look, and shows the truth.
        Map<String, CloudTypes.Instance> seen = CloudSync.look(h.cloud, List.of(s.getInstanceId())).orElseThrow();
        assertTrue(CloudSync.apply(s, seen, Instant.now()));
        assertEquals(STOPPED, s.getStatus());
        run(h, s, ServerAction.START, Options.none(), ACTIVE);
    }

    @Test
    void aFailedActionIsRetriedFromItsStepOnTheSameEngine() {
        EngineHarness h = harness();
        Server s = active(h, "retry-1", NetworkPolicy.PER_SERVER);
        CloudRegion outside = h.region("sandbox-admin");
        patiently(() -> {
            outside.stopInstance(s.getInstanceId(), false);
            return null;
        });
        Job reboot = ask(h, s, ServerAction.REBOOT, Options.none());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.FAILED, reboot.getState());
        assertEquals(LifecycleStep.REBOOT_INSTANCE.step, reboot.getCurrentStep());
        patiently(() -> {
            outside.startInstance(s.getInstanceId());
            return null;
        });
        h.retry(reboot, s, Instant.now());
        assertEquals(REBOOTING, s.getStatus());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.SUCCEEDED, reboot.getState(), log(reboot));
        assertEquals(ACTIVE, s.getStatus());
        assertThrows(com.ecsprovisioner.server.IllegalTransition.class, () -> h.retry(reboot, s, Instant.now()),
                "only a failed job is retried");
        assertThrows(com.ecsprovisioner.server.IllegalTransition.class, () -> h.process.startRollback(reboot, s, Instant.now()),
                "a lifecycle job has nothing to roll back");
    }

    // ---- Refusals ---------------------------------------------------------------------------------------------

    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    /** How to bring a server (with an instance) into each status through legal verbs. */
    private static Server in(ServerStatus status) {
        Server s = new Server("web-1", PROFILE, REGION, TYPE, IMAGE, T0);
        Map<ServerStatus, List<Consumer<Server>>> paths = new EnumMap<>(ServerStatus.class);
        Consumer<Server> provision = x -> {
            x.startProvisioning(T0);
            x.recordInstance("i-1", T0);
        };
        Consumer<Server> reachable = x -> x.markSshReachable("127.0.0.9", null, T0);
        Consumer<Server> active = x -> x.markActive(T0);
        Consumer<Server> stopped = x -> {
            x.stop(T0);
            x.markStopped(T0);
        };
        paths.put(REQUESTED, List.of());
        paths.put(PROVISIONING, List.of(provision));
        paths.put(BOOTSTRAPPING, List.of(provision, reachable));
        paths.put(ACTIVE, List.of(provision, reachable, active));
        paths.put(UNREACHABLE, List.of(provision, reachable, active, x -> x.markUnreachable("no answer", T0)));
        paths.put(STOPPING, List.of(provision, reachable, active, x -> x.stop(T0)));
        paths.put(STOPPED, List.of(provision, reachable, active, stopped));
        paths.put(STARTING, List.of(provision, reachable, active, stopped, x -> x.start(T0)));
        paths.put(REBOOTING, List.of(provision, reachable, active, x -> x.reboot(T0)));
        paths.put(RESIZING, List.of(provision, reachable, active, x -> x.resize(BIGGER, T0)));
        paths.put(DELETING, List.of(provision, x -> x.delete("gone", T0)));
        paths.put(DELETED, List.of(provision, x -> x.delete("gone", T0), x -> x.markDeleted(T0)));
        paths.put(FAILED, List.of(provision, reachable, active, x -> x.reboot(T0), x -> x.fail("reboot failed", T0)));
        paths.get(status).forEach(p -> p.accept(s));
        assertEquals(status, s.getStatus());
        return s;
    }

    private static Options optionsFor(ServerAction action) {
        return action == ServerAction.RESIZE ? Options.resizeTo(BIGGER) : Options.none();
    }

    @Test
    void everyActionIsRefusedInWordsFromEveryStatusThatDoesNotAllowIt() {
        int refused = 0;
        int accepted = 0;
        for (ServerStatus status : ServerStatus.values()) {
            for (ServerAction action : ServerAction.values()) {
                Server s = in(status);
                int history = s.getHistory().size();
                assertEquals(action.allows(status), LifecycleRequests.refusal(action, s, List.of()).isEmpty(),
                        "what the console shows agrees with what a request does: " + action + " from " + status);
                if (action.allows(status)) {
                    Job job = LifecycleRequests.request(action, 1, s, List.of(), optionsFor(action), List.of(), "admin", T0).job();
                    assertEquals(LifecycleKinds.Kind.valueOf(action.name()).kind, job.getKind());
                    assertEquals(JobState.QUEUED, job.getState());
                    assertEquals(LifecycleKinds.steps(LifecycleKinds.Kind.valueOf(action.name()).kind), job.getSteps().stream().map(JobStep::getName).toList());
                    ServerStatus expected = switch (action) {
                        case START -> STARTING;
                        case STOP -> STOPPING;
                        case REBOOT, HARD_REBOOT -> REBOOTING;
                        case RESIZE -> RESIZING;
                        case SNAPSHOT -> status;
                        case DELETE -> DELETING;
                    };
                    assertEquals(expected, s.getStatus(), action + " from " + status);
                    accepted++;
                } else {
                    Rejected e = assertThrows(Rejected.class,
                            () -> LifecycleRequests.request(action, 1, s, List.of(), optionsFor(action), List.of(), "admin", T0),
                            action + " from " + status);
                    assertTrue(e.getMessage().contains("web-1 is " + status.dbName()), e.getMessage());
                    assertTrue(e.getMessage().contains("only when it is"), e.getMessage());
                    assertEquals(status, s.getStatus());
                    assertEquals(history, s.getHistory().size());
                    refused++;
                }
            }
        }
        assertEquals(ServerStatus.values().length * ServerAction.values().length, refused + accepted);
        assertTrue(refused > 40 && accepted > 20, refused + " refused, " + accepted + " accepted");
    }

    @Test
    void refusedWhileAJobRunsWithoutAnInstanceAfterAFailedDeploymentAndForBadOptions() {
        Server s = in(ACTIVE);
        Job running = LifecycleRequests.request(ServerAction.SNAPSHOT, 1, s, List.of(), Options.none(), List.of(), "admin", T0).job();
        Rejected busy = assertThrows(Rejected.class,
                () -> LifecycleRequests.request(ServerAction.STOP, 1, s, List.of(running), Options.none(), List.of(), "admin", T0));
        assertTrue(busy.getMessage().contains("snapshot job") && busy.getMessage().contains("wait until it finishes"), busy.getMessage());
        assertEquals(ACTIVE, s.getStatus());

        Server noInstance = new Server("web-2", PROFILE, REGION, TYPE, IMAGE, T0);
        noInstance.startProvisioning(T0);
        noInstance.fail("no stock", T0);
        Rejected none = assertThrows(Rejected.class,
                () -> LifecycleRequests.request(ServerAction.STOP, 2, noInstance, List.of(), Options.none(), List.of(), "admin", T0));
        assertTrue(none.getMessage().contains("no instance") && none.getMessage().contains("deleted"), none.getMessage());
        Job deploy = DeploymentJobs.create(2, JobTest.plan(), "admin", T0);
        deploy.start(T0);
        deploy.fail(DeploymentJobs.RUNNING, "went to Stopped", null, null, T0);
        Server failedDeploy = in(FAILED);
        Rejected failed = assertThrows(Rejected.class,
                () -> LifecycleRequests.request(ServerAction.START, 2, failedDeploy, List.of(deploy), Options.none(), List.of(), "admin", T0));
        assertTrue(failed.getMessage().contains("deployment of server web-1 failed"), failed.getMessage());
        LifecycleRequests.request(ServerAction.DELETE, 2, failedDeploy, List.of(deploy), Options.none(), List.of(), "admin", T0);

        assertTrue(assertThrows(Rejected.class, () -> LifecycleRequests.request(ServerAction.RESIZE, 1, in(ACTIVE), List.of(),
                Options.resizeTo(TYPE), List.of(), "admin", T0)).getMessage().contains("already " + TYPE));
        assertTrue(assertThrows(Rejected.class, () -> LifecycleRequests.request(ServerAction.RESIZE, 1, in(ACTIVE), List.of(),
                Options.resizeTo(" "), List.of(), "admin", T0)).getMessage().contains("Choose the instance type"));
        assertTrue(assertThrows(Rejected.class, () -> LifecycleRequests.request(ServerAction.SNAPSHOT, 1, in(ACTIVE), List.of(),
                Options.snapshotNamed("auto-daily"), List.of(), "admin", T0)).getMessage().contains("snapshot name"));
        assertTrue(assertThrows(Rejected.class, () -> LifecycleRequests.request(ServerAction.DELETE, 1, in(ACTIVE), List.of(),
                Options.deleting(Set.of("vpc-somebody-else")), List.of(), "admin", T0)).getMessage().contains("not a network resource of server web-1"));
        JobHandlers handlers = JobHandlers.of(new LifecycleProcess(ProvisioningSettings.defaults(), new Random(1),
                new OsReboot(new MemoryBootstrapAccess("root", 22, "unused"), SshTimeouts.defaults()), new MemoryLifecycleActions()));
        assertThrows(com.ecsprovisioner.server.IllegalTransition.class, () -> handlers.requestCancel(running, T0),
                "a lifecycle job cannot be cancelled");
    }

    // ---- Status sync ------------------------------------------------------------------------------------------

    @Test
    void syncNoticesAServerDeletedAndOneStoppedOutsideTheProductInOneLook() {
        EngineHarness h = harness();
        Server stopped = active(h, "sync-stopped", NetworkPolicy.SHARED_PER_PROFILE);
        Server deleted = active(h, "sync-deleted", NetworkPolicy.SHARED_PER_PROFILE);
        Server untouched = active(h, "sync-running", NetworkPolicy.SHARED_PER_PROFILE);
        Server busy = active(h, "sync-busy", NetworkPolicy.SHARED_PER_PROFILE);
        CloudRegion outside = h.region("sandbox-admin");
        patiently(() -> {
            outside.stopInstance(stopped.getInstanceId(), false);
            return null;
        });
        patiently(() -> {
            outside.deleteInstance(deleted.getInstanceId(), true);
            return null;
        });
        patiently(() -> {
            outside.stopInstance(busy.getInstanceId(), false);
            return null;
        });
        Job busyJob = ask(h, busy, ServerAction.SNAPSHOT, Options.none()); // queued, not run: the server has a job

        Map<Long, Server> servers = new LinkedHashMap<>(h.servers);
        List<Server> eligible = servers.entrySet().stream().filter(e -> CloudSync.eligible(e.getValue(),
                jobsOf(h, e.getKey()).stream().anyMatch(j -> j.getState().isActive()), LifecycleKinds.SNAPSHOT))
                .map(Map.Entry::getValue).toList();
        assertEquals(3, eligible.size(), "the server with a job is left to its job");
        int describesBefore = h.counting.calls("describeInstances");
        Instant noticed = Instant.now();
        Map<String, CloudTypes.Instance> seen = CloudSync.look(h.cloud, eligible.stream().map(Server::getInstanceId).toList()).orElseThrow();
        assertEquals(1, h.counting.calls("describeInstances") - describesBefore, "one look for the whole profile");
        int changed = 0;
        for (Server s : eligible) {
            changed += CloudSync.apply(s, seen, noticed) ? 1 : 0;
        }
        assertEquals(2, changed);
        assertEquals(STOPPED, stopped.getStatus());
        assertEquals(noticed, stopped.getStatusNoticedAt());
        assertTrue(stopped.getStatusReason().contains("Stopped in the cloud"), stopped.getStatusReason());
        assertEquals(DELETED, deleted.getStatus());
        assertEquals(noticed, deleted.getStatusNoticedAt());
        assertTrue(deleted.getStatusReason().contains("no longer exists"), deleted.getStatusReason());
        assertEquals(ACTIVE, untouched.getStatus());
        assertNull(untouched.getStatusNoticedAt());
        assertEquals(noticed, untouched.getSyncedAt());
        assertEquals(ACTIVE, busy.getStatus(), "a server with a job is not synced");
        assertEquals(JobState.QUEUED, busyJob.getState());

        // A second pass changes nothing; an action of the product clears the "noticed" mark.
        Map<String, CloudTypes.Instance> again = CloudSync.look(h.cloud, List.of(stopped.getInstanceId(), untouched.getInstanceId())).orElseThrow();
        assertFalse(CloudSync.apply(stopped, again, Instant.now()));
        h.actions.remove(busyJob);
        run(h, stopped, ServerAction.START, Options.none(), ACTIVE);
        assertNull(stopped.getStatusNoticedAt());
    }

    @Test
    void everyCloudStateMapsToOneStatus() {
        assertEquals(DELETED, com.ecsprovisioner.server.CloudStatusMapping.statusFor(Optional.empty()));
        Map<InstanceState, ServerStatus> expected = Map.of(InstanceState.PENDING, STARTING, InstanceState.STARTING, STARTING,
                InstanceState.RUNNING, ACTIVE, InstanceState.STOPPING, STOPPING, InstanceState.STOPPED, STOPPED,
                InstanceState.UNRECOGNIZED, UNREACHABLE);
        for (InstanceState state : InstanceState.values()) {
            assertEquals(expected.get(state), com.ecsprovisioner.server.CloudStatusMapping.statusFor(Optional.of(state)), state.name());
        }
        // Running leaves UNREACHABLE alone (that is about SSH, which the sync does not check).
        Server s = in(UNREACHABLE);
        assertFalse(s.observe(Optional.of(InstanceState.RUNNING), "Running", "127.0.0.9", TYPE, T0));
        assertEquals(UNREACHABLE, s.getStatus());
        // A failed deployment is left to its job; a failed action is synced; a server with a job is left to it.
        assertFalse(CloudSync.eligible(in(FAILED), false, DeploymentJobs.DEPLOY));
        assertFalse(CloudSync.eligible(in(FAILED), false, null));
        assertTrue(CloudSync.eligible(in(FAILED), false, LifecycleKinds.REBOOT));
        assertFalse(CloudSync.eligible(in(ACTIVE), true, LifecycleKinds.REBOOT));
        assertFalse(CloudSync.eligible(in(REQUESTED), false, null));
        assertFalse(CloudSync.eligible(in(RESIZING), false, LifecycleKinds.RESIZE));
        // A status the sync does not own is refused.
        assertThrows(com.ecsprovisioner.server.IllegalTransition.class,
                () -> in(PROVISIONING).observe(Optional.empty(), null, null, null, T0));
    }

    // ---- Delete and clean-up ----------------------------------------------------------------------------------

    @Test
    void deleteWithItsNetworkLeavesNothingInTheSandbox() {
        EngineHarness h = harness();
        Server s = active(h, "gone-1", NetworkPolicy.PER_SERVER);
        long id = idOf(h, s);
        List<NetworkChoice> offer = LifecycleRequests.deletionOffer(h.cloud, id, s, others(h, id));
        assertEquals(Set.of(ResourceKind.VPC, ResourceKind.VSWITCH, ResourceKind.SECURITY_GROUP),
                offer.stream().map(NetworkChoice::kind).collect(Collectors.toSet()));
        assertTrue(offer.stream().allMatch(NetworkChoice::selectedByDefault));
        Set<String> chosen = offer.stream().filter(NetworkChoice::selectedByDefault).map(NetworkChoice::id).collect(Collectors.toSet());

        Job delete = run(h, s, ServerAction.DELETE, Options.deleting(chosen), DELETED);
        assertTrue(patiently(() -> h.region("sandbox-admin").instancesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))).isEmpty());
        assertTrue(patiently(() -> h.region("sandbox-admin").networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))).isEmpty());
        String report = delete.log().stream().filter(l -> l.getMessage().startsWith("Deleted: ")).findFirst().orElseThrow().getMessage();
        for (String resource : chosen) {
            assertTrue(report.contains(resource), report);
        }
        assertTrue(report.contains("instance " + s.getInstanceId()), report);
        assertTrue(report.indexOf("security group") < report.indexOf("vSwitch") && report.indexOf("vSwitch") < report.indexOf("VPC"),
                "children first: " + report);
    }

    @Test
    void deletionWaitsOutTheCloudStillReleasingChildren() {
        // Deleted instances and vSwitches block their parents for a while, as in the real cloud.
        Duration release = Duration.ofMillis(700);
        EngineHarness h = harness(b -> b.durations(new com.ecsprovisioner.sandbox.cloud.Durations(Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, release, Duration.ZERO)));
        Server s = active(h, "slow-release", NetworkPolicy.PER_SERVER);
        long id = idOf(h, s);
        Set<String> network = LifecycleRequests.deletionOffer(h.cloud, id, s, others(h, id)).stream()
                .map(NetworkChoice::id).collect(Collectors.toSet());
        Job delete = run(h, s, ServerAction.DELETE, Options.deleting(network), DELETED);
        assertTrue(delete.log().stream().anyMatch(l -> l.getLevel() == JobLogEntry.Level.WARN
                && l.getMessage().contains("DependencyViolation")), "the cloud answered DependencyViolation and it was retried:" + log(delete));
    }

    @Test
    void theSharedNetworkIsOfferedOnlyWhenNoOtherServerUsesIt() {
        EngineHarness h = harness();
        Server first = active(h, "shared-a", NetworkPolicy.SHARED_PER_PROFILE);
        Server second = active(h, "shared-b", NetworkPolicy.SHARED_PER_PROFILE);
        long firstId = idOf(h, first);
        List<NetworkChoice> offer = LifecycleRequests.deletionOffer(h.cloud, firstId, first, others(h, firstId));
        assertEquals(3, offer.size(), offer.toString());
        // The VPC and vSwitch are shared and used by the other server; the security group is the server's own.
        assertTrue(offer.stream().filter(c -> c.kind() != ResourceKind.SECURITY_GROUP)
                .allMatch(c -> c.sharedNetwork() && c.usedBy().equals(List.of("shared-b"))), offer.toString());
        NetworkChoice group = offer.stream().filter(c -> c.kind() == ResourceKind.SECURITY_GROUP).findFirst().orElseThrow();
        assertEquals(first.getSecurityGroupId(), group.id());
        assertTrue(!group.sharedNetwork() && group.selectedByDefault(), offer.toString());
        assertNotEquals(first.getSecurityGroupId(), second.getSecurityGroupId(), "a security group per server");
        String vpc = offer.stream().filter(c -> c.kind() == ResourceKind.VPC).findFirst().orElseThrow().id();
        Rejected used = assertThrows(Rejected.class, () -> ask(h, first, ServerAction.DELETE, Options.deleting(Set.of(vpc))));
        assertTrue(used.getMessage().contains("used by shared-b"), used.getMessage());
        assertEquals(ACTIVE, first.getStatus(), "a refused deletion changes nothing");

        run(h, first, ServerAction.DELETE, Options.deleting(Set.of(group.id())), DELETED);
        long secondId = idOf(h, second);
        List<NetworkChoice> last = LifecycleRequests.deletionOffer(h.cloud, secondId, second, others(h, secondId));
        assertTrue(last.stream().allMatch(NetworkChoice::selectedByDefault), "the deleted server uses nothing: " + last);
        run(h, second, ServerAction.DELETE, Options.deleting(last.stream().map(NetworkChoice::id).collect(Collectors.toSet())), DELETED);
        assertTrue(patiently(() -> h.region("sandbox-admin").networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))).isEmpty());
        assertTrue(patiently(() -> h.region("sandbox-admin").instancesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))).isEmpty());
    }
}

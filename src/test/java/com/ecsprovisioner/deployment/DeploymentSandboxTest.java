package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.CloudObservations;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.ecsprovisioner.deployment.EngineHarness.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment engine against the sandbox cloud through the real Alibaba adapter and SDK, with the sandbox's SSH
 * hosts answering on the instances' public addresses: each proof of the issue that needs no container.
 */
class DeploymentSandboxTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    private EngineHarness harness(java.util.function.Consumer<com.ecsprovisioner.sandbox.SandboxConfig.Builder> config) {
        EngineHarness h = new EngineHarness(config);
        open.add(h);
        return h;
    }

    private static List<CloudTypes.Instance> instances(EngineHarness h) {
        return patiently(() -> h.region("sandbox-admin").instancesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE)));
    }

    private static List<CloudTypes.TaggedResource> networks(EngineHarness h) {
        return patiently(() -> h.region("sandbox-admin").networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE)));
    }

    /** The test's own look at the cloud goes through the same injected faults: it simply asks again. */
    private static <T> T patiently(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (com.ecsprovisioner.cloud.CloudException e) {
                if (!e.isTransient() || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    private static void assertSucceeded(EngineHarness h, Job job) {
        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        Server server = h.serverOf(job);
        assertEquals(ServerStatus.ACTIVE, server.getStatus(), "the bootstrap ran after SSH answered");
        assertTrue(server.getComponentVersions().containsKey("nginx"), server.getComponentVersions().toString());
        assertNotNull(server.getHostKey(), "host key pinned on first contact");
        assertNotNull(server.getPublicIp());
        assertTrue(server.getPublicIp().startsWith("127."), server.getPublicIp());
        assertTrue(SshProbe.TCP.answers(server.getPublicIp(), h.sshPort, Duration.ofSeconds(2)), "SSH answers at the end");
    }

    @Test
    void deploysFromRequestToSshReachableWithItsOwnTaggedNetwork() {
        EngineHarness h = harness(b -> { });
        Job job = h.deploy(DeployRequest.withDefaults("blog-1", PROFILE));
        h.runUntilSettled(LIMIT);
        assertSucceeded(h, job);
        Server server = h.serverOf(job);
        assertEquals(FIRST_ZONE, server.getZoneId());
        assertEquals(job.resources().id(ResourceKind.INSTANCE).orElseThrow(), server.getInstanceId());
        assertEquals(List.of(ServerStatus.REQUESTED, ServerStatus.PROVISIONING, ServerStatus.BOOTSTRAPPING, ServerStatus.ACTIVE),
                server.getHistory().stream().map(c -> c.getTo()).toList());

        CloudTypes.Instance instance = instances(h).get(0);
        assertEquals(1, instances(h).size());
        assertEquals(Tags.PRODUCT_VALUE, instance.tags().get(Tags.PRODUCT));
        assertEquals(Long.toString(PROFILE), instance.tags().get(Tags.PROFILE));
        assertEquals(Long.toString(job.getServerId()), instance.tags().get(Tags.SERVER));
        assertEquals(KEY_PAIR, instance.keyPairName());
        List<CloudTypes.TaggedResource> net = networks(h);
        assertEquals(Set.of(ResourceKind.VPC, ResourceKind.VSWITCH, ResourceKind.SECURITY_GROUP),
                net.stream().map(CloudTypes.TaggedResource::kind).collect(java.util.stream.Collectors.toSet()));
        assertTrue(net.stream().allMatch(r -> Long.toString(job.getServerId()).equals(r.tags().get(Tags.SERVER))), net.toString());
        assertTrue(job.resources().stream().allMatch(JobResource::isOwned));

        assertEquals(1, h.counting.calls("authorizeIngress"), "SSH, 80 and 443 in one call");
        assertEquals(1, h.counting.calls("runInstance"));
        assertEquals(1, h.counting.calls("createVpc"));
        assertTrue(job.log().stream().anyMatch(l -> l.getMessage().contains("SSH answers")), h.describe());
        assertTrue(job.getSteps().stream().allMatch(s -> s.getClientToken() != null), "every step had its token");
    }

    @Test
    void theSharedNetworkIsCreatedOnceAndReusedWithoutHittingTheVpcQuotaAndEachServerHasASecurityGroupOfItsOwn() {
        EngineHarness h = harness(b -> b.quotas(new Quotas(1, 150, 100, 200, 500, 100)));
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            jobs.add(h.deploy(DeployRequest.withDefaults("shared-" + i, PROFILE).withNetworkPolicy(NetworkPolicy.SHARED_PER_PROFILE)));
        }
        h.runUntilSettled(LIMIT);
        jobs.forEach(j -> assertSucceeded(h, j));
        Set<String> vpcs = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (Job j : jobs) {
            vpcs.add(h.serverOf(j).getVpcId());
            groups.add(h.serverOf(j).getSecurityGroupId());
            assertTrue(j.resources().stream().filter(r -> r.getKind() == ResourceKind.VPC || r.getKind() == ResourceKind.VSWITCH)
                    .noneMatch(JobResource::isOwned), "a server's job does not own the shared network");
            assertTrue(j.resources().stream().filter(r -> r.getKind() == ResourceKind.SECURITY_GROUP).allMatch(JobResource::isOwned),
                    "the server's security group is its own");
        }
        assertEquals(1, vpcs.size(), "one VPC for the profile, though three jobs looked for it at the same time");
        assertEquals(3, groups.size(), "a security group per server, so that a firewall rule never opens a port on another");
        List<CloudTypes.TaggedResource> net = networks(h);
        assertEquals(5, net.size(), "one VPC, one vSwitch, three security groups: " + net);
        assertTrue(net.stream().filter(r -> r.kind() != ResourceKind.SECURITY_GROUP)
                .allMatch(r -> Long.toString(PROFILE).equals(r.tags().get(Tags.SHARED_NETWORK))));
        for (Job j : jobs) {
            String group = h.serverOf(j).getSecurityGroupId();
            assertTrue(net.stream().anyMatch(r -> r.id().equals(group) && Long.toString(j.getServerId()).equals(r.tags().get(Tags.SERVER))),
                    "each group is tagged with its server: " + net);
            assertEquals(3, patiently(() -> h.cloud.ingressRules(group)).size(), "SSH, 80 and 443 in " + group);
        }

        // A later deployment finds the shared VPC by its tags, and gets a group of its own.
        Job later = h.deploy(DeployRequest.withDefaults("shared-4", PROFILE).withNetworkPolicy(NetworkPolicy.SHARED_PER_PROFILE));
        h.runUntilSettled(LIMIT);
        assertSucceeded(h, later);
        assertEquals(vpcs.iterator().next(), h.serverOf(later).getVpcId());
        assertEquals(6, networks(h).size());

        // Rolling one server back leaves the shared network for the others, and deletes its own group.
        h.process.startRollback(later, h.serverOf(later), Instant.now());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.ROLLED_BACK, later.getState(), h.describe());
        assertEquals(5, networks(h).size());
        assertEquals(3, instances(h).size());
    }

    @Test
    void theFirstZoneWithStockIsChosenAndNoStockAtRunInstancesFallsBackToTheNextZone() {
        EngineHarness h = harness(b -> b.stock(FIRST_ZONE, TYPE, 1));
        Job first = h.deploy(DeployRequest.withDefaults("stock-1", PROFILE).withZonePolicy(ZonePolicy.FIRST_IN_STOCK));
        Job second = h.deploy(DeployRequest.withDefaults("stock-2", PROFILE).withZonePolicy(ZonePolicy.FIRST_IN_STOCK));
        h.runUntilSettled(LIMIT);
        assertSucceeded(h, first);
        assertSucceeded(h, second);
        assertEquals(FIRST_ZONE, h.serverOf(first).getZoneId());
        assertEquals(SECOND_ZONE, h.serverOf(second).getZoneId(), "both saw one unit in stock; the second lost the race");
        assertEquals(List.of(FIRST_ZONE), second.zone().excluded());
        assertTrue(second.log().stream().anyMatch(l -> l.getMessage().contains("OperationDenied.NoStock")), h.describe());
        JobResource abandoned = second.resources().stream().filter(r -> r.getKind() == ResourceKind.VSWITCH && FIRST_ZONE.equals(r.getZoneId()))
                .findFirst().orElseThrow();
        assertTrue(abandoned.isReleased(), "the vSwitch of the abandoned zone is deleted");
        assertEquals(2, networks(h).stream().filter(r -> r.kind() == ResourceKind.VSWITCH).count());

        // Now the first zone is sold out: the zone step skips it before any create.
        Job third = h.deploy(DeployRequest.withDefaults("stock-3", PROFILE).withZonePolicy(ZonePolicy.FIRST_IN_STOCK));
        h.runUntilSettled(LIMIT);
        assertSucceeded(h, third);
        assertEquals(SECOND_ZONE, h.serverOf(third).getZoneId());
        assertTrue(third.zone().excluded().isEmpty());
    }

    @Test
    void throttlingServerErrorsAndDroppedConnectionsOnOneCallInFiveStillDeployEveryServerOnce() {
        EngineHarness h = harness(b -> b.fault("*", new FaultRule(0.1, 0.05, 0.05, 0)).faultSeed(2026));
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            jobs.add(h.deploy(DeployRequest.withDefaults("flaky-" + i, PROFILE)));
        }
        h.runUntilSettled(LIMIT);
        jobs.forEach(j -> assertSucceeded(h, j));
        assertEquals(5, instances(h).size(), "no instance created twice");
        assertEquals(15, networks(h).size(), "no network resource created twice");
        long retries = jobs.stream().flatMap(j -> j.log().stream()).filter(l -> l.getLevel() == JobLogEntry.Level.WARN).count();
        assertTrue(retries >= 3, "faults were injected and retried: " + retries + " retries");
    }

    @Test
    void aSecondDeliveryWhileTheJobIsHeldOrNotDueChangesNothing() {
        EngineHarness h = harness(b -> { });
        Job job = h.deploy(DeployRequest.withDefaults("dup-1", PROFILE));
        Instant now = Instant.now();
        String claim = job.claim(now, Duration.ofMinutes(2)).orElseThrow();
        CloudObservations direct = CloudObservations.direct(h.cloud);
        assertFalse(h.advance(job, direct), "held by the first delivery");
        job.releaseClaim();
        assertFalse(job.holdsClaim(claim));
        assertTrue(h.advance(job, direct));
        long version = h.counting.total();
        int logLines = job.log().size();
        // The job now waits (or starts the next step later); deliveries before it is due do nothing.
        if (job.getNextRunAt().isAfter(Instant.now())) {
            assertFalse(h.advance(job, direct));
            assertEquals(version, h.counting.total());
            assertEquals(logLines, job.log().size());
        }
        h.runUntilSettled(LIMIT);
        assertSucceeded(h, job);
        for (int i = 0; i < 3; i++) {
            assertFalse(h.advance(job, direct), "a finished job ignores late duplicates");
        }
        assertEquals(1, instances(h).size());
    }

    @Test
    void rollbackDeletesExactlyWhatTheJobCreatedWaitingOutDependencyViolations() {
        // Released instances hold their security group for a while, as on the real cloud.
        Durations slowRelease = new Durations(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofMillis(300), Duration.ZERO);
        EngineHarness h = new EngineHarness(b -> b.durations(slowRelease),
                fastSettings().withDeadline(DeploymentJobs.SSH, Duration.ofMillis(300)), "sandbox-admin", false);
        open.add(h);
        // Something else of the same account that must survive.
        CloudRegion admin = h.region("sandbox-admin");
        String foreignVpc = admin.createVpc(new CloudTypes.VpcSpec("other", "10.0.0.0/16", null, java.util.Map.of("team", "b")), "foreign-1");

        Job job = h.deploy(DeployRequest.withDefaults("doomed-1", PROFILE));
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.FAILED, job.getState(), h.describe());
        assertEquals(DeploymentJobs.SSH, job.getCurrentStep());
        assertEquals("Timeout", job.getFailureCode());
        assertTrue(job.getFailureMessage().contains("SSH does not answer"), job.getFailureMessage());
        assertEquals(ServerStatus.FAILED, h.serverOf(job).getStatus());

        h.process.startRollback(job, h.serverOf(job), Instant.now());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.ROLLED_BACK, job.getState(), h.describe());
        assertEquals(ServerStatus.DELETED, h.serverOf(job).getStatus());
        // Deleted resources stay listed while the cloud releases them (300 ms here).
        long end = System.nanoTime() + 3_000_000_000L;
        while ((!instances(h).isEmpty() || !networks(h).isEmpty()) && System.nanoTime() < end) {
            EngineHarness.pause(50);
        }
        assertTrue(instances(h).isEmpty(), "instance left: " + instances(h));
        assertTrue(networks(h).isEmpty(), "network left: " + networks(h) + h.describe());
        assertTrue(admin.describeVpcs(List.of(foreignVpc)).containsKey(foreignVpc), "a resource the job did not create survives");
        assertTrue(job.resources().stream().allMatch(JobResource::isReleased));
        List<String> deleted = job.log().stream().map(JobLogEntry::getMessage).filter(m -> m.startsWith("Delet")).toList();
        assertTrue(deleted.get(0).startsWith("Deleting instance"), deleted.toString());
        assertTrue(deleted.get(deleted.size() - 1).startsWith("Deleted VPC"), deleted.toString());
        assertTrue(job.log().stream().anyMatch(l -> l.getMessage().contains("DependencyViolation")),
                "the security group had to wait for the instance's release: " + h.describe());
    }

    @Test
    void cancellingARunningDeploymentRollsItBack() {
        EngineHarness h = harness(b -> { });
        Job job = h.deploy(DeployRequest.withDefaults("cancel-1", PROFILE));
        CloudObservations direct = CloudObservations.direct(h.cloud);
        long end = System.nanoTime() + LIMIT.toNanos();
        while (job.resources().id(ResourceKind.INSTANCE).isEmpty() && System.nanoTime() < end) {
            if (!h.advance(job, direct)) {
                EngineHarness.pause(5);
            }
        }
        assertEquals(JobState.RUNNING, job.getState());
        job.rollback().requestCancel(Instant.now());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.ROLLED_BACK, job.getState(), h.describe());
        assertEquals(ServerStatus.DELETED, h.serverOf(job).getStatus());
        assertTrue(instances(h).isEmpty());
        assertTrue(networks(h).isEmpty());
        assertTrue(job.log().stream().anyMatch(l -> l.getMessage().startsWith("Cancelling")), h.describe());
    }

    /**
     * Runs the job up to its instance step, then the worker claims it, the cloud creates the instance, and the node
     * dies before writing the outcome back (it is never applied).
     */
    private static void createTheInstanceAndLoseTheAnswer(EngineHarness h, Job job) {
        CloudObservations direct = CloudObservations.direct(h.cloud);
        while (!job.getCurrentStep().equals(DeploymentJobs.INSTANCE)) {
            if (!h.advance(job, direct)) {
                EngineHarness.pause(5);
            }
        }
        Instant now = Instant.now();
        while (job.claim(now, Duration.ofMillis(1)).isEmpty()) {
            EngineHarness.pause(5);
            now = Instant.now();
        }
        h.prepare(job, h.serverOf(job), now);
        h.execute(job, h.serverOf(job), h.cloud, direct, now);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsFoundByItsTagsAndRolledBack() {
        EngineHarness h = harness(b -> { });
        Job job = h.deploy(DeployRequest.withDefaults("lost-1", PROFILE));
        createTheInstanceAndLoseTheAnswer(h, job);
        assertEquals(1, instances(h).size());
        assertTrue(job.resources().id(ResourceKind.INSTANCE).isEmpty());
        EngineHarness.pause(5); // the lease runs out

        job.rollback().requestCancel(Instant.now());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.ROLLED_BACK, job.getState(), h.describe());
        assertTrue(instances(h).isEmpty(), "the orphan instance was found by its server tag");
        assertTrue(networks(h).isEmpty());
    }

    @Test
    void theSameClientTokenAfterALostAnswerGetsTheSameInstance() {
        EngineHarness h = harness(b -> { });
        Job job = h.deploy(DeployRequest.withDefaults("retry-1", PROFILE));
        createTheInstanceAndLoseTheAnswer(h, job);
        EngineHarness.pause(5);
        h.runUntilSettled(LIMIT);
        assertSucceeded(h, job);
        assertEquals(1, instances(h).size(), "RunInstances again with the stored token returned the first instance");
        assertEquals(2, h.counting.calls("runInstance"));
    }

    @Test
    void aQuotaExceededStopsTheJobAtItsStepWithTheCloudsCodeAndRetryResumesThere() {
        EngineHarness h = harness(b -> b.quotas(new Quotas(1, 150, 100, 200, 500, 100)));
        Job first = h.deploy(DeployRequest.withDefaults("quota-1", PROFILE));
        Job second = h.deploy(DeployRequest.withDefaults("quota-2", PROFILE));
        h.runUntilSettled(LIMIT);
        Job failed = first.getState() == JobState.FAILED ? first : second;
        Job ok = failed == first ? second : first;
        assertSucceeded(h, ok);
        assertEquals(JobState.FAILED, failed.getState(), h.describe());
        assertEquals(DeploymentJobs.VPC, failed.getCurrentStep());
        assertEquals("QuotaExceeded.Vpc", failed.getFailureCode());
        assertNotNull(failed.getFailureRequestId());
        assertTrue(failed.getFailureMessage().toLowerCase().contains("quota"), failed.getFailureMessage());
        assertEquals(ServerStatus.FAILED, h.serverOf(failed).getStatus());
        assertEquals(1, h.counting.calls("runInstance"), "the failed job went no further");

        // Make room (roll the other one back) and retry: it resumes at the VPC step.
        h.process.startRollback(ok, h.serverOf(ok), Instant.now());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.ROLLED_BACK, ok.getState(), h.describe());
        h.retry(failed, h.serverOf(failed), Instant.now());
        h.runUntilSettled(LIMIT);
        assertSucceeded(h, failed);
    }

    @Test
    void aMissingPermissionStopsTheJobSayingWhatToGrant() {
        EngineHarness h = new EngineHarness(b -> { }, fastSettings(), "sandbox-ecs-only", true);
        open.add(h);
        Job job = h.deploy(DeployRequest.withDefaults("perm-1", PROFILE));
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.FAILED, job.getState(), h.describe());
        assertEquals(DeploymentJobs.VPC, job.getCurrentStep());
        assertTrue(job.getFailureMessage().contains("AliyunVPCFullAccess"), job.getFailureMessage());
        assertNotNull(job.getFailureCode());
        assertTrue(networks(h).isEmpty());
    }

    @Test
    void pollingCallsDoNotGrowWithTheNumberOfServers() {
        EngineHarness h = harness(b -> { });
        for (int i = 1; i <= 8; i++) {
            h.deploy(DeployRequest.withDefaults("many-" + i, PROFILE).withNetworkPolicy(NetworkPolicy.SHARED_PER_PROFILE));
        }
        h.runUntilSettled(LIMIT);
        h.jobs.values().forEach(j -> assertSucceeded(h, j));
        assertTrue(h.roundsWaitingForInstances > 0);
        assertTrue(h.counting.calls("describeInstances") <= h.roundsWaitingForInstances,
                h.counting.calls("describeInstances") + " DescribeInstances calls for " + h.roundsWaitingForInstances
                        + " rounds with 8 servers waiting: " + h.counting.all());
    }

    @Test
    void invalidRequestsAreRefusedBeforeAnyCreateCall() {
        EngineHarness h = harness(b -> b.stock(FIRST_ZONE, TYPE, 0));
        List<Runnable> bad = List.of(
                () -> h.deploy(DeployRequest.withDefaults("no good", PROFILE)),
                () -> h.deploy(DeployRequest.withDefaults("disk-1", PROFILE).withDisk(null, 10)),
                () -> h.deploy(DeployRequest.withDefaults("disk-2", PROFILE).withDisk(null, 5000)),
                () -> h.deploy(DeployRequest.withDefaults("zone-1", PROFILE).inZone("cn-hangzhou-z")),
                () -> h.deploy(DeployRequest.withDefaults("type-1", PROFILE).withInstanceType("ecs.nope.large").withZonePolicy(ZonePolicy.FIRST_IN_STOCK)),
                () -> h.deploy(DeployRequest.withDefaults("stock-1", PROFILE)),
                () -> h.deploy(DeployRequest.withDefaults("image-1", PROFILE).withImage("no-such-image").withZonePolicy(ZonePolicy.FIRST_IN_STOCK)));
        List<String> messages = new ArrayList<>();
        for (Runnable r : bad) {
            messages.add(assertThrows(Rejected.class, r::run).getMessage());
        }
        assertTrue(messages.get(0).startsWith("A server name"), messages.get(0));
        assertTrue(messages.get(1).contains("20 to 2048 GiB"), messages.get(1));
        assertTrue(messages.get(3).contains("cn-hangzhou-z is not a zone"), messages.get(3));
        assertTrue(messages.get(4).contains("ecs.nope.large") && messages.get(4).contains("not on sale"), messages.get(4));
        assertTrue(messages.get(5).contains("not on sale in zone " + FIRST_ZONE), messages.get(5));
        assertTrue(messages.get(6).contains("no-such-image"), messages.get(6));
        assertTrue(h.jobs.isEmpty());
        for (String create : List.of("createVpc", "createVSwitch", "createSecurityGroup", "runInstance", "authorizeIngress")) {
            assertEquals(0, h.counting.calls(create), create);
        }
        // The same type in stock elsewhere is fine with the stock-aware policy.
        h.deploy(DeployRequest.withDefaults("stock-2", PROFILE).withZonePolicy(ZonePolicy.FIRST_IN_STOCK));
    }
}

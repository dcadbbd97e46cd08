package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.deployment.EngineHarness;
import com.ecsprovisioner.deployment.OpenHarnesses;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.StepStatus;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import com.ecsprovisioner.testsupport.EntityIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import static com.ecsprovisioner.deployment.EngineHarness.PROFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restore of a snapshot to a new server against the sandbox, through the real adapter (CreateImage,
 * DescribeImages with ImageOwnerAlias=self, DeleteImage), driven as the engine drives jobs: the image is made and
 * waited for, the new server's deployment started from it and run to a server that boots the image; a deployment
 * the pre-flight refuses rolls back by deleting the image, and a retry then makes a new one.
 */
class NewServerRestoreSandboxTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    private final EngineHarness h = open.add(new EngineHarness(b -> { }));
    /** What each restore asked and made, by its job (the container's new_server_restore rows). */
    private final Map<Long, NewServerRestore> restores = new HashMap<>();
    /** The deployments the restores started, by the restore's job. */
    private final Map<Long, Job> deployments = new HashMap<>();
    private final NewServerProcess process = new NewServerProcess(h.process.settings(), new Random(7), new NewServerProcess.Records() {
        @Override
        public Optional<NewServerRestore> of(long jobId) {
            return Optional.ofNullable(restores.get(jobId));
        }

        @Override
        public void imageMade(long jobId, String imageId) {
            restores.get(jobId).imageMade(imageId);
        }

        @Override
        public void imageDeleted(long jobId) {
            restores.get(jobId).imageDeleted();
        }

        @Override
        public Deployments.Deployment deploy(long jobId, DeployRequest request) {
            Job job = h.deploy(request);
            EntityIds.assign(job, 1000 + deployments.size());
            deployments.put(jobId, job);
            Deployments.Deployment started = new Deployments.Deployment(job.getServerId(), job.getId());
            restores.get(jobId).deployed(started);
            return started;
        }
    });

    private Server active(String name) {
        Job job = h.deploy(DeployRequest.withDefaults(name, PROFILE));
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.SUCCEEDED, job.getState(), h.describe());
        return h.serverOf(job);
    }

    private long idOf(Server server) {
        return h.servers.entrySet().stream().filter(e -> e.getValue() == server).findFirst().orElseThrow().getKey();
    }

    private String accomplishedSnapshot(Server server, String token) {
        String id = h.cloud.snapshotSystemDisk(server.getInstanceId(), "before-" + token, token);
        long end = System.nanoTime() + LIMIT.toNanos();
        while (h.cloud.describeSnapshots(List.of(id)).get(id).status() != CloudTypes.SnapshotStatus.ACCOMPLISHED) {
            assertTrue(System.nanoTime() < end, "snapshot " + id + " not accomplished");
            EngineHarness.pause(20);
        }
        return id;
    }

    private Job restore(Server server, String snapshot, String newName, String type) {
        Job job = BackupKinds.newServer(idOf(server), server, snapshot, newName, "alice", Instant.now());
        EntityIds.assign(job, 100 + restores.size());
        restores.put(job.getId(), new NewServerRestore(job.getId(), snapshot, newName, type, null));
        return job;
    }

    @Test
    void theSnapshotBecomesAnImageAndANewServerIsDeployedFromIt() {
        Server source = active("rn-source");
        String snapshot = accomplishedSnapshot(source, "rn-1");
        Job job = restore(source, snapshot, "rn-copy", source.getInstanceType());
        h.runToEnd(process, job, source, LIMIT);
        assertEquals(JobState.SUCCEEDED, job.getState(), log(job));
        assertEquals(List.of(StepStatus.DONE, StepStatus.DONE, StepStatus.DONE), job.getSteps().stream().map(s -> s.getStatus()).toList());
        String image = restores.get(job.getId()).imageId().orElseThrow();
        assertEquals(CloudTypes.ImageStatus.AVAILABLE, h.cloud.ownImages(List.of(image)).get(image).status());
        assertEquals(snapshot, h.cloud.ownImages(List.of(image)).get(image).snapshotId());
        // CreateImage again with the step's client token (a repeat after a crash) finds the same image.
        assertEquals(image, h.cloud.createImage(snapshot, restores.get(job.getId()).imageName(), job.getSteps().get(0).getClientToken()));
        assertEquals(ServerStatus.ACTIVE, source.getStatus(), "the source is left as it was");

        Job deployment = deployments.get(job.getId());
        assertTrue(log(job).contains("Deployment job " + deployment.getId() + " started for the new server rn-copy"), log(job));
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.SUCCEEDED, deployment.getState(), h.describe());
        Server copy = h.serverOf(deployment);
        assertEquals("rn-copy", copy.getName());
        assertEquals(image, h.cloud.describeInstances(List.of(copy.getInstanceId())).get(copy.getInstanceId()).imageId());
        // The roll-back's DeleteImage is not forced: an image an instance was made from stays.
        CloudException used = assertThrows(CloudException.class, () -> h.cloud.deleteImage(image));
        assertEquals("ImageUsingByInstance", used.code());
        assertTrue(h.cloud.ownImages(List.of(image)).containsKey(image));
    }

    @Test
    void aDeploymentThePreflightRefusesDeletesTheImageAndARetryMakesANewOne() {
        Server source = active("rn-refused");
        String snapshot = accomplishedSnapshot(source, "rn-2");
        Job job = restore(source, snapshot, "rn-nowhere", "ecs.no-such-type");
        h.runToEnd(process, job, source, LIMIT);
        assertEquals(JobState.FAILED, job.getState(), log(job));
        assertTrue(job.getFailureMessage().startsWith("Rolled back (image "), job.getFailureMessage());
        assertTrue(job.getFailureMessage().contains("deleted): the new server rn-nowhere was not deployed: Instance type"
                + " ecs.no-such-type"), job.getFailureMessage());
        assertEquals("DeploymentRefused", job.getFailureCode());
        assertTrue(deployments.isEmpty());
        String made = job.getSteps().get(0).getStatus() == StepStatus.DONE ? log(job).replaceAll("(?s).*CreateImage (m-\\S+).*", "$1") : null;
        assertTrue(made != null && made.startsWith("m-"), log(job));
        assertTrue(h.cloud.ownImages(List.of(made)).isEmpty(), "the image is deleted");
        assertTrue(restores.get(job.getId()).imageId().isEmpty());

        process.retry(job, source, Instant.now());
        assertEquals(BackupStep.NEW_SERVER_IMAGE.step, job.getCurrentStep());
        h.runToEnd(process, job, source, LIMIT);
        assertEquals(JobState.FAILED, job.getState(), log(job));
        String again = restores.get(job.getId()) == null ? null : log(job).replaceAll("(?s).*CreateImage (m-\\S+).*", "$1");
        assertFalse(made.equals(again), "a new image, not the deleted one: " + log(job));
        assertNull(restores.get(job.getId()).deployJobId().orElse(null));
    }

    @Test
    void anImageTheCloudRefusesFailsTheFirstStepWithItsReasonAndDeploysNothing() {
        Server source = active("rn-gone");
        String snapshot = accomplishedSnapshot(source, "rn-3");
        h.cloud.deleteSnapshot(snapshot);
        Job job = restore(source, snapshot, "rn-gone-copy", source.getInstanceType());
        h.runToEnd(process, job, source, LIMIT);
        assertEquals(JobState.FAILED, job.getState(), log(job));
        assertEquals(BackupStep.NEW_SERVER_IMAGE.step, job.getCurrentStep());
        assertEquals("InvalidSnapshotId.NotFound", job.getFailureCode());
        assertTrue(restores.get(job.getId()).imageId().isEmpty());
        assertTrue(deployments.isEmpty());
        assertEquals(ServerStatus.ACTIVE, source.getStatus(), "the source is left as it was");
    }

    /**
     * The cloud keeps a snapshot that an image was made from (DeleteSnapshot: SnapshotCreatedImage); a backup's
     * retention then keeps it and says why, instead of failing every later backup of the policy.
     */
    @Test
    void retentionKeepsASnapshotThatAnImageWasMadeFromAndTheBackupSucceeds() {
        Server server = active("rn-kept");
        long serverId = idOf(server);
        Map<Long, BackupRun> runs = new HashMap<>();
        BackupProcess backups = new BackupProcess(h.process.settings(), new Random(7), id -> Optional.ofNullable(runs.get(id)),
                (jobId, snapshotId) -> runs.get(jobId).recordSnapshot(snapshotId));
        Instant first = Instant.parse("2026-12-07T01:00:00Z");
        Job before = BackupKinds.backup(serverId, server, "server-" + serverId, first, true, "system", Instant.now());
        EntityIds.assign(before, 200);
        runs.put(before.getId(), new BackupRun(before.getId(), serverId, "server-" + serverId, first, true, 1));
        h.runToEnd(backups, before, server, LIMIT);
        assertEquals(JobState.SUCCEEDED, before.getState(), log(before));
        String imaged = runs.get(before.getId()).getSnapshotId();
        Job restore = restore(server, imaged, "rn-kept-copy", "ecs.no-such-type");
        restores.get(restore.getId()).imageMade(h.cloud.createImage(imaged, "kept-image", "rn-kept-token"));

        Job after = BackupKinds.backup(serverId, server, "server-" + serverId, first.plusSeconds(3600), true, "system", Instant.now());
        EntityIds.assign(after, 201);
        runs.put(after.getId(), new BackupRun(after.getId(), serverId, "server-" + serverId, first.plusSeconds(3600), true, 1));
        h.runToEnd(backups, after, server, LIMIT);
        assertEquals(JobState.SUCCEEDED, after.getState(), log(after));
        assertTrue(log(after).contains("kept " + imaged + ": an image was made from it"), log(after));
        assertTrue(h.cloud.describeSnapshots(List.of(imaged)).containsKey(imaged));
    }

    private static String log(Job job) {
        return job.log().stream().map(Object::toString).collect(Collectors.joining("\n   ", "\n   ", ""));
    }
}

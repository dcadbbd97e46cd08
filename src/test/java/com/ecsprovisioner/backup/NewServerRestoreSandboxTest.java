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
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.platform.Rejected;
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
import java.util.Set;
import java.util.stream.Collectors;

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

    /** The default keys, and two of the same account that may make images but not look at them (one not delete either). */
    private final EngineHarness h = open.add(new EngineHarness(b -> {
        SandboxConfig.defaultAccounts().forEach(b::accounts);
        b.accounts(new AccessKey("LTAI5tImageMaker00000001", "ImageMakerSecret00000000000000001", "1234567890123456",
                        "image-maker", Set.of(), Set.of("ecs:CreateImage", "ecs:DeleteImage")),
                new AccessKey("LTAI5tImageKeeper0000001", "ImageKeeperSecret0000000000000001", "1234567890123456",
                        "image-keeper", Set.of(), Set.of("ecs:CreateImage")));
    }));
    /** What each restore asked and made, by its job (the container's new_server_restore rows). */
    private final Map<Long, NewServerRestore> restores = new HashMap<>();
    /** The deployments the restores started, by the restore's job. */
    private final Map<Long, Job> deployments = new HashMap<>();
    /** What each restore asked the deployment boundary for, by the restore's job. */
    private final Map<Long, DeployRequest> asked = new HashMap<>();
    /** Times the deployment boundary answers as if its pre-flight could not reach the cloud, before it deploys. */
    private int unreachable;
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
        public boolean rolledBack(long deployJobId) {
            return deployments.values().stream().anyMatch(j -> j.getId() == deployJobId && j.getState() == JobState.ROLLED_BACK);
        }

        @Override
        public Deployments.Deployment deploy(long jobId, DeployRequest request) {
            asked.put(jobId, request);
            if (unreachable > 0) {
                unreachable--;
                throw new Rejected("The request could not be checked with the cloud: try again", new CloudException(
                        CloudException.Kind.UNAVAILABLE, "SDK.ServerUnreachable", null, "no answer", true, null, null));
            }
            Job job = h.deploy(request);
            EntityIds.assign(job, 1000 + deployments.size());
            deployments.put(jobId, job);
            Deployments.Deployment started = new Deployments.Deployment(job.getServerId(), job.getId());
            restores.get(jobId).deployed(started);
            return started;
        }
    });

    private Job restore(Server server, String snapshot, String newName, String type) {
        Job job = BackupKinds.newServer(h.idOf(server), server, snapshot, newName, "alice", Instant.now());
        EntityIds.assign(job, 100 + restores.size());
        restores.put(job.getId(), new NewServerRestore(job.getId(), snapshot, newName, type, null));
        return job;
    }

    @Test
    void theSnapshotBecomesAnImageAndANewServerIsDeployedFromIt() {
        Server source = h.activeServer("rn-source", LIMIT);
        source.choosePhpVersion("8.2");
        String snapshot = h.accomplishedSnapshot(source, "rn-1", LIMIT);
        Job job = restore(source, snapshot, "rn-copy", source.getInstanceType());
        // The pre-flight not reaching the cloud once is waited out: the image is kept and the deployment asked again.
        unreachable = 1;
        h.runToEnd(process, job, source, LIMIT);
        assertEquals(JobState.SUCCEEDED, job.getState(), log(job));
        assertEquals(0, unreachable);
        // The new server is the source's again where the deploy form would differ: its region (where the image is)
        // and its PHP version (the one the snapshot's disk has).
        assertEquals(source.getRegionId(), asked.get(job.getId()).regionId());
        assertEquals("8.2", asked.get(job.getId()).phpVersion());
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

        // Roll back of the restore keeps the image while the new server stands on it, and deletes it once the new
        // server's deployment rolled back (the page offers it only then).
        assertFalse(process.rollbackOffered(job), "not offered while the new server stands on the image");
        process.startRollback(job, source, Instant.now());
        h.runToEnd(process, job, source, LIMIT);
        assertEquals(JobState.ROLLBACK_FAILED, job.getState(), log(job));
        assertEquals("ImageInUse", job.getFailureCode());
        assertTrue(job.getFailureMessage().contains("deployment job " + deployment.getId()), job.getFailureMessage());
        assertTrue(h.cloud.ownImages(List.of(image)).containsKey(image));
        h.process.startRollback(deployment, copy, Instant.now());
        h.runUntilSettled(LIMIT);
        assertEquals(JobState.ROLLED_BACK, deployment.getState(), h.describe());
        assertTrue(process.rollbackOffered(job));
        process.retry(job, source, Instant.now());
        h.runToEnd(process, job, source, LIMIT);
        assertEquals(JobState.ROLLED_BACK, job.getState(), log(job));
        assertTrue(h.cloud.ownImages(List.of(image)).isEmpty(), "the image is deleted");
        assertTrue(restores.get(job.getId()).imageId().isEmpty());
        assertEquals(ServerStatus.ACTIVE, source.getStatus(), "the source is left as it was");
    }

    /** A refusal the step does not expect (here a missing permission) while waiting for the image deletes the image. */
    @Test
    void aPermissionRefusedWhileWaitingForTheImageDeletesTheImage() {
        Server source = h.activeServer("rn-denied", LIMIT);
        String snapshot = h.accomplishedSnapshot(source, "rn-4", LIMIT);
        Job job = restore(source, snapshot, "rn-denied-copy", source.getInstanceType());
        h.runToEnd(process, job, source, h.region("image-maker"), LIMIT);
        assertEquals(JobState.FAILED, job.getState(), log(job));
        assertEquals(BackupStep.NEW_SERVER_IMAGE_READY.step, job.getCurrentStep());
        assertEquals("Forbidden.RAM", job.getFailureCode());
        assertTrue(job.getFailureMessage().startsWith("Rolled back (image m-"), job.getFailureMessage());
        String made = madeImage(job);
        assertTrue(h.cloud.ownImages(List.of(made)).isEmpty(), "the image is deleted");
        assertTrue(restores.get(job.getId()).imageId().isEmpty());
        assertFalse(process.rollbackOffered(job), "nothing left to roll back");
        assertTrue(deployments.isEmpty());
    }

    /** An image whose deletion was refused too stays recorded, and the job's Roll back deletes it, once. */
    @Test
    void anImageWhoseDeletionWasRefusedIsDeletedByRollBack() {
        Server source = h.activeServer("rn-kept-image", LIMIT);
        String snapshot = h.accomplishedSnapshot(source, "rn-5", LIMIT);
        Job job = restore(source, snapshot, "rn-kept-copy2", source.getInstanceType());
        h.runToEnd(process, job, source, h.region("image-keeper"), LIMIT);
        assertEquals(JobState.FAILED, job.getState(), log(job));
        assertEquals("Forbidden.RAM", job.getFailureCode());
        assertTrue(job.getFailureMessage().contains(" kept ("), job.getFailureMessage());
        String made = restores.get(job.getId()).imageId().orElseThrow();
        assertTrue(h.cloud.ownImages(List.of(made)).containsKey(made));
        assertTrue(process.rollbackOffered(job));

        process.startRollback(job, source, Instant.now());
        h.runToEnd(process, job, source, LIMIT);
        assertEquals(JobState.ROLLED_BACK, job.getState(), log(job));
        assertTrue(h.cloud.ownImages(List.of(made)).isEmpty(), "the image is deleted");
        assertTrue(restores.get(job.getId()).imageId().isEmpty());
        assertFalse(process.rollbackOffered(job));
        assertThrows(com.ecsprovisioner.server.IllegalTransition.class, () -> process.startRollback(job, source, Instant.now()));
        assertEquals(ServerStatus.ACTIVE, source.getStatus(), "the source is left as it was");
    }

    private static String madeImage(Job job) {
        String made = log(job).replaceAll("(?s).*CreateImage (m-\\S+).*", "$1");
        assertTrue(made.startsWith("m-"), log(job));
        return made;
    }

    @Test
    void aDeploymentThePreflightRefusesDeletesTheImageAndARetryMakesANewOne() {
        Server source = h.activeServer("rn-refused", LIMIT);
        String snapshot = h.accomplishedSnapshot(source, "rn-2", LIMIT);
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
        Server source = h.activeServer("rn-gone", LIMIT);
        String snapshot = h.accomplishedSnapshot(source, "rn-3", LIMIT);
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
        Server server = h.activeServer("rn-kept", LIMIT);
        long serverId = h.idOf(server);
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

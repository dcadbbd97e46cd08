package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudTypes;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A roll-back of a server's system disk against the sandbox, through the real adapter (StopInstance, DescribeDisks,
 * ResetDisk, StartInstance), driven as the engine drives jobs: the instance is stopped, its disk reset to its own
 * snapshot and started again, the server active at the end; a reset the cloud refuses (a snapshot of another
 * server's disk) rolls back by starting the instance again with its disk as it was, and the job fails saying so.
 */
class RestoreSandboxTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    private final EngineHarness h = open.add(new EngineHarness(b -> { }));
    /** The snapshot of each roll-back, by its job (the boundary writes it as the job's DiskRestore). */
    private final Map<Long, String> snapshots = new HashMap<>();
    private final RestoreProcess process = new RestoreProcess(h.process.settings(), new Random(7),
            id -> Optional.ofNullable(snapshots.get(id)));

    private Job restore(Server server, String snapshot) {
        Job job = BackupKinds.restore(h.idOf(server), server, snapshot, "alice", Instant.now());
        EntityIds.assign(job, 1 + snapshots.size());
        snapshots.put(job.getId(), snapshot);
        return job;
    }

    private Job run(Job job, Server server) {
        h.runToEnd(process, job, server, LIMIT);
        assertFalse(job.getState().isActive(), log(job));
        return job;
    }

    @Test
    void theDiskIsRolledBackWithTheInstanceStoppedAndStartedAgain() {
        Server server = h.activeServer("rs-back", LIMIT);
        String snapshot = h.accomplishedSnapshot(server, "rs-1", LIMIT);
        Job job = run(restore(server, snapshot), server);
        assertEquals(JobState.SUCCEEDED, job.getState(), log(job));
        assertEquals(List.of(StepStatus.DONE, StepStatus.DONE, StepStatus.DONE), job.getSteps().stream().map(s -> s.getStatus()).toList());
        assertTrue(log(job).contains("ResetDisk of the system disk of " + server.getInstanceId() + " to " + snapshot), log(job));
        assertTrue(log(job).contains("what was written on the disk since that snapshot is lost"), log(job));
        assertEquals(ServerStatus.ACTIVE, server.getStatus());
        assertEquals(CloudTypes.InstanceState.RUNNING, h.cloud.describeInstances(List.of(server.getInstanceId()))
                .get(server.getInstanceId()).state());
    }

    @Test
    void aResetTheCloudRefusesRollsBackByStartingTheInstanceAgain() {
        Server server = h.activeServer("rs-refused", LIMIT);
        Server other = h.activeServer("rs-other", LIMIT);
        String othersSnapshot = h.accomplishedSnapshot(other, "rs-2", LIMIT);
        Job job = run(restore(server, othersSnapshot), server);
        assertEquals(JobState.FAILED, job.getState(), log(job));
        assertTrue(job.getFailureMessage().startsWith("Rolled back: the system disk was not reset"), job.getFailureMessage());
        assertEquals(StepStatus.SKIPPED, job.getSteps().get(1).getStatus());
        assertTrue(log(job).contains("InvalidSnapshotId.NotDiskSnapshot"), log(job));
        assertEquals(ServerStatus.ACTIVE, server.getStatus(), "running again, as it was");
        assertEquals(CloudTypes.InstanceState.RUNNING, h.cloud.describeInstances(List.of(server.getInstanceId()))
                .get(server.getInstanceId()).state());
    }

    private static String log(Job job) {
        return job.log().stream().map(Object::toString).collect(Collectors.joining("\n   ", "\n   ", ""));
    }
}

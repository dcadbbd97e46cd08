package com.ecsprovisioner.backup;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.deployment.EngineHarness;
import com.ecsprovisioner.deployment.OpenHarnesses;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import com.ecsprovisioner.testsupport.EntityIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import static com.ecsprovisioner.deployment.EngineHarness.PROFILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backup schedule over a simulated week against the sandbox, through the real Alibaba adapter (CreateSnapshot
 * with tags, DescribeSnapshots, DeleteSnapshot): a clock the test moves by quarter hours decides what is due, as the
 * product's check does each minute; each due slot becomes a backup job driven as the engine drives jobs. The
 * snapshots are made at the policy's hours in the profile's time zone, once per slot, the policy's oldest beyond its
 * retention are deleted, and a snapshot made by hand is never touched.
 */
class BackupWeekSandboxTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    /**
     * Monday 23 November 2026, midnight UTC: a week in the past, so that the jobs it makes (stamped with the
     * schedule's time) are due at once for the engine's real clock.
     */
    private static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");

    @RegisterExtension
    final OpenHarnesses open = new OpenHarnesses();

    /** A clock the test moves; the schedule reads nothing else. */
    static final class SteppedClock extends Clock {
        private Instant now;

        SteppedClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final EngineHarness h = open.add(new EngineHarness(b -> { }));
    private final Map<Long, BackupRun> runs = new HashMap<>();
    private final BackupProcess process = new BackupProcess(h.process.settings(), new Random(7), id -> Optional.ofNullable(runs.get(id)),
            (jobId, snapshotId) -> runs.get(jobId).recordSnapshot(snapshotId));
    private final List<Job> jobs = new ArrayList<>();
    private long nextJobId = 5_000;

    private Server active(String name) {
        Server server = h.activeServer(name, LIMIT);
        assertEquals(ServerStatus.ACTIVE, server.getStatus());
        return server;
    }

    /** What the boundary does with a planned backup (persisting gives the job its id), then the engine's moves. */
    private Job run(BackupRequests.Planned planned, Server server) {
        Job job = planned.job();
        EntityIds.assign(job, nextJobId++);
        runs.put(job.getId(), planned.run(h.idOf(server)));
        jobs.add(job);
        h.runToEnd(process, job, server, LIMIT);
        assertFalse(job.getState().isActive(), log(job));
        return job;
    }

    private List<CloudTypes.Snapshot> policySnapshots(Server server, String key) {
        return h.cloud.snapshotsOf(server.getInstanceId()).stream()
                .filter(s -> key.equals(s.tags().get(BackupKinds.POLICY_TAG))).toList();
    }

    @Test
    void aWeekOfTheScheduleMakesEachSlotsSnapshotOnceAndKeepsOnlyThePolicysLatest() {
        Server server = active("bk-week");
        long serverId = h.idOf(server);
        SteppedClock clock = new SteppedClock(MONDAY);
        ProfileBackupPolicy policy = new ProfileBackupPolicy(PROFILE, clock.instant());
        // 02:00 and 14:00 in Berlin, which is UTC+1 in December: 01:00 and 13:00 UTC.
        policy.set(BackupSchedule.parse("mon,wed,fri", "2,14", 3), "Europe/Berlin", clock.instant());
        ServerBackup record = new ServerBackup(serverId, PROFILE, clock.instant());
        String manual = h.cloud.snapshotSystemDisk(server.getInstanceId(), "by-hand", "manual-token-1");

        List<Instant> slots = new ArrayList<>();
        for (int quarter = 0; quarter < 7 * 24 * 4; quarter++) {
            clock.advance(Duration.ofMinutes(15));
            Optional<BackupRequests.Planned> due = BackupRequests.due(record, Optional.of(policy), server, jobs, clock.instant());
            if (due.isEmpty()) {
                continue;
            }
            // Asked again at the same moment (another node, the next tick): the slot is already claimed.
            assertTrue(BackupRequests.due(record, Optional.of(policy), server, jobs, clock.instant()).isEmpty());
            slots.add(due.get().slot());
            Job job = run(due.get(), server);
            assertEquals(JobState.SUCCEEDED, job.getState(), log(job));
            record.learn(job);
            assertEquals(Math.min(slots.size(), 3), policySnapshots(server, "profile-" + PROFILE).size(),
                    "retention after the backup of " + due.get().slot());
        }

        assertEquals(List.of("2026-11-23T01:00:00Z", "2026-11-23T13:00:00Z", "2026-11-25T01:00:00Z", "2026-11-25T13:00:00Z",
                "2026-11-27T01:00:00Z", "2026-11-27T13:00:00Z"), slots.stream().map(Instant::toString).toList());
        List<String> kept = policySnapshots(server, "profile-" + PROFILE).stream().map(s -> s.tags().get(BackupKinds.SLOT_TAG))
                .sorted().toList();
        assertEquals(List.of("2026-11-25T13:00:00Z", "2026-11-27T01:00:00Z", "2026-11-27T13:00:00Z"), kept);
        assertTrue(h.cloud.snapshotsOf(server.getInstanceId()).stream().anyMatch(s -> s.id().equals(manual)),
                "the snapshot made by hand is not the policy's: never deleted");
        CloudTypes.Snapshot last = policySnapshots(server, "profile-" + PROFILE).stream()
                .filter(s -> s.tags().get(BackupKinds.SLOT_TAG).equals("2026-11-27T13:00:00Z")).findFirst().orElseThrow();
        assertEquals(String.valueOf(serverId), last.tags().get("ecs-provisioner:server"));
        assertTrue(last.sizeGiB() > 0, "a snapshot's size is the disk's: " + last);

        // The longest gap of the schedule is Friday 14:00 to Monday 02:00 (60 hours): within it after the last success
        // (stamped by the engine's own clock), the server is not flagged; past it and the hour's grace, it is.
        Optional<BackupSchedule> schedule = policy.schedule();
        assertEquals(Duration.ofHours(60), schedule.orElseThrow().period());
        Instant lastSuccess = record.getLastSuccessAt();
        assertFalse(record.overdue(schedule, lastSuccess.plus(Duration.ofHours(60))));
        assertFalse(record.lastFailed());
        assertTrue(record.overdue(schedule, lastSuccess.plus(Duration.ofHours(62))));
    }

    @Test
    void aFailedBackupIsRecordedAndAServerWithoutAPolicyIsNotBackedUpNow() {
        Server server = active("bk-fail");
        long serverId = h.idOf(server);
        Instant now = Instant.now();
        ServerBackup record = new ServerBackup(serverId, PROFILE, now);
        assertThrows(Rejected.class, () -> BackupRequests.now(record, Optional.empty(), server, jobs, "alice", now),
                "no policy in force: nothing to back up by");
        record.own(BackupSchedule.parse("daily", "3", 2), now);
        assertEquals("server-" + serverId, record.policyKey());

        // The instance is released outside the product: the backup job fails at its snapshot, the server keeps its status.
        h.region("sandbox-admin").deleteInstance(server.getInstanceId(), true);
        Job job = run(BackupRequests.now(record, Optional.empty(), server, jobs, "alice", now), server);
        assertEquals(JobState.FAILED, job.getState(), log(job));
        assertEquals(ServerStatus.ACTIVE, server.getStatus());
        record.learn(job);
        assertTrue(record.lastFailed());
        assertTrue(record.getLastFailure().contains("InvalidInstanceId") || record.getLastFailure().toLowerCase().contains("not"),
                record.getLastFailure());
        String event = BackupEvents.failedData(job, server, serverId, runs.get(job.getId()));
        assertTrue(event.contains("\"serverId\":" + serverId) && event.contains("\"policy\":\"server-" + serverId + "\""), event);
    }

    private static String log(Job job) {
        return job.log().stream().map(Object::toString).collect(Collectors.joining("\n   ", "\n   ", ""));
    }
}

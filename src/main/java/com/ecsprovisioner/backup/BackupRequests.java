package com.ecsprovisioner.backup;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a due slot or a person's "back up now" into a backup job, or says why not. Plain Java: the boundary, the
 * scheduler and the tests call the same code.
 */
final class BackupRequests {

    /** Whose name a scheduled backup's job carries. */
    static final String SCHEDULE = "backup schedule";

    /** Statuses in which the cloud snapshots a server's disk: running, stopped, or running but not answering SSH. */
    static final Set<ServerStatus> BACKED_UP = EnumSet.of(ServerStatus.ACTIVE, ServerStatus.STOPPED, ServerStatus.UNREACHABLE);

    /** A job to persist, and what it was asked, to persist once the job has its id. */
    record Planned(Job job, String policyKey, Instant slot, boolean scheduled, int keep) {
        BackupRun run(long serverId) {
            return new BackupRun(job.getId(), serverId, policyKey, slot, scheduled, keep);
        }
    }

    private BackupRequests() {
    }

    /** The zone a profile's schedules are read in: its policy's, else UTC. */
    static ZoneId zone(Optional<ProfileBackupPolicy> policy) {
        return policy.map(ProfileBackupPolicy::zone).orElse(ProfileBackupPolicy.UTC);
    }

    /**
     * The backup owed now by the server, claimed in its record; empty when none is owed, or when the server cannot be
     * backed up this minute (another job runs on it, or its status is not one the cloud snapshots): then the slot is
     * left unclaimed and the next check tries again.
     */
    static Optional<Planned> due(ServerBackup record, Optional<ProfileBackupPolicy> policy, Server server,
                                 Collection<Job> jobsOfServer, Instant now) {
        Optional<BackupSchedule> schedule = record.schedule(policy.flatMap(ProfileBackupPolicy::schedule));
        if (schedule.isEmpty() || refusal(server, jobsOfServer).isPresent()) {
            return Optional.empty();
        }
        return record.claimDue(schedule.get(), zone(policy), now).map(slot -> new Planned(
                BackupKinds.backup(record.getServerId(), server, record.policyKey(), slot, true, SCHEDULE, now),
                record.policyKey(), slot, true, schedule.get().keep()));
    }

    /** A backup asked by a person now: the policy in force's snapshot, counted in its retention. */
    static Planned now(ServerBackup record, Optional<ProfileBackupPolicy> policy, Server server, Collection<Job> jobsOfServer,
                       String requestedBy, Instant now) {
        Optional<String> refused = refusal(server, jobsOfServer);
        if (refused.isPresent()) {
            throw new Rejected(refused.get());
        }
        BackupSchedule schedule = record.schedule(policy.flatMap(ProfileBackupPolicy::schedule)).orElseThrow(() -> new Rejected(
                "Server " + server.getName() + " has no backup policy: give it one (or its profile), or take a snapshot from its actions"));
        return new Planned(BackupKinds.backup(record.getServerId(), server, record.policyKey(), now, false, requestedBy, now),
                record.policyKey(), now, false, schedule.keep());
    }

    /** Why the server cannot be backed up now (empty when it can). */
    static Optional<String> refusal(Server server, Collection<Job> jobsOfServer) {
        if (server.isCustom() || server.getInstanceId() == null) {
            return Optional.of("Server " + server.getName() + " has no cloud instance: its disk cannot be snapshotted by the product");
        }
        if (!BACKED_UP.contains(server.getStatus())) {
            return Optional.of("Server " + server.getName() + " is " + server.getStatus().dbName()
                    + ": it is backed up only while active, unreachable or stopped");
        }
        return jobsOfServer.stream().filter(j -> j.getState().isActive()).findFirst().map(j -> "A "
                + j.getKind().label().toLowerCase() + " job (" + j.getId() + ") is running on server " + server.getName()
                + ": wait until it finishes");
    }
}

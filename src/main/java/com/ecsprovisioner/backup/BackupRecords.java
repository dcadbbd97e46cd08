package com.ecsprovisioner.backup;

import com.ecsprovisioner.backup.BackupViews.ServerBackups;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** What the boundary and the scheduler do alike: start a planned backup, and show a server's record. */
final class BackupRecords {

    private BackupRecords() {
    }

    /** Persists the job and its run in the caller's transaction, tells its events, and wakes the engine for it. */
    static long start(EntityManager em, JobEvents events, JobQueue queue, BackupRequests.Planned planned, ServerBackup record,
                      Server server, long serverId, Instant now) {
        JobEvents.Before before = JobEvents.before(null, server);
        em.persist(planned.job());
        em.flush();
        em.persist(planned.run(serverId));
        record.started(planned.job().getId());
        events.record(before, planned.job(), server, now);
        queue.advance(planned.job().getId());
        return planned.job().getId();
    }

    static ServerBackups view(ServerBackup record, Optional<ProfileBackupPolicy> policy, Instant now) {
        Optional<BackupSchedule> inForce = record.schedule(policy.flatMap(ProfileBackupPolicy::schedule));
        ZoneId zone = BackupRequests.zone(policy);
        return new ServerBackups(record.getServerId(), record.getMode(), record.own(),
                inForce.map(s -> s.describe() + " (" + zone.getId() + ")").orElse("No backups"),
                inForce.map(s -> s.nextSlot(now, zone)).orElse(null), record.getLastSuccessAt(), record.getLastFailureAt(),
                record.getLastFailure(), record.overdue(inForce, now), record.lastFailed(), record.getLastJobId());
    }
}

package com.ecsprovisioner.backup;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.platform.outbox.Outbox;
import com.ecsprovisioner.server.Server;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The schedule's work, each piece in a transaction of its own so that one server's trouble leaves the others' be:
 * which servers a policy covers (a server seen under its profile's policy for the first time gets its record, counted
 * from then), the claim of one server's due slot, and the settling of finished backups. A claim locks the server's
 * record and decides again under the lock, so that two nodes checking at once make one job.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class BackupClaims {

    @PersistenceContext
    EntityManager em;

    @Inject
    JobEvents events;

    @Inject
    JobQueue queue;

    @Inject
    Outbox outbox;

    @Inject
    @BackupClock
    Clock clock;

    /** The servers under a policy now, their records made where missing. */
    public List<Long> covered() {
        Instant now = clock.instant();
        Set<Long> withPolicy = new HashSet<>();
        for (ProfileBackupPolicy p : em.createQuery("SELECT p FROM ProfileBackupPolicy p", ProfileBackupPolicy.class).getResultList()) {
            if (p.schedule().isPresent()) {
                withPolicy.add(p.getProfileId());
            }
        }
        List<Long> out = new ArrayList<>();
        for (Server s : em.createNamedQuery("Server.synced", Server.class).setParameter("statuses", BackupRequests.BACKED_UP).getResultList()) {
            ServerBackup record = em.find(ServerBackup.class, s.getId());
            if (record == null && withPolicy.contains(s.getProfileId())) {
                record = new ServerBackup(s.getId(), s.getProfileId(), now);
                em.persist(record);
            }
            if (record != null && record.getMode() != BackupMode.NONE) {
                out.add(s.getId());
            }
        }
        return out;
    }

    /** Claims the server's due slot, if any, and makes its backup job; answers the job's id. */
    public Optional<Long> startIfDue(long serverId) {
        ServerBackup record = em.find(ServerBackup.class, serverId, LockModeType.PESSIMISTIC_WRITE);
        Server server = em.find(Server.class, serverId);
        if (record == null || server == null) {
            return Optional.empty();
        }
        Optional<ProfileBackupPolicy> policy = Optional.ofNullable(em.find(ProfileBackupPolicy.class, record.getProfileId()));
        List<Job> jobs = em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultList();
        Optional<BackupRequests.Planned> planned = BackupRequests.due(record, policy, server, jobs, clock.instant());
        Instant now = Instant.now();
        return planned.map(p -> BackupRecords.start(em, events, queue, p, record, server, serverId, now));
    }

    /**
     * The backups whose jobs have finished: the server's record learns how each ended, and a failure is told as a
     * {@code backup.failed} event, once (the run is settled in the same transaction).
     */
    public int settle() {
        int settled = 0;
        Instant now = Instant.now();
        for (BackupRun run : em.createNamedQuery("BackupRun.unsettled", BackupRun.class).setMaxResults(200).getResultList()) {
            Job job = em.find(Job.class, run.getJobId());
            if (job != null && job.getState().isActive()) {
                continue;
            }
            Server server = em.find(Server.class, run.getServerId());
            ServerBackup record = em.find(ServerBackup.class, run.getServerId(), LockModeType.PESSIMISTIC_WRITE);
            if (job != null && record != null) {
                record.learn(job);
            }
            if (job != null && job.getState() != com.ecsprovisioner.engine.JobState.SUCCEEDED) {
                outbox.append(job.getId(), BackupEvents.FAILED, String.valueOf(job.getId()), job.request().id(),
                        BackupEvents.failedData(job, server, run.getServerId(), run), null, now);
            }
            run.settle(now);
            settled++;
        }
        return settled;
    }
}

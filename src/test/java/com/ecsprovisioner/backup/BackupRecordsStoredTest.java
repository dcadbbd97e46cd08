package com.ecsprovisioner.backup;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.platform.MigratedH2;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.RollbackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the migrated schema (V26): a profile's policy, a server's exception with its own schedule, and a backup job
 * with its run are stored and read back as they were written; the scheduler's turn row exists.
 */
class BackupRecordsStoredTest {

    @Test
    void aPolicyAnExceptionAndABackupRunAreStoredAndReadBack(@TempDir Path dir) {
        EntityManagerFactory factory = MigratedH2.open(dir);
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            EntityManager em = factory.createEntityManager();
            em.getTransaction().begin();
            Server server = new Server("bk-1", 5, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", now);
            em.persist(server);
            em.flush();
            ProfileBackupPolicy policy = new ProfileBackupPolicy(5, now);
            policy.set(BackupSchedule.parse("mon,fri", "2,14", 7), "Europe/Berlin", now);
            em.persist(policy);
            ProfileBackupPolicy none = new ProfileBackupPolicy(6, now);
            em.persist(none);
            ServerBackup record = new ServerBackup(server.getId(), 5, now);
            record.own(BackupSchedule.parse("daily", "3", 2), now);
            em.persist(record);
            Job job = BackupKinds.backup(server.getId(), server, record.policyKey(), now, true, BackupRequests.SCHEDULE, now);
            em.persist(job);
            em.flush();
            em.persist(new BackupRun(job.getId(), server.getId(), record.policyKey(), now, true, 2));
            em.getTransaction().commit();
            long serverId = server.getId();
            long jobId = job.getId();
            em.close();

            EntityManager reader = factory.createEntityManager();
            ProfileBackupPolicy p = reader.find(ProfileBackupPolicy.class, 5L);
            assertEquals("Europe/Berlin", p.zone().getId());
            assertEquals("Mon, Fri at 02:00, 14:00; keeps 7", p.schedule().orElseThrow().describe());
            assertTrue(reader.find(ProfileBackupPolicy.class, 6L).schedule().isEmpty(), "a profile with a zone and no policy");
            ServerBackup r = reader.find(ServerBackup.class, serverId);
            assertEquals(BackupMode.OWN, r.getMode());
            assertEquals("server-" + serverId, r.policyKey());
            assertEquals(2, r.own().orElseThrow().keep());
            BackupRun run = reader.find(BackupRun.class, jobId);
            assertEquals(now, run.getSlot());
            assertEquals("backup", reader.find(Job.class, jobId).getKind().dbName());
            assertEquals(List.of(run.getJobId()), reader.createNamedQuery("BackupRun.unsettled", BackupRun.class).getResultList()
                    .stream().map(BackupRun::getJobId).toList());
            assertEquals(1L, reader.createNativeQuery("SELECT COUNT(*) FROM periodic_turn WHERE task = 'backup-due'").getSingleResult() instanceof Number n ? n.longValue() : -1);
            reader.close();
        } finally {
            factory.close();
        }
    }

    /**
     * Two nodes checking at the same moment, each having read the server's record before the other wrote: both find
     * the slot owed, but only the first claim commits (the record's version), so the slot is made once. In the
     * product the claim also locks the row first, so the second node waits and then finds nothing owed.
     */
    @Test
    void aSlotClaimedByOneNodeIsNotClaimedAgainByAnother(@TempDir Path dir) {
        EntityManagerFactory factory = MigratedH2.open(dir);
        try {
            Instant start = Instant.parse("2026-11-23T00:00:00Z");
            EntityManager setup = factory.createEntityManager();
            setup.getTransaction().begin();
            ServerBackup record = new ServerBackup(42, 5, start);
            record.own(BackupSchedule.parse("daily", "3", 2), start);
            setup.persist(record);
            setup.getTransaction().commit();
            setup.close();

            Instant now = Instant.parse("2026-11-23T03:05:00Z");
            BackupSchedule schedule = BackupSchedule.parse("daily", "3", 2);
            EntityManager first = factory.createEntityManager();
            EntityManager second = factory.createEntityManager();
            first.getTransaction().begin();
            second.getTransaction().begin();
            ServerBackup a = first.find(ServerBackup.class, 42L);
            ServerBackup b = second.find(ServerBackup.class, 42L);
            assertEquals(Optional.of(Instant.parse("2026-11-23T03:00:00Z")), a.claimDue(schedule, java.time.ZoneOffset.UTC, now));
            assertEquals(Optional.of(Instant.parse("2026-11-23T03:00:00Z")), b.claimDue(schedule, java.time.ZoneOffset.UTC, now));
            first.getTransaction().commit();
            assertThrows(RollbackException.class, () -> second.getTransaction().commit());
            first.close();
            second.close();

            EntityManager third = factory.createEntityManager();
            third.getTransaction().begin();
            ServerBackup c = third.find(ServerBackup.class, 42L, LockModeType.PESSIMISTIC_WRITE);
            assertEquals(Optional.empty(), c.claimDue(schedule, java.time.ZoneOffset.UTC, now), "already claimed: nothing owed");
            third.getTransaction().rollback();
            third.close();
        } finally {
            factory.close();
        }
    }
}

package com.ecsprovisioner.backup;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.platform.MigratedH2;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}

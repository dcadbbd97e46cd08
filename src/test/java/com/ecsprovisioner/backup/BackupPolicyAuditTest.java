package com.ecsprovisioner.backup;

import static com.ecsprovisioner.testsupport.Transactions.inTransaction;
import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditRecord;
import com.ecsprovisioner.audit.AuditTrails;
import com.ecsprovisioner.audit.Origin;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A change of a profile's backup policy or of a server's exception, through the boundary the console's forms and the
 * set-backup-policy command call, is in the audit trail: who, from where, what the policy was and became. H2 with
 * the product's migrations; a refused change writes no record.
 */
class BackupPolicyAuditTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private EntityManager em;

    private Backups backups(String clientAddress, Requester requester) {
        return TestBackups.on(em, requester, clientAddress);
    }

    @Test
    void aProfilesPolicyAndAServersExceptionAreAuditedWithWhoWhereAndWhatChanged() {
        db.open();
        em = db.createEntityManager();
        ProviderProfile profile = new ProviderProfile("agency", "LTAI-test", "sealed", null, "cn-hangzhou", "key-pair",
                "fingerprint", "sealed-key", null, Instant.EPOCH);
        inTransaction(em, () -> {
            em.persist(profile);
            em.flush();
            em.persist(new Server("blog", profile.getId(), "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", Instant.EPOCH));
            return null;
        });
        long serverId = em.createQuery("SELECT s.id FROM Server s WHERE s.name = 'blog'", Long.class).getSingleResult();
        Backups console = backups("192.0.2.9", new Requester());

        inTransaction(em, () -> console.setProfilePolicy(profile.getId(), true, "mon,thu", "3", 5, "Europe/Berlin"));
        AuditRecord policy = AuditTrails.only(em, AuditAction.BACKUP_POLICY_CHANGED);
        assertEquals("alice", policy.getActor());
        assertEquals(Origin.CONSOLE, policy.getOrigin());
        assertEquals("192.0.2.9", policy.getClientAddress());
        assertEquals("profile 'agency' (" + profile.getId() + ")", policy.getSubject());
        assertTrue(policy.getChanges().startsWith("policy: 'No backup policy' → '") && policy.getChanges().contains("Europe/Berlin"),
                policy.getChanges());

        Requester jms = new Requester();
        jms.actFor("jms:billing");
        Backups command = backups(null, jms);
        inTransaction(em, () -> command.setServerPolicy(serverId, BackupMode.NONE, null, null, 0));
        AuditRecord exception = AuditTrails.only(em, AuditAction.SERVER_BACKUP_POLICY_CHANGED);
        assertEquals("jms:billing", exception.getActor());
        assertEquals(Origin.JMS, exception.getOrigin());
        assertNull(exception.getClientAddress());
        assertEquals("server 'blog' (" + serverId + ")", exception.getSubject());
        assertTrue(exception.getChanges().contains("follows: 'The profile's policy' → 'No backups'"), exception.getChanges());

        // Saved again as it is: no change, no record.
        inTransaction(em, () -> console.setProfilePolicy(profile.getId(), true, "thu,mon", "3", 5, "Europe/Berlin"));
        // A refused change (a time zone that is not one) is rolled back with no record of it.
        assertThrows(Rejected.class, () -> inTransaction(em, () ->
                console.setProfilePolicy(profile.getId(), true, "daily", "3", 5, "Mars/Olympus")));
        assertThrows(Rejected.class, () -> inTransaction(em, () -> console.setProfilePolicy(profile.getId() + 99, false, null, null, 1, null)));
        List<AuditRecord> all = AuditTrails.all(em);
        assertEquals(2, all.size(), AuditTrails.describe(all));
    }
}

package com.ecsprovisioner.audit;

import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.security.Callers;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing and reading the trail on the product's schema (H2), and where a record says a change came from. */
class AuditTrailTest {

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @Test
    void whereFromIsReadOffWhoActed() {
        assertEquals(Origin.CONSOLE, Origin.of("alice", true));
        assertEquals(Origin.JMS, Origin.of("jms:billing", false));
        assertEquals(Origin.TIMER, Origin.of(Callers.SYSTEM, false), "the product's own name, as Callers spells it");
        assertEquals(Origin.CONSOLE, Origin.of(Callers.SYSTEM, true), "a lock-out the product makes during a console login");
        assertEquals(Callers.SYSTEM, Origin.SYSTEM);
        assertEquals(Callers.SYSTEM, Callers.nameOf(() -> Callers.RUN_AS_PRINCIPAL), "a bean acting for the product is the product");
        assertEquals(Origin.TIMER, Origin.of(Callers.nameOf(() -> Callers.RUN_AS_PRINCIPAL), false));
    }

    @Test
    void theAuditPageIsForAdminsOnly() {
        assertEquals(List.of(Role.ADMIN_NAME), List.of(AuditLog.class.getAnnotation(RolesAllowed.class).value()));
    }

    @Test
    void aSecretIsRecordedAsReplacedAndNeverByValue() {
        Changes changes = Changes.none().field("name", "a", "b").field("sshPort", 22, 22).secretReplaced("accessKeySecret")
                .secretReplaced("passphrase", false).value("region", "cn-hangzhou");
        assertEquals("name: 'a' → 'b'\naccessKeySecret: secret replaced\nregion: 'cn-hangzhou'", changes.text());
    }

    @Test
    void recordsCarryWhoWhenWhereAndWhatAndAreReadNewestFirstFilteredAndPaged() {
        db.open();
        EntityManager em = db.createEntityManager();
        AuditTrail trail = AuditTrails.on(em, "192.0.2.7");
        AuditTrail outsideConsole = AuditTrails.on(em, null);
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        em.getTransaction().begin();
        for (int i = 0; i < 5; i++) {
            trail.clock = Clock.fixed(t0.plusSeconds(i * 3600L * 24), ZoneOffset.UTC);
            trail.record("alice", AuditAction.USER_CREATED, "user 'u" + i + "'", Changes.none().value("role", "viewer"));
        }
        outsideConsole.clock = Clock.fixed(t0.plusSeconds(3600), ZoneOffset.UTC);
        outsideConsole.record("jms:billing", AuditAction.CUSTOM_SERVER_REGISTERED, "custom server 'byo'", Changes.none());
        outsideConsole.record(Callers.SYSTEM, AuditAction.ORPHAN_DELETED, "vpc vpc-1", Changes.none());
        em.getTransaction().commit();

        AuditLog log = new AuditLog();
        log.em = db.createEntityManager();
        List<AuditRecord> newest = log.page(AuditLog.Filter.none(), 0, 3);
        assertEquals(List.of("user 'u4'", "user 'u3'", "user 'u2'"), newest.stream().map(AuditRecord::getSubject).toList());
        assertEquals(7, log.count(AuditLog.Filter.none()));
        assertEquals(List.of("user 'u1'", "vpc vpc-1", "custom server 'byo'", "user 'u0'"),
                log.page(AuditLog.Filter.none(), 3, 10).stream().map(AuditRecord::getSubject).toList(),
                "the next page; of two records of the same moment the later written comes first");

        AuditRecord byAlice = newest.get(0);
        assertEquals("alice", byAlice.getActor());
        assertEquals(Origin.CONSOLE, byAlice.getOrigin());
        assertEquals("console (192.0.2.7)", byAlice.getWhere());
        assertEquals("role: 'viewer'", byAlice.getChanges());
        AuditRecord byJms = log.page(new AuditLog.Filter("JMS:", null, null, null), 0, 10).get(0);
        assertEquals(Origin.JMS, byJms.getOrigin());
        assertNull(byJms.getClientAddress());
        assertEquals(Origin.TIMER, log.page(new AuditLog.Filter("system", null, null, null), 0, 10).get(0).getOrigin());

        assertEquals(1, log.count(new AuditLog.Filter(null, AuditAction.ORPHAN_DELETED, null, null)));
        assertEquals(5, log.count(new AuditLog.Filter("ali", AuditAction.USER_CREATED, null, null)));
        assertEquals(0, log.count(new AuditLog.Filter("bob", null, null, null)));
        // From the 2nd day at 10:00 (included) to just after the 4th day's record: u1, u2, u3.
        assertEquals(List.of("user 'u3'", "user 'u2'", "user 'u1'"), log.page(new AuditLog.Filter(null, AuditAction.USER_CREATED,
                t0.plusSeconds(3600L * 24), t0.plusSeconds(3600L * 24 * 3 + 1)), 0, 10).stream().map(AuditRecord::getSubject).toList());
        assertEquals(0, log.count(new AuditLog.Filter("%", null, null, null)), "a % typed in the who filter is not a wildcard");
    }
}

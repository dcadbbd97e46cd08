package com.ecsprovisioner.security;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditRecord;
import com.ecsprovisioner.audit.AuditTrails;
import com.ecsprovisioner.audit.Origin;
import com.ecsprovisioner.platform.MigratedDatabase;
import jakarta.ejb.EJBContext;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Instant;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every change to a console user is in the audit trail, written by the boundary in the change's transaction, with who
 * made it, from where, and what changed; a password only as "secret replaced" (H2 with the product's migrations).
 */
class AccountsAuditTest {

    private static final String NEW_PASSWORD = "a-new-password-nobody-may-read";
    private static final String BOB_PASSWORD = "bobs-first-password";

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private EntityManager em;
    private Accounts accounts;

    @BeforeEach
    void open() {
        db.open();
        em = db.createEntityManager();
        accounts = new Accounts();
        accounts.em = em;
        accounts.hasher = new AccountsLoginTest.RecordingHasher();
        accounts.locks = new AccountLocks();
        accounts.requester = new Requester();
        accounts.context = callerNamed("alice");
        accounts.audit = AuditTrails.on(em, "192.0.2.5");
        inTransaction(() -> {
            em.persist(new ConsoleUser("alice", accounts.hasher.generate("alices-password-long".toCharArray()), Role.ADMIN, Instant.now()));
            return null;
        });
    }

    private <T> T inTransaction(Supplier<T> work) {
        em.getTransaction().begin();
        try {
            return work.get();
        } finally {
            em.getTransaction().commit();
            em.clear();
        }
    }

    private static EJBContext callerNamed(String name) {
        Principal caller = () -> name;
        return (EJBContext) Proxy.newProxyInstance(EJBContext.class.getClassLoader(), new Class<?>[]{EJBContext.class},
                (proxy, method, args) -> method.getName().equals("getCallerPrincipal") ? caller : null);
    }

    @Test
    void creatingChangingUnlockingAndDeletingAUserAreRecordedWithWhoWhereAndWhat() {
        inTransaction(() -> accounts.addUser("bob", BOB_PASSWORD.toCharArray(), Role.VIEWER));
        inTransaction(() -> {
            accounts.changeRole("bob", Role.ADMIN);
            return null;
        });
        inTransaction(() -> {
            accounts.unlock("bob");
            return null;
        });
        inTransaction(() -> {
            accounts.resetPassword("bob", NEW_PASSWORD.toCharArray());
            return null;
        });
        inTransaction(() -> {
            accounts.delete("bob");
            return null;
        });

        AuditRecord created = AuditTrails.only(em, AuditAction.USER_CREATED);
        assertEquals("alice", created.getActor());
        assertEquals(Origin.CONSOLE, created.getOrigin());
        assertEquals("192.0.2.5", created.getClientAddress());
        assertEquals("user 'bob'", created.getSubject());
        assertEquals("role: 'viewer'", created.getChanges());
        assertEquals("role: 'viewer' → 'admin'", AuditTrails.only(em, AuditAction.USER_ROLE_CHANGED).getChanges());
        assertEquals("user 'bob'", AuditTrails.only(em, AuditAction.USER_UNLOCKED).getSubject());
        assertEquals("password: secret replaced", AuditTrails.only(em, AuditAction.USER_PASSWORD_REPLACED).getChanges());
        assertEquals("role: 'admin'", AuditTrails.only(em, AuditAction.USER_DELETED).getChanges());
        AuditTrails.holdNoSecret(em, BOB_PASSWORD, NEW_PASSWORD, "hash:" + NEW_PASSWORD);
    }

    @Test
    void aRefusedChangeLeavesNoRecordBecauseItsTransactionRollsBack() {
        em.getTransaction().begin();
        accounts.addUser("carol", BOB_PASSWORD.toCharArray(), Role.VIEWER);
        em.getTransaction().rollback();
        em.clear();
        assertTrue(AuditTrails.all(em).isEmpty(), AuditTrails.describe(AuditTrails.all(em)));
    }

    @Test
    void theOwnPasswordChangeIsRecordedAsASecretReplaced() {
        inTransaction(() -> accounts.changeOwnPassword("alices-password-long".toCharArray(), NEW_PASSWORD.toCharArray()));
        AuditRecord changed = AuditTrails.only(em, AuditAction.USER_PASSWORD_REPLACED);
        assertEquals("alice", changed.getActor());
        assertEquals("user 'alice'", changed.getSubject());
        AuditTrails.holdNoSecret(em, "alices-password-long", NEW_PASSWORD);
    }

    @Test
    void aLockOutAfterFailedLoginsIsRecordedAsTheProductsFromTheLoginsAddress() {
        Instant before = Instant.now();
        for (int i = 0; i < 5; i++) {
            inTransaction(() -> accounts.login("alice", "wrong-password".toCharArray(), "203.0.113.9"));
        }
        for (int i = 0; i < 5; i++) {
            inTransaction(() -> accounts.login("nobody", "wrong-password".toCharArray(), "203.0.113.9"));
        }
        AuditRecord locked = AuditTrails.only(em, AuditAction.USER_LOCKED);
        assertEquals(Callers.SYSTEM, locked.getActor());
        assertEquals(Origin.CONSOLE, locked.getOrigin());
        assertEquals("203.0.113.9", locked.getClientAddress());
        assertEquals("user 'alice'", locked.getSubject(), "an unknown name typed by a client is not recorded");
        assertTrue(locked.getChanges().startsWith("lockedFor: '203.0.113.9'\nuntil: '"), locked.getChanges());
        assertTrue(!locked.getRecordedAt().isBefore(before.minusSeconds(1)));
        AuditTrails.holdNoSecret(em, "wrong-password");
    }

    @Test
    void aChangeAskedThroughJmsIsRecordedAsTheBrokersSender() {
        accounts.context = callerNamed("ECS_SYSTEM");
        accounts.requester.actFor("jms:billing");
        accounts.audit = AuditTrails.on(em, null);
        inTransaction(() -> accounts.addUser("dave", BOB_PASSWORD.toCharArray(), Role.VIEWER));
        AuditRecord created = AuditTrails.only(em, AuditAction.USER_CREATED);
        assertEquals("jms:billing", created.getActor());
        assertEquals(Origin.JMS, created.getOrigin());
        assertNull(created.getClientAddress());
    }

    @Test
    void theFirstAdminMadeAtTheFirstStartIsRecordedAsTheProductsWithoutItsPassword() {
        inTransaction(() -> em.createQuery("DELETE FROM ConsoleUser").executeUpdate());
        accounts.context = callerNamed("ANONYMOUS");
        accounts.audit = AuditTrails.on(em, null);
        String generated = inTransaction(() -> accounts.createFirstAdminIfNone(java.util.Optional.empty())).orElseThrow();
        AuditRecord created = AuditTrails.only(em, AuditAction.USER_CREATED);
        assertEquals(Callers.SYSTEM, created.getActor());
        assertEquals(Origin.TIMER, created.getOrigin());
        assertEquals("role: 'admin'\npassword: 'generated, printed once'", created.getChanges());
        AuditTrails.holdNoSecret(em, generated);
    }
}

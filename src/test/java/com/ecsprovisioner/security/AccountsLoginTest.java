package com.ecsprovisioner.security;

import com.ecsprovisioner.platform.MigratedH2;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login rules on the product's schema: every kind of failure gives the same answer after the same work (one
 * password hash check), and the session generation moves when a user's sessions must end.
 */
class AccountsLoginTest {

    /** Records every hash verified; "hash:" + password is the only hash that matches its password. */
    static final class RecordingHasher implements Pbkdf2PasswordHash {
        final List<String> verified = new ArrayList<>();

        @Override
        public void initialize(Map<String, String> parameters) {
        }

        @Override
        public String generate(char[] password) {
            return "hash:" + new String(password);
        }

        @Override
        public boolean verify(char[] password, String hashedPassword) {
            verified.add(hashedPassword);
            return hashedPassword.equals(generate(password));
        }
    }

    @TempDir
    Path folder;

    private EntityManagerFactory factory;
    private EntityManager em;
    private final RecordingHasher hasher = new RecordingHasher();
    private Accounts accounts;
    private final AccountLocks locks = new AccountLocks();

    @BeforeEach
    void open() {
        factory = MigratedH2.open(folder);
        em = factory.createEntityManager();
        accounts = new Accounts();
        accounts.em = em;
        accounts.hasher = hasher;
        accounts.locks = locks;
        accounts.audit = com.ecsprovisioner.audit.AuditTrails.on(em, null);
        inTransaction(() -> {
            em.persist(new ConsoleUser("alice", hasher.generate("right-password".toCharArray()), Role.ADMIN, Instant.now()));
            return null;
        });
    }

    @AfterEach
    void close() {
        em.close();
        factory.close();
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

    private static final String ADDRESS = "192.0.2.1";

    private Accounts.LoginOutcome login(String name, String password) {
        return login(name, password, ADDRESS);
    }

    private Accounts.LoginOutcome login(String name, String password, String address) {
        return inTransaction(() -> accounts.login(name, password.toCharArray(), address));
    }

    @Test
    void unknownUsersWrongPasswordsAndLockedAccountsRunOneHashCheckAndGetOneAnswer() {
        hasher.verified.clear();
        Accounts.LoginOutcome unknown = login("nobody", "whatever-password");
        assertEquals(1, hasher.verified.size(), "an unknown user runs exactly one hash check");
        assertNotEquals("hash:right-password", hasher.verified.get(0));

        hasher.verified.clear();
        Accounts.LoginOutcome wrong = login("alice", "wrong-password");
        assertEquals(List.of("hash:right-password"), hasher.verified, "a wrong password runs exactly one hash check");

        for (int i = 0; i < 4; i++) {
            login("alice", "wrong-password");
        }
        hasher.verified.clear();
        Accounts.LoginOutcome locked = login("alice", "right-password");
        assertEquals(1, hasher.verified.size(), "a locked account runs exactly one hash check");
        assertNotEquals("hash:right-password", hasher.verified.get(0), "a locked account's password is not tried");

        assertEquals(unknown, wrong);
        assertEquals(unknown, locked);
    }

    @Test
    void failuresFromOneAddressDoNotLockTheOnlyAdminOutOfAnother() {
        for (int i = 0; i < 30; i++) {
            login("alice", "wrong-password", "203.0.113.9");
        }
        assertEquals(Accounts.LoginOutcome.invalid(), login("alice", "right-password", "203.0.113.9"),
                "the guessing address is locked out of the account");
        assertTrue(login("alice", "right-password", "192.0.2.10").valid(), "the admin on another address logs in");
        assertEquals(Accounts.LoginOutcome.invalid(), login("alice", "right-password", "203.0.113.9"),
                "the admin's success does not unlock the guessing address");
    }

    @Test
    void anUnknownNameIsLockedOutLikeARealOneWithOneHashCheck() {
        for (int i = 0; i < 5; i++) {
            login("nobody", "whatever-password");
        }
        assertTrue(locks.isLocked("nobody", ADDRESS), "a lock must not tell that the name does not exist");
        hasher.verified.clear();
        assertEquals(Accounts.LoginOutcome.invalid(), login("nobody", "whatever-password"));
        assertEquals(1, hasher.verified.size(), "a locked-out unknown name runs exactly one hash check");
    }

    @Test
    void anAdminCanUnlockAndTheNextLoginWorks() {
        for (int i = 0; i < 5; i++) {
            login("alice", "wrong-password");
        }
        assertEquals(Accounts.LoginOutcome.invalid(), login("alice", "right-password"));
        locks.unlock("alice");
        assertTrue(login("alice", "right-password").valid());
    }

    @Test
    void theSessionGenerationMovesOnLogoutPasswordAndRoleChangesAndDeletionEndsTheStanding() {
        long first = login("alice", "right-password").sessionEpoch();
        assertEquals(first, accounts.standing("alice").orElseThrow().sessionEpoch());
        ConsoleUser alice = em.createNamedQuery("ConsoleUser.byName", ConsoleUser.class).setParameter("username", "alice").getSingleResult();
        long before = alice.getSessionEpoch();
        alice.changePassword("hash:another-password");
        assertTrue(alice.getSessionEpoch() > before, "a new password ends the sessions");
        before = alice.getSessionEpoch();
        alice.changeRole(Role.VIEWER);
        assertTrue(alice.getSessionEpoch() > before, "a new role ends the sessions");
        before = alice.getSessionEpoch();
        alice.changeRole(Role.VIEWER);
        assertEquals(before, alice.getSessionEpoch(), "the same role again changes nothing");
        alice.endSessions();
        assertTrue(alice.getSessionEpoch() > before, "log out ends the sessions");
        em.clear();
        inTransaction(() -> {
            em.remove(em.merge(alice));
            return null;
        });
        assertTrue(accounts.standing("alice").isEmpty(), "a deleted user has no standing: its sessions end");
        String oldToken = new Accounts.Standing(alice.getId(), Role.ADMIN, 0).token();
        inTransaction(() -> {
            em.persist(new ConsoleUser("alice", hasher.generate("right-password".toCharArray()), Role.ADMIN, Instant.now()));
            return null;
        });
        assertNotEquals(oldToken, accounts.standing("alice").orElseThrow().token(),
                "a user created again under the same name does not revive the old sessions");
    }
}

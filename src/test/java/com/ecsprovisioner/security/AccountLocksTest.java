package com.ecsprovisioner.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lock-out rule (moved here from the account-wide lock that {@code ConsoleUserTest} used to prove). */
class AccountLocksTest {

    private static final String ATTACKER = "203.0.113.9";
    private static final String OFFICE = "192.0.2.10";
    private final Instant now = Instant.parse("2026-11-25T10:00:00Z");

    private AccountLocks locks(Instant at) {
        AccountLocks locks = new AccountLocks();
        locks.clock = Clock.fixed(at, ZoneOffset.UTC);
        return locks;
    }

    private void fail(AccountLocks locks, int times) {
        for (int i = 0; i < times; i++) {
            locks.recordFailure("alice", ATTACKER);
        }
    }

    @Test
    void fourFailuresDoNotLockTheFifthDoesForAMinute() {
        AccountLocks locks = locks(now);
        fail(locks, 4);
        assertFalse(locks.isLocked("alice", ATTACKER));
        fail(locks, 1);
        assertTrue(locks.isLocked("alice", ATTACKER));
        locks.clock = Clock.fixed(now.plusSeconds(59), ZoneOffset.UTC);
        assertTrue(locks.isLocked("alice", ATTACKER));
        locks.clock = Clock.fixed(now.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
        assertFalse(locks.isLocked("alice", ATTACKER));
    }

    @Test
    void furtherFailuresDoubleTheLockUpToHalfAnHour() {
        AccountLocks locks = locks(now);
        fail(locks, 6);
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(2))), locks.lockedUntil("alice"));
        fail(locks, 20);
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(30))), locks.lockedUntil("alice"));
    }

    @Test
    void failuresFromOneAddressDoNotLockTheAccountForAnother() {
        AccountLocks locks = locks(now);
        fail(locks, 30);
        assertTrue(locks.isLocked("alice", ATTACKER));
        assertFalse(locks.isLocked("alice", OFFICE), "the real user on another address can still log in");
        assertFalse(locks.isLocked("bob", ATTACKER), "the lock is for the name that was guessed");
    }

    @Test
    void aSuccessClearsTheCountOfItsAddressAndAnUnlockClearsEveryAddress() {
        AccountLocks locks = locks(now);
        fail(locks, 4);
        locks.recordSuccess("alice", ATTACKER);
        fail(locks, 4);
        assertFalse(locks.isLocked("alice", ATTACKER), "a success starts the count again");
        fail(locks, 1);
        for (int i = 0; i < 5; i++) {
            locks.recordFailure("alice", OFFICE);
        }
        assertTrue(locks.isLocked("alice", ATTACKER));
        assertTrue(locks.isLocked("alice", OFFICE));
        locks.unlock("alice");
        assertFalse(locks.isLocked("alice", ATTACKER));
        assertFalse(locks.isLocked("alice", OFFICE));
        assertEquals(Optional.empty(), locks.lockedUntil("alice"));
        fail(locks, 4);
        assertFalse(locks.isLocked("alice", ATTACKER), "an unlock forgets the failures too");
    }
}

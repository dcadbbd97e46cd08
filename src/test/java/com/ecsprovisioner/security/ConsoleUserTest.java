package com.ecsprovisioner.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleUserTest {

    private final Instant now = Instant.parse("2026-11-25T10:00:00Z");

    private ConsoleUser user() {
        return new ConsoleUser("alice", "hash", Role.VIEWER, now);
    }

    @Test
    void fourFailuresDoNotLockTheFifthDoesForAMinute() {
        ConsoleUser user = user();
        for (int i = 0; i < 4; i++) {
            user.recordFailedLogin(now);
        }
        assertFalse(user.isLocked(now));
        user.recordFailedLogin(now);
        assertTrue(user.isLocked(now));
        assertTrue(user.isLocked(now.plusSeconds(59)));
        assertFalse(user.isLocked(now.plus(Duration.ofMinutes(1))));
    }

    @Test
    void furtherFailuresDoubleTheLockUpToHalfAnHour() {
        ConsoleUser user = user();
        for (int i = 0; i < 6; i++) {
            user.recordFailedLogin(now);
        }
        assertEquals(now.plus(Duration.ofMinutes(2)), user.getLockedUntil());
        for (int i = 0; i < 20; i++) {
            user.recordFailedLogin(now);
        }
        assertEquals(now.plus(Duration.ofMinutes(30)), user.getLockedUntil());
    }

    @Test
    void aSuccessfulLoginOrANewPasswordClearsTheCount() {
        ConsoleUser user = user();
        for (int i = 0; i < 5; i++) {
            user.recordFailedLogin(now);
        }
        user.changePassword("new-hash");
        assertFalse(user.isLocked(now));
        assertNull(user.getLockedUntil());
        user.recordFailedLogin(now);
        user.recordSuccessfulLogin(now);
        assertEquals(0, user.getFailedLogins());
        assertEquals(now, user.getLastLoginAt());
    }

    @Test
    void userNamesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ConsoleUser("A", "h", Role.ADMIN, now));
        assertThrows(IllegalArgumentException.class, () -> new ConsoleUser("bob smith", "h", Role.ADMIN, now));
        assertThrows(IllegalArgumentException.class, () -> new ConsoleUser(null, "h", Role.ADMIN, now));
        assertEquals("ops.team-1", new ConsoleUser("ops.team-1", "h", Role.ADMIN, now).getUsername());
    }

    @Test
    void rolesHaveTheirNames() {
        assertEquals(Role.ADMIN, Role.fromName("admin"));
        assertEquals("viewer", Role.VIEWER.roleName());
        assertThrows(IllegalArgumentException.class, () -> Role.fromName("root"));
    }
}

package com.ecsprovisioner.security;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleUserTest {

    private final Instant now = Instant.parse("2026-11-25T10:00:00Z");

    private ConsoleUser user() {
        return new ConsoleUser("alice", "hash", Role.VIEWER, now);
    }

    @Test
    void aSuccessfulLoginIsRecordedAndANewPasswordEndsTheSessions() {
        ConsoleUser user = user();
        long before = user.getSessionEpoch();
        user.changePassword("new-hash");
        assertTrue(user.getSessionEpoch() > before);
        user.recordSuccessfulLogin(now);
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

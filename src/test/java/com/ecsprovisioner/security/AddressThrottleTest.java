package com.ecsprovisioner.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressThrottleTest {

    @Test
    void anAddressThatKeepsFailingWaitsAndOthersDoNot() {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        AddressThrottle throttle = new AddressThrottle();
        throttle.clock = Clock.fixed(now, ZoneOffset.UTC);
        for (int i = 1; i < AddressThrottle.ALLOWED_FAILURES; i++) {
            throttle.recordFailure("198.51.100.1");
        }
        assertFalse(throttle.isBlocked("198.51.100.1"));
        throttle.recordFailure("198.51.100.1");
        assertTrue(throttle.isBlocked("198.51.100.1"));
        assertFalse(throttle.isBlocked("198.51.100.2"), "another client is not slowed down");
        throttle.clock = Clock.fixed(now.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
        assertFalse(throttle.isBlocked("198.51.100.1"), "the wait runs out by itself");
        throttle.recordFailure("198.51.100.1");
        assertTrue(throttle.isBlocked("198.51.100.1"));
        throttle.recordSuccess("198.51.100.1");
        assertFalse(throttle.isBlocked("198.51.100.1"));
    }
}

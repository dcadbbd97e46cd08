package com.ecsprovisioner.web;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientAddressTest {

    private static final Set<String> PROXY = Set.of("10.0.0.2");

    @Test
    void aClientCannotClaimAnotherAddressWithoutATrustedProxy() {
        assertEquals("203.0.113.9", ClientAddress.of("203.0.113.9", List.of("198.51.100.1"), Set.of()));
        assertEquals("203.0.113.9", ClientAddress.of("203.0.113.9", List.of("198.51.100.1"), PROXY));
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedHopCounts() {
        assertEquals("198.51.100.1", ClientAddress.of("10.0.0.2", List.of("198.51.100.1"), PROXY));
        // The left-most value was written by the client itself and proves nothing.
        assertEquals("198.51.100.1", ClientAddress.of("10.0.0.2", List.of("1.2.3.4, 198.51.100.1"), PROXY));
        assertEquals("198.51.100.1", ClientAddress.of("10.0.0.2", List.of("1.2.3.4", "198.51.100.1, 10.0.0.2"), PROXY));
        assertEquals("10.0.0.2", ClientAddress.of("10.0.0.2", List.of(), PROXY));
    }

    @Test
    void httpsComesFromTheConnectionOrFromATrustedProxyOnly() {
        assertTrue(ClientAddress.isHttps(true, "203.0.113.9", null, Set.of()));
        assertFalse(ClientAddress.isHttps(false, "203.0.113.9", "https", PROXY));
        assertTrue(ClientAddress.isHttps(false, "10.0.0.2", "https", PROXY));
        assertFalse(ClientAddress.isHttps(false, "10.0.0.2", "http", PROXY));
    }
}

package com.ecsprovisioner.customservers;

import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressClashTest {

    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    private static Server managed(String name, String address) {
        Server s = new Server(name, 7, "cn-hangzhou", "ecs.c7.large", "ubuntu", T);
        s.startProvisioning(T);
        s.recordInstance("i-" + name, T);
        s.markSshReachable(address, null, T);
        s.markActive(T);
        return s;
    }

    @Test
    void theAddressOfAManagedServerIsRefusedNamingThatServer() {
        List<Server> servers = List.of(managed("shop-1", "47.96.1.10"), managed("shop-2", "2001:db8::1"));
        Rejected e = assertThrows(Rejected.class, () -> AddressClash.refuseManaged(" 47.96.1.10 ", servers));
        assertTrue(e.getMessage().contains("47.96.1.10 is server shop-1's"), e.getMessage());
        assertThrows(Rejected.class, () -> AddressClash.refuseManaged("[2001:DB8::1]", servers));
    }

    @Test
    void anotherAddressACustomServersOrADeletedServersIsAccepted() {
        Server deleted = managed("old", "47.96.1.11");
        deleted.delete("deleted by a test", T);
        deleted.markDeleted(T);
        List<Server> servers = List.of(managed("shop-1", "47.96.1.10"), Server.custom("mine", "47.96.1.12", 0, "cn-hangzhou", T), deleted);
        assertDoesNotThrow(() -> AddressClash.refuseManaged("47.96.1.13", servers));
        assertDoesNotThrow(() -> AddressClash.refuseManaged("47.96.1.12", servers));
        assertDoesNotThrow(() -> AddressClash.refuseManaged("47.96.1.11", servers));
    }
}

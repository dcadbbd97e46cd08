package com.ecsprovisioner.firewall;

import com.ecsprovisioner.platform.Rejected;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules as values (ranges in canonical form, what they cover, bad input in words) and what {@code ufw status} says. */
class FirewallRuleAndUfwTest {

    @Test
    void aRangeIsKeptCanonicalAndKnowsWhatItCovers() {
        assertEquals(FirewallRule.of(22, "203.0.113.0/24"), FirewallRule.of(22, " 203.0.113.77/24 "));
        assertEquals("198.51.100.7/32", FirewallRule.of(22, "198.51.100.7").cidr());
        assertTrue(FirewallRule.of(22, "203.0.113.0/24").covers("203.0.113.200"));
        assertFalse(FirewallRule.of(22, "203.0.113.0/24").covers("203.0.114.1"));
        assertTrue(FirewallRule.of(22, "0.0.0.0/0").covers("8.8.8.8"));
        assertTrue(FirewallRule.of(22, "0.0.0.0/0").isEveryone());
        assertEquals("SSH", FirewallRule.of(2222, "0.0.0.0/0").name(2222));
        assertEquals("HTTPS", FirewallRule.of(443, "0.0.0.0/0").name(22));
        assertEquals("TCP 8080", FirewallRule.of(8080, "0.0.0.0/0").name(22));
    }

    @Test
    void badInputIsRefusedInWords() {
        assertTrue(assertThrows(Rejected.class, () -> FirewallRule.of(0, "0.0.0.0/0")).getMessage().contains("1 to 65535"));
        assertTrue(assertThrows(Rejected.class, () -> FirewallRule.of(22, "300.1.1.1/8")).getMessage().contains("not an IPv4"));
        assertTrue(assertThrows(Rejected.class, () -> FirewallRule.of(22, "10.0.0.0/33")).getMessage().contains("0 to 32"));
        assertTrue(assertThrows(Rejected.class, () -> FirewallRule.of(22, "2001:db8::/32")).getMessage().contains("IPv6"));
        assertTrue(assertThrows(Rejected.class, () -> FirewallRule.of(22, " ")).getMessage().contains("address range"));
    }

    @Test
    void ufwStatusGivesItsAllowRulesOfTheProductsShapeOnce() {
        String out = """
                Status: active

                To                         Action      From
                --                         ------      ----
                22/tcp                     ALLOW       Anywhere
                80/tcp                     ALLOW       Anywhere
                8080/tcp                   ALLOW       203.0.113.0/24
                3306                       ALLOW       10.0.0.5
                6000:6007/tcp              ALLOW       Anywhere
                25/tcp                     DENY        Anywhere
                53/udp                     ALLOW       Anywhere
                22/tcp (v6)                ALLOW       Anywhere (v6)
                80/tcp (v6)                ALLOW       Anywhere (v6)
                """;
        UfwStatus status = UfwStatus.parse(out);
        assertTrue(status.active());
        assertEquals(List.of(FirewallRule.of(22, "0.0.0.0/0"), FirewallRule.of(80, "0.0.0.0/0"),
                FirewallRule.of(8080, "203.0.113.0/24"), FirewallRule.of(3306, "10.0.0.5/32")), status.rules());
        assertFalse(UfwStatus.parse("Status: inactive\n").active());
        assertEquals("8080/tcp", HostFirewall.spec(FirewallRule.of(8080, "0.0.0.0/0")));
        assertEquals("from 203.0.113.0/24 to any port 8080 proto tcp", HostFirewall.spec(FirewallRule.of(8080, "203.0.113.0/24")));
    }
}

package com.ecsprovisioner.firewall;

import com.ecsprovisioner.platform.Rejected;

import java.util.Comparator;

/**
 * One inbound rule as the product keeps it in step in both places: TCP to one port from an IPv4 address range
 * ({@code 0.0.0.0/0} for everyone). TCP only and one port at a time, because those are the rules the product opens
 * (SSH, HTTP, HTTPS) and the only ones both a security group and {@code ufw} spell the same way. The range is kept
 * in its canonical form (host bits cleared), so that "203.0.113.7/24" and "203.0.113.0/24" are one rule.
 */
public record FirewallRule(int port, String cidr) implements Comparable<FirewallRule> {

    public static final String EVERYONE = "0.0.0.0/0";

    private static final Comparator<FirewallRule> ORDER = Comparator.comparingInt(FirewallRule::port)
            .thenComparingLong(r -> r.prefix() == 0 ? -1 : r.network()).thenComparingInt(FirewallRule::prefix);

    public FirewallRule {
        if (port < 1 || port > 65535) {
            throw new Rejected("A port is a number from 1 to 65535 (" + port + " is not)");
        }
        cidr = canonical(cidr);
    }

    /** A rule from what a person typed: a port, and an address or range (an address alone is that one address). */
    public static FirewallRule of(int port, String cidr) {
        return new FirewallRule(port, cidr);
    }

    public boolean isEveryone() {
        return prefix() == 0;
    }

    /** Whether {@code address} (an IPv4 address) is in this rule's range. */
    public boolean covers(String address) {
        long a = parseAddress(address.strip(), address);
        long mask = mask(prefix());
        return (a & mask) == network();
    }

    /** What people call the port: SSH (the server's SSH port), HTTP, HTTPS, or the number. */
    public String name(int sshPort) {
        if (port == sshPort) {
            return "SSH";
        }
        return port == 80 ? "HTTP" : port == 443 ? "HTTPS" : "TCP " + port;
    }

    @Override
    public int compareTo(FirewallRule o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return "TCP " + port + " from " + cidr;
    }

    int prefix() {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }

    long network() {
        return parseAddress(cidr.substring(0, cidr.indexOf('/')), cidr);
    }

    /** "a.b.c.d/n" with the host bits cleared; a bare address is "/32". */
    static String canonical(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new Rejected("Give the address range the rule is for, e.g. 203.0.113.0/24, or 0.0.0.0/0 for everyone");
        }
        String text = cidr.strip();
        int slash = text.indexOf('/');
        int prefix = 32;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > 32) {
                throw new Rejected("\"" + clip(text) + "\" is not an IPv4 address range: the part after / is 0 to 32");
            }
        }
        long network = parseAddress(slash >= 0 ? text.substring(0, slash) : text, text) & mask(prefix);
        return ((network >> 24) & 255) + "." + ((network >> 16) & 255) + "." + ((network >> 8) & 255) + "." + (network & 255)
                + "/" + prefix;
    }

    private static long parseAddress(String address, String whole) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw notAnAddress(whole);
        }
        long a = 0;
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                throw notAnAddress(whole);
            }
            a = (a << 8) | Integer.parseInt(p);
        }
        return a;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static Rejected notAnAddress(String text) {
        return new Rejected("\"" + clip(text) + "\" is not an IPv4 address or range such as 203.0.113.0/24 (IPv6 is not supported yet)");
    }

    private static String clip(String text) {
        return text.length() > 60 ? text.substring(0, 59) + "…" : text;
    }
}

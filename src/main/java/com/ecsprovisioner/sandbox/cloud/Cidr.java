package com.ecsprovisioner.sandbox.cloud;

/** An IPv4 block such as 172.16.0.0/12; parsing rejects host bits set, as the VPC API does. */
record Cidr(long base, int prefix) {

    static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no CIDR block");
        }
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a CIDR block: " + text);
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not a CIDR block: " + text);
        }
        long addr = 0;
        try {
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException("not a CIDR block: " + text);
                }
                addr = (addr << 8) | v;
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("not a CIDR block: " + text);
            }
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            if ((addr & ~mask & 0xffffffffL) != 0) {
                throw new IllegalArgumentException("host bits set in CIDR block: " + text);
            }
            return new Cidr(addr, prefix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR block: " + text);
        }
    }

    long size() {
        return 1L << (32 - prefix);
    }

    long end() {
        return base + size() - 1;
    }

    boolean contains(Cidr other) {
        return other.base >= base && other.end() <= end();
    }

    boolean overlaps(Cidr other) {
        return base <= other.end() && other.base <= end();
    }

    String host(long n) {
        long a = base + n;
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    @Override
    public String toString() {
        return host(0) + "/" + prefix;
    }
}

package com.ecsprovisioner.sandbox.cloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A vSwitch: Pending, then Available; Pending again while being released. Private IPs come from its block. */
final class VSwitch {
    final String id;
    final String vpcId;
    final String zoneId;
    final Cidr cidr;
    final String name;
    final String description;
    final Instant createdAt;
    final Map<String, String> tags;
    Instant deletedAt;
    int nextHost; // last host number handed out; the first address and the last three are reserved

    VSwitch(String id, String vpcId, String zoneId, Cidr cidr, String name, String description, Instant createdAt,
            Map<String, String> tags) {
        this.id = id;
        this.vpcId = vpcId;
        this.zoneId = zoneId;
        this.cidr = cidr;
        this.name = name;
        this.description = description;
        this.createdAt = createdAt;
        this.tags = new LinkedHashMap<>(tags);
        this.nextHost = 0;
    }

    String status(Instant now, Durations d) {
        if (deletedAt != null || Resources.before(now, createdAt, d.vSwitchPending())) {
            return "Pending";
        }
        return "Available";
    }

    boolean gone(Instant now, Durations d) {
        return deletedAt != null && !Resources.before(now, deletedAt, d.release());
    }

    /** Usable addresses: the block minus the first one and the last three. */
    long capacity() {
        return Math.max(0, cidr.size() - 4);
    }

    /** Next private address, cycling through the usable range and skipping the ones taken. */
    String allocateIp(Set<String> taken) {
        long usable = capacity();
        for (long tries = 0; tries < usable; tries++) {
            nextHost = (int) (nextHost % usable) + 1;
            String ip = cidr.host(nextHost);
            if (!taken.contains(ip)) {
                return ip;
            }
        }
        return null;
    }

    boolean overlapsCidr(Cidr other) {
        return cidr.overlaps(other);
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("vpcId", vpcId);
        m.put("zoneId", zoneId);
        m.put("cidr", cidr.toString());
        m.put("name", name);
        m.put("description", description);
        m.put("createdAt", Resources.ts(createdAt));
        m.put("deletedAt", Resources.ts(deletedAt));
        m.put("nextHost", nextHost);
        m.put("tags", tags);
        return m;
    }

    static VSwitch fromState(Map<String, Object> m) {
        VSwitch v = new VSwitch(Resources.str(m, "id"), Resources.str(m, "vpcId"), Resources.str(m, "zoneId"),
                Cidr.parse(Resources.str(m, "cidr")), Resources.str(m, "name"), Resources.str(m, "description"),
                Resources.instant(m, "createdAt"), Resources.stringMap(m, "tags"));
        v.deletedAt = Resources.instant(m, "deletedAt");
        v.nextHost = Resources.integer(m, "nextHost");
        return v;
    }
}

package com.ecsprovisioner.sandbox.cloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A VPC: Pending, then Available; once deleted it lingers (Pending) for the release time, then disappears. */
final class Vpc {
    final String id;
    final String regionId;
    final String cidr;
    final String name;
    final String description;
    final String vRouterId;
    final String routeTableId;
    final Instant createdAt;
    final Map<String, String> tags;
    Instant deletedAt;

    Vpc(String id, String regionId, String cidr, String name, String description, String vRouterId,
        String routeTableId, Instant createdAt, Map<String, String> tags) {
        this.id = id;
        this.regionId = regionId;
        this.cidr = cidr;
        this.name = name;
        this.description = description;
        this.vRouterId = vRouterId;
        this.routeTableId = routeTableId;
        this.createdAt = createdAt;
        this.tags = new LinkedHashMap<>(tags);
    }

    String status(Instant now, Durations d) {
        if (deletedAt != null || Resources.before(now, createdAt, d.vpcPending())) {
            return "Pending";
        }
        return "Available";
    }

    boolean gone(Instant now, Durations d) {
        return deletedAt != null && !Resources.before(now, deletedAt, d.release());
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("regionId", regionId);
        m.put("cidr", cidr);
        m.put("name", name);
        m.put("description", description);
        m.put("vRouterId", vRouterId);
        m.put("routeTableId", routeTableId);
        m.put("createdAt", Resources.ts(createdAt));
        m.put("deletedAt", Resources.ts(deletedAt));
        m.put("tags", tags);
        return m;
    }

    static Vpc fromState(Map<String, Object> m) {
        Vpc v = new Vpc(Resources.str(m, "id"), Resources.str(m, "regionId"), Resources.str(m, "cidr"),
                Resources.str(m, "name"), Resources.str(m, "description"), Resources.str(m, "vRouterId"),
                Resources.str(m, "routeTableId"), Resources.instant(m, "createdAt"), Resources.stringMap(m, "tags"));
        v.deletedAt = Resources.instant(m, "deletedAt");
        return v;
    }
}

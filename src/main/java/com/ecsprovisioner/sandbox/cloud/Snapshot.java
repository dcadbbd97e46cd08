package com.ecsprovisioner.sandbox.cloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A snapshot of an instance's system disk: progressing, then accomplished. */
final class Snapshot {
    final String id;
    final String name;
    final String description;
    final String diskId;
    final String instanceId;
    final int diskSize;
    final int retentionDays;
    final Instant createdAt;
    final Map<String, String> tags;
    /** The image the snapshotted disk was made from (null in a state written before it was kept). */
    String sourceImageId;

    Snapshot(String id, String name, String description, String diskId, String instanceId, int diskSize,
             int retentionDays, Instant createdAt, Map<String, String> tags) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.diskId = diskId;
        this.instanceId = instanceId;
        this.diskSize = diskSize;
        this.retentionDays = retentionDays;
        this.createdAt = createdAt;
        this.tags = new LinkedHashMap<>(tags);
    }

    String status(Instant now, Durations d) {
        return Resources.before(now, createdAt, d.snapshot()) ? "progressing" : "accomplished";
    }

    String progress(Instant now, Durations d) {
        long total = d.snapshot().toMillis();
        if (total == 0) {
            return "100%";
        }
        long done = Math.min(total, Math.max(0, now.toEpochMilli() - createdAt.toEpochMilli()));
        return (done * 100 / total) + "%";
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("description", description);
        m.put("diskId", diskId);
        m.put("instanceId", instanceId);
        m.put("diskSize", diskSize);
        m.put("retentionDays", retentionDays);
        m.put("createdAt", Resources.ts(createdAt));
        m.put("tags", tags);
        if (sourceImageId != null) {
            m.put("sourceImageId", sourceImageId);
        }
        return m;
    }

    static Snapshot fromState(Map<String, Object> m) {
        Snapshot s = new Snapshot(Resources.str(m, "id"), Resources.str(m, "name"), Resources.str(m, "description"),
                Resources.str(m, "diskId"), Resources.str(m, "instanceId"), Resources.integer(m, "diskSize"),
                Resources.integer(m, "retentionDays"), Resources.instant(m, "createdAt"), Resources.stringMap(m, "tags"));
        s.sourceImageId = m.get("sourceImageId") == null ? null : Resources.str(m, "sourceImageId");
        return s;
    }
}

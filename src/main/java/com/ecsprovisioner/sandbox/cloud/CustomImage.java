package com.ecsprovisioner.sandbox.cloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image made by CreateImage from a system disk's snapshot: Creating while the snapshot is copied (as long as a
 * snapshot takes), then Available. It boots the operating system of the image the snapshotted disk came from.
 */
final class CustomImage {
    final String id;
    final String name;
    final String description;
    final String snapshotId;
    final String sourceImageId;
    final Instant createdAt;

    CustomImage(String id, String name, String description, String snapshotId, String sourceImageId, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.snapshotId = snapshotId;
        this.sourceImageId = sourceImageId;
        this.createdAt = createdAt;
    }

    String status(Instant now, Durations d) {
        return Resources.before(now, createdAt, d.snapshot()) ? "Creating" : "Available";
    }

    String progress(Instant now, Durations d) {
        long total = d.snapshot().toMillis();
        long done = Math.min(total, Math.max(0, now.toEpochMilli() - createdAt.toEpochMilli()));
        return total == 0 ? "100%" : (done * 100 / total) + "%";
    }

    /** The image's facts as the catalogue shapes them, with the operating system of its source. */
    Catalog.Image asCatalogImage() {
        Catalog.Image source = Catalog.image(sourceImageId);
        return new Catalog.Image(id, name, source == null ? "" : source.family(), source == null ? "" : source.version(),
                source == null ? "" : source.osName(), source == null ? "Linux" : source.osNameEn(),
                source == null ? "" : source.platform(), source == null ? 20 : source.sizeGiB(),
                Resources.SECONDS.format(createdAt));
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("description", description);
        m.put("snapshotId", snapshotId);
        m.put("sourceImageId", sourceImageId);
        m.put("createdAt", Resources.ts(createdAt));
        return m;
    }

    static CustomImage fromState(Map<String, Object> m) {
        return new CustomImage(Resources.str(m, "id"), Resources.str(m, "name"), Resources.str(m, "description"),
                Resources.str(m, "snapshotId"), Resources.str(m, "sourceImageId"), Resources.instant(m, "createdAt"));
    }
}

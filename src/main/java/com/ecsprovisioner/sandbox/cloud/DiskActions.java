package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.map;
import static com.ecsprovisioner.sandbox.cloud.Answers.dryRun;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ECS disks and snapshots: DescribeDisks, CreateSnapshot, DescribeSnapshots. Only system disks exist. Runs under the region lock {@link EcsActions} takes. */
final class DiskActions {

    private final SimulatedCloud cloud;

    DiskActions(SimulatedCloud cloud) {
        this.cloud = cloud;
    }


    /** Only system disks exist: one per instance, created and released with it. */
    Map<String, Object> describeDisks(Call c, RegionState r) {
        String instanceId = c.get("InstanceId");
        List<String> ids = c.jsonArray("DiskIds");
        String diskType = c.get("DiskType", "all");
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 100);
        dryRun(c);
        List<Instance> matching = r.instances.values().stream()
                .filter(i -> !i.deleted())
                .filter(i -> cloud.durations.visible(i.createdAt, c.now()))
                .filter(i -> instanceId == null || instanceId.equals(i.id))
                .filter(i -> ids == null || ids.contains(i.systemDiskId))
                .filter(i -> diskType.equals("all") || diskType.equals("system"))
                .toList();
        List<Object> out = new ArrayList<>();
        for (Instance i : Paging.page(matching, pageNumber, pageSize)) {
            out.add(map("DiskId", i.systemDiskId, "DiskName", "", "InstanceId", i.id, "Type", "system",
                    "Category", i.systemDiskCategory, "Size", i.systemDiskSize, "Status", "In_use",
                    "ZoneId", i.zoneId, "RegionId", i.regionId, "ImageId", i.imageId, "Device", "/dev/xvda",
                    "DeleteWithInstance", true, "Portable", false, "Encrypted", false,
                    "CreationTime", Resources.SECONDS.format(i.createdAt), "Tags", Resources.ecsTags(Map.of())));
        }
        return map("TotalCount", matching.size(), "PageNumber", pageNumber, "PageSize", pageSize,
                "Disks", Resources.wrap("Disk", out));
    }

    Map<String, Object> createSnapshot(Call c, RegionState r, Catalog.Region region, SimulatedCloud.Events events) {
        String diskId = c.required("DiskId");
        int retention = c.integer("RetentionDays", 0, 0, 65536);
        return cloud.idempotent(r, c, () -> {
            Instance i = r.instances.values().stream().filter(x -> !x.deleted() && diskId.equals(x.systemDiskId))
                    .findFirst().orElseThrow(() -> ApiError.notFound("InvalidDiskId.NotFound", "The specified disk does not exist."));
            i.requireStatus(c.now(), cloud.durations, "Running", "Stopped");
            if (r.snapshots.values().stream().filter(s -> s.diskId.equals(diskId)).count() >= 256) {
                throw new ApiError(403, "QuotaExceed.Snapshot", "The number of manual snapshots of the disk exceeds 256.");
            }
            Snapshot s = new Snapshot(SimulatedCloud.newId("s", region.idPrefix()), c.get("SnapshotName", ""),
                    c.get("Description", ""), diskId, i.id, i.systemDiskSize, retention, c.now(), c.tags());
            s.sourceImageId = i.imageId;
            r.snapshots.put(s.id, s);
            events.snapshotTaken(i.id, s.id);
            return map("SnapshotId", s.id);
        });
    }

    /** A snapshot still progressing is not deleted (its disk is being copied); an accomplished one is. */
    Map<String, Object> deleteSnapshot(Call c, RegionState r, SimulatedCloud.Events events) {
        Snapshot s = r.snapshots.get(c.required("SnapshotId"));
        if (s == null) {
            throw ApiError.notFound("InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist.");
        }
        if (!"accomplished".equals(s.status(c.now(), cloud.durations))) {
            throw new ApiError(403, "IncorrectSnapshotStatus", "The current status of the snapshot does not support this operation.");
        }
        if (r.images.values().stream().anyMatch(img -> s.id.equals(img.snapshotId))) {
            throw new ApiError(403, "SnapshotCreatedImage", "The snapshot has been used to create custom image(s).");
        }
        dryRun(c);
        r.snapshots.remove(s.id);
        events.snapshotDeleted(s.id);
        return map();
    }

    /**
     * ResetDisk: the system disk goes back to one of its own accomplished snapshots; its instance must be Stopped
     * (a stop still under way is a conflict). The SSH side is told, and puts back the files it copied when the
     * snapshot was taken.
     */
    Map<String, Object> resetDisk(Call c, RegionState r, SimulatedCloud.Events events) {
        String diskId = c.required("DiskId");
        String snapshotId = c.required("SnapshotId");
        Instance i = r.instances.values().stream().filter(x -> !x.deleted() && diskId.equals(x.systemDiskId))
                .findFirst().orElseThrow(() -> ApiError.notFound("InvalidDiskId.NotFound", "The specified disk does not exist."));
        Snapshot s = r.snapshots.get(snapshotId);
        if (s == null) {
            throw ApiError.notFound("InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist.");
        }
        if (!s.diskId.equals(diskId)) {
            throw new ApiError(403, "InvalidSnapshotId.NotDiskSnapshot", "The specified snapshot is not created from the specified disk.");
        }
        if (!"accomplished".equals(s.status(c.now(), cloud.durations))) {
            throw new ApiError(403, "InvalidSnapshotId.NotReady", "The specified snapshot has not completed yet.");
        }
        i.requireStatus(c.now(), cloud.durations, "Stopped");
        dryRun(c);
        events.diskReplaced(i.id, s.id);
        return map();
    }

    /** CreateImage from an accomplished snapshot of a system disk: the image boots that disk's operating system. */
    Map<String, Object> createImage(Call c, RegionState r, Catalog.Region region) {
        String snapshotId = c.get("SnapshotId");
        if (snapshotId == null) {
            throw ApiError.missing("SnapshotId");
        }
        String name = c.get("ImageName");
        if (name != null && (name.length() < 2 || name.length() > 128 || !Character.isLetter(name.codePointAt(0)))) {
            throw new ApiError(400, "InvalidImageName.Malformed", "The specified ImageName is malformed.");
        }
        return cloud.idempotent(r, c, () -> {
            Snapshot s = r.snapshots.get(snapshotId);
            if (s == null) {
                throw ApiError.notFound("InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist.");
            }
            if (!"accomplished".equals(s.status(c.now(), cloud.durations))) {
                throw new ApiError(403, "InvalidSnapshotId.NotReady", "The specified snapshot has not completed yet.");
            }
            if (name != null && r.images.values().stream().anyMatch(img -> name.equals(img.name))) {
                throw new ApiError(403, "InvalidImageName.Duplicated", "The specified ImageName is already in use.");
            }
            dryRun(c);
            String id = SimulatedCloud.newId("m", region.idPrefix());
            r.images.put(id, new CustomImage(id, name == null ? id : name, c.get("Description", ""), s.id,
                    s.sourceImageId, c.now()));
            return map("ImageId", id);
        });
    }

    /**
     * DeleteImage as published: an image the account does not have is ignored (no error); one that a (not deleted)
     * instance was made from is refused with ImageUsingByInstance unless Force is true.
     */
    Map<String, Object> deleteImage(Call c, RegionState r) {
        String imageId = c.required("ImageId");
        CustomImage image = r.images.get(imageId);
        if (image != null && !c.bool("Force")
                && r.instances.values().stream().anyMatch(i -> !i.deleted() && imageId.equals(i.imageId))) {
            throw new ApiError(403, "ImageUsingByInstance", "The specified image has been used to create instances. You can use"
                    + " the DescribeInstances API to query these instances, or you can use the force parameter to proceed.");
        }
        dryRun(c);
        r.images.remove(imageId);
        return map();
    }

    Map<String, Object> describeSnapshots(Call c, RegionState r) {
        String instanceId = c.get("InstanceId");
        String diskId = c.get("DiskId");
        List<String> ids = c.jsonArray("SnapshotIds");
        String status = c.get("Status", "all");
        Map<String, String> tags = c.tags();
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 100);
        dryRun(c);
        List<Snapshot> matching = r.snapshots.values().stream()
                .filter(s -> cloud.durations.visible(s.createdAt, c.now()))
                .filter(s -> instanceId == null || instanceId.equals(s.instanceId))
                .filter(s -> diskId == null || diskId.equals(s.diskId))
                .filter(s -> ids == null || ids.contains(s.id))
                .filter(s -> status.equals("all") || status.equals(s.status(c.now(), cloud.durations)))
                .filter(s -> s.tags.entrySet().containsAll(tags.entrySet()))
                .toList();
        List<Object> out = new ArrayList<>();
        for (Snapshot s : Paging.page(matching, pageNumber, pageSize)) {
            String st = s.status(c.now(), cloud.durations);
            out.add(map("SnapshotId", s.id, "SnapshotName", s.name, "Description", s.description, "Status", st,
                    "Progress", s.progress(c.now(), cloud.durations), "SourceDiskId", s.diskId,
                    "SourceDiskSize", String.valueOf(s.diskSize), "SourceDiskType", "System",
                    "CreationTime", Resources.SECONDS.format(s.createdAt), "RetentionDays", s.retentionDays,
                    "Available", st.equals("accomplished"), "Category", "standard", "Encrypted", false,
                    "Usage", "none", "SnapshotType", "user", "Tags", Resources.ecsTags(s.tags)));
        }
        return map("TotalCount", matching.size(), "PageNumber", pageNumber, "PageSize", pageSize,
                "Snapshots", Resources.wrap("Snapshot", out));
    }
}

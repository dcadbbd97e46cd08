package com.ecsprovisioner.cloud.alibaba;

import static com.ecsprovisioner.cloud.alibaba.RegionCalls.MAX_IDS_PER_CALL;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.allPages;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.batches;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.jsonArray;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.required;

import com.aliyuncs.ecs.model.v20140526.CreateSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsResponse;
import com.aliyuncs.ecs.model.v20140526.DeleteSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.ResetDiskRequest;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshots of an instance's system disk: create (after finding the disk with DescribeDisks), describe, delete, and the disk reset to one. Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}. */
final class SnapshotApi {

    private final RegionCalls calls;

    SnapshotApi(RegionCalls calls) {
        this.calls = calls;
    }

    String snapshotSystemDisk(String instanceId, String name, Map<String, String> tags, String clientToken) {
        CreateSnapshotRequest r = new CreateSnapshotRequest();
        r.setDiskId(systemDisk(instanceId));
        if (name != null) {
            r.setSnapshotName(name);
        }
        if (tags != null && !tags.isEmpty()) {
            List<CreateSnapshotRequest.Tag> list = new ArrayList<>();
            tags.forEach((k, v) -> {
                CreateSnapshotRequest.Tag t = new CreateSnapshotRequest.Tag();
                t.setKey(k);
                t.setValue(v);
                list.add(t);
            });
            r.setTags(list);
        }
        r.setClientToken(required(clientToken, "The client token"));
        return calls.call(Product.ECS, r).getSnapshotId();
    }

    List<CloudTypes.Snapshot> snapshotsOf(String instanceId) {
        String instance = required(instanceId, "The instance id");
        return allPages(100, page -> {
            DescribeSnapshotsRequest r = new DescribeSnapshotsRequest();
            r.setInstanceId(instance);
            r.setPageSize(100);
            r.setPageNumber(page);
            DescribeSnapshotsResponse resp = calls.call(Product.ECS, r);
            return new RegionCalls.Page<>(resp.getSnapshots().stream().map(SnapshotApi::snapshot).toList(), resp.getTotalCount());
        });
    }

    void deleteSnapshot(String snapshotId) {
        DeleteSnapshotRequest r = new DeleteSnapshotRequest();
        r.setSnapshotId(required(snapshotId, "The snapshot id"));
        try {
            calls.call(Product.ECS, r);
        } catch (CloudException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    void resetSystemDisk(String instanceId, String snapshotId) {
        ResetDiskRequest r = new ResetDiskRequest();
        r.setDiskId(systemDisk(instanceId));
        r.setSnapshotId(required(snapshotId, "The snapshot id"));
        calls.call(Product.ECS, r);
    }

    private String systemDisk(String instanceId) {
        DescribeDisksRequest d = new DescribeDisksRequest();
        d.setInstanceId(required(instanceId, "The instance id"));
        d.setDiskType("system");
        List<DescribeDisksResponse.Disk> disks = calls.call(Product.ECS, d).getDisks();
        if (disks == null || disks.isEmpty()) {
            throw new CloudException(Kind.NOT_FOUND, "InvalidInstanceId.NotFound", null,
                    "Instance " + instanceId + " has no system disk (it does not exist any more).", false, null, null);
        }
        return disks.get(0).getDiskId();
    }

    private static CloudTypes.Snapshot snapshot(DescribeSnapshotsResponse.Snapshot s) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (s.getTags() != null) {
            s.getTags().forEach(t -> tags.put(t.getTagKey(), t.getTagValue() == null ? "" : t.getTagValue()));
        }
        int size;
        try {
            size = s.getSourceDiskSize() == null ? 0 : Integer.parseInt(s.getSourceDiskSize().trim());
        } catch (NumberFormatException notANumber) {
            size = 0;
        }
        return new CloudTypes.Snapshot(s.getSnapshotId(), s.getSnapshotName(), s.getSourceDiskId(),
                StatusMapping.snapshotStatus(s.getStatus()), StatusMapping.percent(s.getProgress()),
                StatusMapping.time(s.getCreationTime()), size, tags);
    }

    Map<String, CloudTypes.Snapshot> describeSnapshots(Collection<String> snapshotIds) {
        Map<String, CloudTypes.Snapshot> out = new LinkedHashMap<>();
        for (List<String> batch : batches(snapshotIds, MAX_IDS_PER_CALL)) {
            String ids = jsonArray(batch);
            List<CloudTypes.Snapshot> found = allPages(100, page -> {
                DescribeSnapshotsRequest r = new DescribeSnapshotsRequest();
                r.setSnapshotIds(ids);
                r.setPageSize(100);
                r.setPageNumber(page);
                DescribeSnapshotsResponse resp = calls.call(Product.ECS, r);
                List<CloudTypes.Snapshot> items = resp.getSnapshots().stream().map(SnapshotApi::snapshot).toList();
                return new RegionCalls.Page<>(items, resp.getTotalCount());
            });
            found.forEach(s -> out.put(s.id(), s));
        }
        return out;
    }
}

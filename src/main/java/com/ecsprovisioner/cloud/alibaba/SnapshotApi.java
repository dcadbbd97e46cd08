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
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshots of an instance's system disk: create (after finding the disk with DescribeDisks) and describe. Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}. */
final class SnapshotApi {

    private final RegionCalls calls;

    SnapshotApi(RegionCalls calls) {
        this.calls = calls;
    }

    String snapshotSystemDisk(String instanceId, String name, String clientToken) {
        DescribeDisksRequest d = new DescribeDisksRequest();
        d.setInstanceId(required(instanceId, "The instance id"));
        d.setDiskType("system");
        List<DescribeDisksResponse.Disk> disks = calls.call(Product.ECS, d).getDisks();
        if (disks == null || disks.isEmpty()) {
            throw new CloudException(Kind.NOT_FOUND, "InvalidInstanceId.NotFound", null,
                    "Instance " + instanceId + " has no system disk (it does not exist any more).", false, null, null);
        }
        CreateSnapshotRequest r = new CreateSnapshotRequest();
        r.setDiskId(disks.get(0).getDiskId());
        if (name != null) {
            r.setSnapshotName(name);
        }
        r.setClientToken(required(clientToken, "The client token"));
        return calls.call(Product.ECS, r).getSnapshotId();
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
                List<CloudTypes.Snapshot> items = new ArrayList<>();
                for (DescribeSnapshotsResponse.Snapshot s : resp.getSnapshots()) {
                    items.add(new CloudTypes.Snapshot(s.getSnapshotId(), s.getSnapshotName(), s.getSourceDiskId(),
                            StatusMapping.snapshotStatus(s.getStatus()), StatusMapping.percent(s.getProgress()),
                            StatusMapping.time(s.getCreationTime())));
                }
                return new RegionCalls.Page<>(items, resp.getTotalCount());
            });
            found.forEach(s -> out.put(s.id(), s));
        }
        return out;
    }
}

package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.map;
import static com.ecsprovisioner.sandbox.cloud.Answers.dryRun;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** ECS instances: RunInstances/CreateInstance, public IPs, start/stop/reboot/delete, describes and ModifyInstanceSpec. Runs under the region lock {@link EcsActions} takes. */
final class InstanceActions {

    private final SimulatedCloud cloud;

    InstanceActions(SimulatedCloud cloud) {
        this.cloud = cloud;
    }

    Map<String, Object> createInstances(Call c, RegionState r, Catalog.Region region, SimulatedCloud.Events events) {
        boolean run = c.action().equals("RunInstances");
        Catalog.Image image = r.image(c.required("ImageId"));
        if (image == null) {
            throw ApiError.notFound("InvalidImageId.NotFound", "The specified ImageId does not exist.");
        }
        CustomImage custom = r.images.get(image.id());
        if (custom != null && !"Available".equals(custom.status(c.now(), cloud.durations))) {
            throw new ApiError(403, "IncorrectImageStatus", "The current status of the image does not support this operation.");
        }
        Catalog.InstanceType type = Catalog.instanceType(c.required("InstanceType"));
        if (type == null) {
            throw new ApiError(400, "InvalidInstanceType.ValueNotSupported", "The specified InstanceType does not exist.");
        }
        List<String> groupIds = new ArrayList<>();
        if (c.get("SecurityGroupId") != null) {
            groupIds.add(c.get("SecurityGroupId"));
        }
        if (run) {
            List<String> many = c.repeated("SecurityGroupIds");
            if (!many.isEmpty() && !groupIds.isEmpty()) {
                throw new ApiError(400, "InvalidParameter.Conflict", "SecurityGroupId and SecurityGroupIds.N cannot be given together.");
            }
            groupIds.addAll(many);
        }
        if (groupIds.isEmpty()) {
            throw ApiError.missing("SecurityGroupId");
        }
        String vSwitchId = c.required("VSwitchId");
        int amount = run ? c.integer("Amount", 1, 1, 100) : 1;
        int bandwidthOut = c.integer("InternetMaxBandwidthOut", 0, 0, 100);
        int bandwidthIn = c.integer("InternetMaxBandwidthIn", 200, 1, 2000);
        String chargeType = c.get("InternetChargeType", "PayByTraffic");
        if (!chargeType.equals("PayByTraffic") && !chargeType.equals("PayByBandwidth")) {
            throw new ApiError(400, "InvalidInternetChargeType.ValueNotSupported", "The specified InternetChargeType is not valid.");
        }
        String diskCategory = c.get("SystemDisk.Category", "cloud_efficiency");
        if (!Catalog.DISK_CATEGORIES.contains(diskCategory) && !diskCategory.equals("cloud_essd_entry")) {
            throw new ApiError(400, "InvalidSystemDiskCategory.ValueNotSupported", "The specified SystemDisk.Category is not valid.");
        }
        int diskSize = c.integer("SystemDisk.Size", Math.max(40, image.sizeGiB()), 1, 2048);
        if (diskSize < image.sizeGiB()) {
            throw ApiError.notFound("InvalidSystemDiskSize.LessThanImageSize", "The specified SystemDisk.Size is less than the image size.");
        }
        String userData = c.get("UserData");
        if (userData != null) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(userData);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "InvalidUserData.Base64FormatInvalid", "The specified UserData is not Base64 encoded.");
            }
            if (decoded.length > 32 * 1024) {
                throw new ApiError(400, "InvalidUserData.SizeExceeded", "The specified UserData exceeds 32 KB.");
            }
        }
        String name = c.get("InstanceName");
        if (name != null && (name.length() < 2 || name.length() > 128 || !Character.isLetter(name.codePointAt(0)))) {
            throw new ApiError(400, "InvalidInstanceName.Malformed", "The specified InstanceName is malformed.");
        }
        String hostName = c.get("HostName");
        if (hostName != null && !hostName.matches("[A-Za-z0-9][A-Za-z0-9.-]{1,63}")) {
            throw new ApiError(400, "InvalidHostName.Malformed", "The specified HostName is malformed.");
        }
        Map<String, String> tags = c.tags();
        return cloud.idempotent(r, c, () -> {
            VSwitch vsw = r.vSwitches.get(vSwitchId);
            if (vsw == null || vsw.deletedAt != null) {
                throw ApiError.notFound("InvalidVSwitchId.NotFound", "The specified VSwitchId does not exist.");
            }
            if (!"Available".equals(vsw.status(c.now(), cloud.durations))) {
                throw new ApiError(400, "IncorrectVSwitchStatus", "The current status of virtual switch does not support this operation.");
            }
            String zoneId = c.get("ZoneId", vsw.zoneId);
            if (!region.zones().contains(zoneId)) {
                throw ApiError.notFound("InvalidZoneId.NotFound", "The specified ZoneId does not exist.");
            }
            if (!zoneId.equals(vsw.zoneId)) {
                throw new ApiError(400, "InvalidParameter.Mismatch", "The specified vSwitch is not in the specified zone.");
            }
            for (String gid : groupIds) {
                SecurityGroup g = SecurityGroupActions.securityGroup(r, gid);
                if (!vsw.vpcId.equals(g.vpcId)) {
                    throw new ApiError(400, "InvalidParameter.Mismatch", "Specified security group and virtual switch are not in the same VPC.");
                }
            }
            KeyPair keyPair = null;
            if (c.get("KeyPairName") != null) {
                keyPair = r.keyPairs.get(c.get("KeyPairName"));
                if (keyPair == null) {
                    throw new ApiError(400, "InvalidKeyPairName.NotFound", "The specified KeyPairName does not exist.");
                }
            }
            long live = r.instances.values().stream().filter(i -> !i.deleted()).count();
            if (live + amount > cloud.quotas.instancesPerRegion()) {
                throw new ApiError(403, "QuotaExceed.ElasticQuota", "The number of instances exceeds the quota of the account in this region.");
            }
            if (usedVcpus(r) + (long) amount * type.cpu() > cloud.quotas.vcpusPerRegion()) {
                throw new ApiError(403, "QuotaExceed.ElasticQuota", "The vCPUs of pay-as-you-go instances exceed the quota of the account in this region.");
            }
            Set<String> taken = new HashSet<>();
            r.instances.values().stream().filter(i -> vsw.id.equals(i.vSwitchId)).forEach(i -> taken.add(i.privateIp));
            if (vsw.capacity() - taken.size() < amount) {
                throw new ApiError(403, "InvalidVSwitchId.IpNotEnough", "The specified vSwitch does not have enough IP addresses.");
            }
            if (!cloud.inStock(zoneId, type.id())) {
                throw SimulatedCloud.noStock();
            }
            dryRun(c);
            cloud.takeStock(zoneId, type.id(), amount);
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < amount; n++) {
                String id = SimulatedCloud.newId("i", region.idPrefix());
                String privateIp = vsw.allocateIp(taken);
                taken.add(privateIp);
                Instance i = new Instance(id, r.regionId, zoneId, name == null ? id : name,
                        hostName == null ? "iZ" + id.substring(2) + "Z" : hostName, c.get("Description", ""),
                        type.id(), image.id(), keyPair == null ? null : keyPair.name, vsw.vpcId, vsw.id, groupIds,
                        privateIp, bandwidthOut, bandwidthIn, chargeType, SimulatedCloud.newId("d", region.idPrefix()),
                        diskCategory, diskSize, userData, c.now(), tags,
                        run ? Instance.Transition.LAUNCH : Instance.Transition.CREATE);
                i.authorizedKey = keyPair == null ? null : keyPair.publicKey;
                r.instances.put(id, i);
                if (custom != null) {
                    events.diskReplaced(id, custom.snapshotId); // the image's disk is its snapshot's
                }
                if (run && bandwidthOut > 0) {
                    i.publicIp = cloud.allocatePublicIp(r, id, events);
                }
                ids.add(id);
            }
            return run
                    ? map("InstanceIdSets", Resources.wrap("InstanceIdSet", ids), "OrderId", "", "TradePrice", 0.0)
                    : map("InstanceId", ids.get(0), "OrderId", "", "TradePrice", 0.0);
        });
    }

    /** vCPUs of the region's live instances: what the vCPU quota counts. */
    static long usedVcpus(RegionState r) {
        return r.instances.values().stream().filter(i -> !i.deleted()).mapToLong(i -> {
            Catalog.InstanceType t = Catalog.instanceType(i.instanceType);
            return t == null ? 0 : t.cpu();
        }).sum();
    }

    static Instance instance(RegionState r, String id) {
        Instance i = r.instances.get(id);
        if (i == null || i.deleted()) {
            throw ApiError.notFound("InvalidInstanceId.NotFound", "The specified InstanceId does not exist.");
        }
        return i;
    }

    Map<String, Object> allocatePublicIp(Call c, RegionState r, SimulatedCloud.Events events) {
        Instance i = instance(r, c.required("InstanceId"));
        i.requireStatus(c.now(), cloud.durations, "Running", "Stopped");
        if (i.publicIp != null) {
            throw new ApiError(403, "AllocatedAlready", "The instance already has a public IP address.");
        }
        if (i.bandwidthOut <= 0) {
            throw new ApiError(400, "AllocateIpInvalidInstanceBandwidth", "The instance's InternetMaxBandwidthOut must be greater than 0.");
        }
        i.publicIp = cloud.allocatePublicIp(r, i.id, events);
        return map("IpAddress", i.publicIp);
    }

    Map<String, Object> lifecycle(Call c, RegionState r, String verb) {
        Instance i = instance(r, c.required("InstanceId"));
        switch (verb) {
            case "start" -> {
                i.requireStatus(c.now(), cloud.durations, "Stopped");
                dryRun(c);
                i.start(c.now(), cloud.durations);
            }
            case "stop" -> {
                i.requireStatus(c.now(), cloud.durations, "Running");
                dryRun(c);
                i.stop(c.now(), cloud.durations);
            }
            default -> {
                i.requireStatus(c.now(), cloud.durations, "Running");
                dryRun(c);
                i.reboot(c.now(), cloud.durations);
            }
        }
        return map();
    }

    Map<String, Object> deleteInstances(Call c, RegionState r, List<String> ids, SimulatedCloud.Events events) {
        if (ids.isEmpty()) {
            throw ApiError.missing("InstanceId.1");
        }
        if (ids.size() > 100) {
            throw new ApiError(400, "InvalidParameter", "At most 100 instance ids can be given.");
        }
        boolean force = c.bool("Force");
        return cloud.idempotent(r, c, () -> {
            List<Instance> targets = new ArrayList<>();
            for (String id : ids) {
                Instance i = instance(r, id);
                String s = i.status(c.now(), cloud.durations);
                if (!(s.equals("Stopped") || (force && s.equals("Running")))) {
                    if (i.midOperation(s)) {
                        throw Instance.operationConflict();
                    }
                    if (s.equals("Pending")) {
                        // DeleteInstance's own table: an instance still being created.
                        throw new ApiError(403, "IncorrectInstanceStatus.Initializing",
                                "The specified instance status does not support this operation.");
                    }
                    throw new ApiError(403, "IncorrectInstanceStatus",
                            "The current status of the resource does not support this operation.");
                }
                targets.add(i);
            }
            dryRun(c);
            for (Instance i : targets) {
                i.delete(c.now(), cloud.durations, force);
                cloud.returnStock(i.zoneId, i.instanceType, 1);
                cloud.releasePublicIp(i.publicIp, events);
            }
            return map();
        });
    }

    Map<String, Object> describeInstances(Call c, RegionState r) {
        List<String> ids = c.jsonArray("InstanceIds");
        if (ids != null && ids.size() > 100) {
            throw new ApiError(400, "InvalidParameter", "InstanceIds can hold at most 100 ids.");
        }
        String vpcId = c.get("VpcId");
        String vSwitchId = c.get("VSwitchId");
        String zoneId = c.get("ZoneId");
        String groupId = c.get("SecurityGroupId");
        Predicate<String> nameMatch = Wildcard.predicate(c.get("InstanceName"));
        String status = c.get("Status");
        if (status != null && !Set.of("Pending", "Running", "Starting", "Stopping", "Stopped").contains(status)) {
            throw ApiError.notFound("InvalidStatus.NotFound", "The specified Status is not valid.");
        }
        String type = c.get("InstanceType");
        String imageId = c.get("ImageId");
        String keyPair = c.get("KeyPairName");
        List<String> publicIps = c.jsonArray("PublicIpAddresses");
        List<String> privateIps = c.jsonArray("PrivateIpAddresses");
        Map<String, String> tags = c.tags();
        boolean tokenPaging = c.get("NextToken") != null || c.get("MaxResults") != null;
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 100);
        int maxResults = c.integer("MaxResults", 10, 1, 100);
        dryRun(c);
        List<Instance> matching = new ArrayList<>();
        for (Instance i : r.instances.values()) {
            if (i.deleted()
                    || !cloud.durations.visible(i.createdAt, c.now())
                    || (ids != null && !ids.contains(i.id))
                    || (vpcId != null && !vpcId.equals(i.vpcId))
                    || (vSwitchId != null && !vSwitchId.equals(i.vSwitchId))
                    || (zoneId != null && !zoneId.equals(i.zoneId))
                    || (groupId != null && !i.securityGroupIds.contains(groupId))
                    || !nameMatch.test(i.name)
                    || (type != null && !type.equals(i.instanceType))
                    || (imageId != null && !imageId.equals(i.imageId))
                    || (keyPair != null && !keyPair.equals(i.keyPairName))
                    || (publicIps != null && !publicIps.contains(i.publicIp))
                    || (privateIps != null && !privateIps.contains(i.privateIp))
                    || !i.tags.entrySet().containsAll(tags.entrySet())
                    || (status != null && !status.equals(i.status(c.now(), cloud.durations)))) {
                continue;
            }
            matching.add(i);
        }
        List<Instance> page;
        Map<String, Object> out = new LinkedHashMap<>();
        if (tokenPaging) {
            int offset = Paging.offset(c.get("NextToken"));
            page = matching.subList(Math.min(offset, matching.size()), Math.min(matching.size(), offset + maxResults));
            out.put("NextToken", Paging.nextToken(offset, page.size(), matching.size()));
            out.put("TotalCount", matching.size());
            out.put("PageSize", maxResults);
        } else {
            page = Paging.page(matching, pageNumber, pageSize);
            out.put("TotalCount", matching.size());
            out.put("PageNumber", pageNumber);
            out.put("PageSize", pageSize);
        }
        List<Object> list = new ArrayList<>(page.size());
        for (Instance i : page) {
            list.add(instanceView(i, c, r));
        }
        out.put("Instances", Resources.wrap("Instance", list));
        return out;
    }

    private Map<String, Object> instanceView(Instance i, Call c, RegionState r) {
        Catalog.InstanceType t = Catalog.instanceType(i.instanceType);
        Catalog.Image img = r.image(i.imageId);
        String status = i.status(c.now(), cloud.durations);
        Instant started = i.startTime(cloud.durations);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("InstanceId", i.id);
        m.put("InstanceName", i.name);
        m.put("HostName", i.hostName);
        m.put("Description", i.description);
        m.put("Status", status);
        m.put("RegionId", i.regionId);
        m.put("ZoneId", i.zoneId);
        m.put("InstanceType", i.instanceType);
        m.put("InstanceTypeFamily", t == null ? "" : t.family());
        m.put("Cpu", t == null ? 0 : t.cpu());
        m.put("Memory", t == null ? 0 : t.memoryMiB());
        m.put("ImageId", i.imageId);
        m.put("OSType", "linux");
        m.put("OSName", img == null ? "" : img.osName());
        m.put("OSNameEn", img == null ? "" : img.osNameEn());
        m.put("KeyPairName", i.keyPairName == null ? "" : i.keyPairName);
        m.put("InstanceNetworkType", "vpc");
        m.put("InstanceChargeType", "PostPaid");
        m.put("InternetChargeType", i.internetChargeType);
        m.put("InternetMaxBandwidthOut", i.bandwidthOut);
        m.put("InternetMaxBandwidthIn", i.bandwidthIn);
        m.put("CreationTime", Resources.MINUTES.format(i.createdAt));
        m.put("StartTime", started == null || started.isAfter(c.now()) ? "" : Resources.MINUTES.format(started));
        m.put("ExpiredTime", "2099-12-31T15:59Z");
        m.put("AutoReleaseTime", "");
        m.put("StoppedMode", status.equals("Stopped") ? "KeepCharging" : "Not-applicable");
        m.put("IoOptimized", true);
        m.put("DeletionProtection", false);
        m.put("SerialNumber", i.id.substring(2));
        m.put("PublicIpAddress", Resources.wrap("IpAddress", i.publicIp == null ? List.of() : List.of(i.publicIp)));
        m.put("InnerIpAddress", Resources.wrap("IpAddress", List.of()));
        Map<String, Object> vpcAttrs = new LinkedHashMap<>();
        vpcAttrs.put("VpcId", i.vpcId);
        vpcAttrs.put("VSwitchId", i.vSwitchId);
        vpcAttrs.put("NatIpAddress", "");
        vpcAttrs.put("PrivateIpAddress", Resources.wrap("IpAddress", List.of(i.privateIp)));
        m.put("VpcAttributes", vpcAttrs);
        m.put("EipAddress", map("IpAddress", "", "AllocationId", "", "Bandwidth", 0, "InternetChargeType", "",
                "IsSupportUnassociate", false));
        m.put("SecurityGroupIds", Resources.wrap("SecurityGroupId", i.securityGroupIds));
        m.put("NetworkInterfaces", Resources.wrap("NetworkInterface", List.of(map(
                "NetworkInterfaceId", "eni-" + i.id.substring(2), "Type", "Primary",
                "MacAddress", "00:16:3e:" + i.id.substring(i.id.length() - 6, i.id.length() - 4) + ":"
                        + i.id.substring(i.id.length() - 4, i.id.length() - 2) + ":" + i.id.substring(i.id.length() - 2),
                "PrimaryIpAddress", i.privateIp,
                "PrivateIpSets", Resources.wrap("PrivateIpSet", List.of(map("PrivateIpAddress", i.privateIp, "Primary", true)))))));
        m.put("OperationLocks", Resources.wrap("LockReason", List.of()));
        m.put("Tags", Resources.ecsTags(i.tags));
        return m;
    }

    Map<String, Object> describeInstanceStatus(Call c, RegionState r) {
        List<String> ids = c.repeated("InstanceId");
        String zoneId = c.get("ZoneId");
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 50);
        List<Instance> matching = r.instances.values().stream()
                .filter(i -> !i.deleted())
                .filter(i -> cloud.durations.visible(i.createdAt, c.now()))
                .filter(i -> ids.isEmpty() || ids.contains(i.id))
                .filter(i -> zoneId == null || zoneId.equals(i.zoneId))
                .toList();
        List<Object> out = new ArrayList<>();
        for (Instance i : Paging.page(matching, pageNumber, pageSize)) {
            out.add(map("InstanceId", i.id, "Status", i.status(c.now(), cloud.durations)));
        }
        return map("TotalCount", matching.size(), "PageNumber", pageNumber, "PageSize", pageSize,
                "InstanceStatuses", Resources.wrap("InstanceStatus", out));
    }

    Map<String, Object> modifyInstanceSpec(Call c, RegionState r) {
        Instance i = instance(r, c.required("InstanceId"));
        String newType = c.get("InstanceType");
        String bandwidthText = c.get("InternetMaxBandwidthOut");
        if (newType == null && bandwidthText == null && c.get("InternetMaxBandwidthIn") == null) {
            throw ApiError.missing("InstanceType");
        }
        if (newType != null && bandwidthText != null) {
            throw new ApiError(400, "InvalidParameter.Mismatch", "The instance type and the bandwidth cannot be changed in one call.");
        }
        Catalog.InstanceType type = newType == null ? null : Catalog.instanceType(newType);
        if (newType != null && type == null) {
            throw new ApiError(400, "InvalidInstanceType.ValueNotSupported", "The specified InstanceType does not exist.");
        }
        int bandwidthOut = c.integer("InternetMaxBandwidthOut", i.bandwidthOut, 0, 100);
        int bandwidthIn = c.integer("InternetMaxBandwidthIn", i.bandwidthIn, 1, 2000);
        return cloud.idempotent(r, c, () -> {
            if (type != null) {
                i.requireStatus(c.now(), cloud.durations, "Stopped");
                if (!type.id().equals(i.instanceType) && !cloud.inStock(i.zoneId, type.id())) {
                    throw SimulatedCloud.noStock();
                }
            } else {
                i.requireStatus(c.now(), cloud.durations, "Running", "Stopped");
            }
            dryRun(c);
            if (type != null && !type.id().equals(i.instanceType)) {
                cloud.takeStock(i.zoneId, type.id(), 1);
                cloud.returnStock(i.zoneId, i.instanceType, 1);
                i.instanceType = type.id();
            }
            i.bandwidthOut = bandwidthOut;
            i.bandwidthIn = bandwidthIn;
            return map();
        });
    }
}

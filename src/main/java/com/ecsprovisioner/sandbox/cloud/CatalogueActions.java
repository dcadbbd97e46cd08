package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.map;
import static com.ecsprovisioner.sandbox.cloud.Answers.dryRun;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The ECS catalogue reads: regions, zones, what is in stock, instance types and public images. Runs under the region lock {@link EcsActions} takes. */
final class CatalogueActions {

    private final SimulatedCloud cloud;

    CatalogueActions(SimulatedCloud cloud) {
        this.cloud = cloud;
    }

    Map<String, Object> describeRegions(String language) {
        List<Object> regions = new ArrayList<>();
        for (Catalog.Region r : Catalog.regions()) {
            regions.add(map("RegionId", r.id(), "LocalName", r.name(language), "RegionEndpoint", r.endpoint(),
                    "Status", "available"));
        }
        return map("Regions", Resources.wrap("Region", regions));
    }

    Map<String, Object> describeZones(Catalog.Region region, String language) {
        List<Object> zones = new ArrayList<>();
        for (String zone : region.zones()) {
            List<String> types = Catalog.instanceTypes().stream().map(Catalog.InstanceType::id)
                    .filter(t -> cloud.inStock(zone, t)).toList();
            Map<String, Object> info = map("IoOptimized", true,
                    "InstanceTypes", Resources.wrap("supportedInstanceType", types),
                    "SystemDiskCategories", Resources.wrap("supportedSystemDiskCategory", Catalog.DISK_CATEGORIES),
                    "DataDiskCategories", Resources.wrap("supportedDataDiskCategory", Catalog.DISK_CATEGORIES),
                    "NetworkTypes", Resources.wrap("supportedNetworkCategory", List.of("vpc")),
                    "InstanceTypeFamilies", Resources.wrap("supportedInstanceTypeFamily",
                            Catalog.instanceTypes().stream().map(Catalog.InstanceType::family).distinct().toList()),
                    "InstanceGenerations", Resources.wrap("supportedInstanceGeneration",
                            Catalog.instanceTypes().stream().map(Catalog.InstanceType::generation).distinct().toList()));
            zones.add(map("ZoneId", zone, "LocalName", region.zoneName(zone, language),
                    "ZoneType", "AvailabilityZone",
                    "AvailableResourceCreation", Resources.wrap("ResourceTypes", List.of("VSwitch", "IoOptimized", "Instance", "Disk")),
                    "AvailableInstanceTypes", Resources.wrap("InstanceTypes", types),
                    "AvailableDiskCategories", Resources.wrap("DiskCategories", Catalog.DISK_CATEGORIES),
                    "AvailableVolumeCategories", Resources.wrap("VolumeCategories", List.of()),
                    "AvailableDedicatedHostTypes", Resources.wrap("DedicatedHostType", List.of()),
                    "DedicatedHostGenerations", Resources.wrap("DedicatedHostGeneration", List.of()),
                    "AvailableResources", Resources.wrap("ResourcesInfo", List.of(info))));
        }
        return map("Zones", Resources.wrap("Zone", zones));
    }

    Map<String, Object> describeAvailableResource(Call c, Catalog.Region region) {
        String destination = c.get("DestinationResource");
        if (destination == null) {
            throw new ApiError(400, "Invalid.Param", "The input parameter DestinationResource that is mandatory for processing this request is not supplied.");
        }
        String chargeType = c.get("InstanceChargeType", "PostPaid");
        if (!chargeType.equals("PostPaid") && !chargeType.equals("PrePaid")) {
            throw new ApiError(400, "Invalid.InstanceChargeType", "The specified InstanceChargeType is not valid.");
        }
        String zoneFilter = c.get("ZoneId");
        String typeFilter = c.get("InstanceType");
        if (zoneFilter != null && !region.zones().contains(zoneFilter)) {
            throw ApiError.notFound("InvalidZoneId.NotFound", "The specified ZoneId does not exist.");
        }
        List<Object> zones = new ArrayList<>();
        for (String zone : region.zones()) {
            if (zoneFilter != null && !zoneFilter.equals(zone)) {
                continue;
            }
            List<Catalog.InstanceType> types = Catalog.instanceTypes().stream()
                    .filter(t -> typeFilter == null || typeFilter.equals(t.id())).toList();
            boolean anyStock = types.stream().anyMatch(t -> cloud.inStock(zone, t.id()));
            List<Object> supported = new ArrayList<>();
            switch (destination) {
                case "Zone" -> supported.add(supported(zone, anyStock));
                case "InstanceType" -> types.forEach(t -> supported.add(supported(t.id(), cloud.inStock(zone, t.id()))));
                case "SystemDisk", "DataDisk" -> Catalog.DISK_CATEGORIES.forEach(d -> supported.add(supported(d, anyStock)));
                case "Network" -> supported.add(supported("vpc", anyStock));
                case "IoOptimized" -> supported.add(supported("optimized", anyStock));
                case "InstanceTypeFamily" -> types.stream().map(Catalog.InstanceType::family).distinct()
                        .forEach(f -> supported.add(supported(f, anyStock)));
                default -> throw new ApiError(400, "Invalid.Param", "The specified DestinationResource is not valid: " + destination);
            }
            zones.add(map("RegionId", region.id(), "ZoneId", zone, "Status", anyStock ? "Available" : "SoldOut",
                    "StatusCategory", anyStock ? "WithStock" : "WithoutStock",
                    "AvailableResources", Resources.wrap("AvailableResource",
                            List.of(map("Type", destination, "SupportedResources", Resources.wrap("SupportedResource", supported))))));
        }
        return map("AvailableZones", Resources.wrap("AvailableZone", zones));
    }

    private static Map<String, Object> supported(String value, boolean stock) {
        return map("Value", value, "Status", stock ? "Available" : "SoldOut",
                "StatusCategory", stock ? "WithStock" : "WithoutStock");
    }

    Map<String, Object> describeInstanceTypes(Call c) {
        List<String> ids = c.repeated("InstanceTypes");
        String family = c.get("InstanceTypeFamily");
        int max = c.integer("MaxResults", 100, 1, 1600);
        int offset = Paging.offset(c.get("NextToken"));
        List<Catalog.InstanceType> matching = Catalog.instanceTypes().stream()
                .filter(t -> ids.isEmpty() || ids.contains(t.id()))
                .filter(t -> family == null || family.equals(t.family()))
                .toList();
        List<Catalog.InstanceType> page = matching.subList(Math.min(offset, matching.size()),
                Math.min(matching.size(), offset + max));
        List<Object> out = new ArrayList<>();
        for (Catalog.InstanceType t : page) {
            out.add(map("InstanceTypeId", t.id(), "InstanceTypeFamily", t.family(), "CpuCoreCount", t.cpu(),
                    "MemorySize", t.memoryGiB(), "CpuArchitecture", "X86", "InstanceCategory", t.category(),
                    "InstanceFamilyLevel", t.level(), "GPUAmount", 0, "GPUSpec", "", "EniQuantity", 2,
                    "EniPrivateIpAddressQuantity", 6, "LocalStorageCategory", "", "DiskQuantity", 17,
                    "PhysicalProcessorModel", "Intel Xeon(Ice Lake) Platinum 8369B"));
        }
        return map("NextToken", Paging.nextToken(offset, page.size(), matching.size()),
                "InstanceTypes", Resources.wrap("InstanceType", out));
    }

    /** The catalogue's public images (owner "system") and the region's custom images (owner "self"). */
    Map<String, Object> describeImages(Call c, Catalog.Region region, RegionState r) {
        List<String> ids = c.get("ImageId") == null ? null : List.of(c.get("ImageId").split(","));
        String name = c.get("ImageName");
        String family = c.get("ImageFamily");
        String owner = c.get("ImageOwnerAlias");
        if (owner != null && !Set.of("system", "self", "others", "marketplace").contains(owner)) {
            throw new ApiError(400, "InvalidImageOwnerAlias.ValueNotSupported", "The specified ImageOwnerAlias is not supported.");
        }
        String osType = c.get("OSType");
        if (osType != null && !osType.equalsIgnoreCase("linux") && !osType.equalsIgnoreCase("windows")) {
            throw ApiError.notFound("InvalidOSType", "The specified OSType is not valid.");
        }
        String arch = c.get("Architecture");
        String status = c.get("Status", "Available");
        if (c.get("InstanceType") != null && Catalog.instanceType(c.get("InstanceType")) == null) {
            throw new ApiError(400, "InvalidInstanceType.ValueNotSupported", "The specified InstanceType does not exist.");
        }
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 100);
        dryRun(c);
        Predicate<String> nameMatch = Wildcard.predicate(name);
        List<Catalog.Image> all = new ArrayList<>(Catalog.images());
        Map<String, String> statuses = new java.util.HashMap<>();
        Map<String, String> snapshots = new java.util.HashMap<>();
        Map<String, String> progress = new java.util.HashMap<>();
        for (CustomImage custom : r.images.values()) {
            if (!cloud.durations.visible(custom.createdAt, c.now())) {
                continue; // eventual consistency, as for every other resource just created
            }
            all.add(custom.asCatalogImage());
            statuses.put(custom.id, custom.status(c.now(), cloud.durations));
            snapshots.put(custom.id, custom.snapshotId);
            progress.put(custom.id, custom.progress(c.now(), cloud.durations));
        }
        List<Catalog.Image> matching = all.stream()
                .filter(i -> ids == null || ids.contains(i.id()))
                .filter(i -> nameMatch.test(i.name()))
                .filter(i -> family == null || family.equals(i.family()))
                .filter(i -> owner == null || owner.equals(statuses.containsKey(i.id()) ? "self" : "system"))
                .filter(i -> osType == null || osType.equalsIgnoreCase("linux"))
                .filter(i -> arch == null || arch.equals("x86_64"))
                .filter(i -> List.of(status.split(",")).contains(statuses.getOrDefault(i.id(), "Available")))
                .toList();
        List<Object> out = new ArrayList<>();
        for (Catalog.Image i : Paging.page(matching, pageNumber, pageSize)) {
            boolean self = statuses.containsKey(i.id());
            String st = statuses.getOrDefault(i.id(), "Available");
            out.add(map("ImageId", i.id(), "ImageName", i.name(), "ImageFamily", i.family(),
                    "ImageVersion", i.version(), "ImageOwnerAlias", self ? "self" : "system", "OSType", "linux", "OSName", i.osName(),
                    "OSNameEn", i.osNameEn(), "Platform", i.platform(), "Architecture", "x86_64", "Size", i.sizeGiB(),
                    "Status", st, "IsSupportCloudinit", true, "IsSupportIoOptimized", true, "IsPublic", !self,
                    "IsCopied", false, "IsSubscribed", false, "IsSelfShared", "", "Usage", "none",
                    "CreationTime", i.creationTime(), "Progress", progress.getOrDefault(i.id(), "100%"), "BootMode", "BIOS",
                    "LoginAsNonRootSupported", true, "Description", i.osNameEn(),
                    "DiskDeviceMappings", Resources.wrap("DiskDeviceMapping", List.of(map("Device", "/dev/xvda",
                            "Size", String.valueOf(i.sizeGiB()), "Type", "system",
                            "SnapshotId", snapshots.getOrDefault(i.id(), "")))),
                    "Tags", Resources.ecsTags(Map.of())));
        }
        return map("TotalCount", matching.size(), "PageNumber", pageNumber, "PageSize", pageSize,
                "RegionId", region.id(), "Images", Resources.wrap("Image", out));
    }
}

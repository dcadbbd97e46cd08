package com.ecsprovisioner.cloud.alibaba;

import static com.ecsprovisioner.cloud.alibaba.RegionCalls.allPages;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.required;

import com.aliyuncs.ecs.model.v20140526.DescribeAvailableResourceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAvailableResourceResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceTypesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceTypesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesResponse;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Regions, zones, what is in stock per zone, instance types and public images. Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}. */
final class CatalogueApi {

    private final RegionCalls calls;

    CatalogueApi(RegionCalls calls) {
        this.calls = calls;
    }

    List<CloudTypes.Region> regions() {
        DescribeRegionsRequest r = new DescribeRegionsRequest();
        r.setAcceptLanguage("en-US");
        List<CloudTypes.Region> out = new ArrayList<>();
        for (DescribeRegionsResponse.Region region : calls.call(Product.ECS, r).getRegions()) {
            out.add(new CloudTypes.Region(region.getRegionId(), region.getLocalName(),
                    StatusMapping.mainlandChina(region.getRegionId())));
        }
        return out;
    }

    List<CloudTypes.Zone> zones() {
        List<CloudTypes.Zone> out = new ArrayList<>();
        for (DescribeZonesResponse.Zone z : describeZones()) {
            out.add(new CloudTypes.Zone(z.getZoneId(), z.getLocalName()));
        }
        return out;
    }

    private List<DescribeZonesResponse.Zone> describeZones() {
        DescribeZonesRequest r = new DescribeZonesRequest();
        r.setAcceptLanguage("en-US");
        return calls.call(Product.ECS, r).getZones();
    }

    /**
     * Stock comes from DescribeAvailableResource (the API's own answer to "can I buy this now"); the system disk
     * categories each type may use come from the zone's resource groups in DescribeZones, in one call rather than
     * one per type.
     */
    List<CloudTypes.Offer> availableInstanceTypes(String zoneId) {
        required(zoneId, "The zone");
        DescribeAvailableResourceRequest r = new DescribeAvailableResourceRequest();
        r.setDestinationResource("InstanceType");
        r.setZoneId(zoneId);
        r.setInstanceChargeType("PostPaid");
        r.setResourceType("instance");
        List<String> inStock = new ArrayList<>();
        for (DescribeAvailableResourceResponse.AvailableZone z : calls.call(Product.ECS, r).getAvailableZones()) {
            if (!zoneId.equals(z.getZoneId())) {
                continue;
            }
            for (DescribeAvailableResourceResponse.AvailableZone.AvailableResource res : z.getAvailableResources()) {
                for (var s : res.getSupportedResources()) {
                    // ClosedWithStock: still on sale while stock lasts.
                    if ("WithStock".equals(s.getStatusCategory()) || "ClosedWithStock".equals(s.getStatusCategory())
                            || (s.getStatusCategory() == null && "Available".equals(s.getStatus()))) {
                        inStock.add(s.getValue());
                    }
                }
            }
        }
        Map<String, Set<String>> disks = new LinkedHashMap<>();
        for (DescribeZonesResponse.Zone z : describeZones()) {
            if (!zoneId.equals(z.getZoneId()) || z.getAvailableResources() == null) {
                continue;
            }
            for (DescribeZonesResponse.Zone.ResourcesInfo info : z.getAvailableResources()) {
                for (String type : info.getInstanceTypes()) {
                    disks.computeIfAbsent(type, t -> new TreeSet<>()).addAll(info.getSystemDiskCategories());
                }
            }
        }
        List<CloudTypes.Offer> out = new ArrayList<>();
        for (String type : inStock) {
            out.add(new CloudTypes.Offer(zoneId, type, List.copyOf(disks.getOrDefault(type, Set.of()))));
        }
        return out;
    }

    List<CloudTypes.InstanceType> instanceTypes() {
        List<CloudTypes.InstanceType> out = new ArrayList<>();
        String token = null;
        Set<String> seen = new HashSet<>();
        do {
            DescribeInstanceTypesRequest r = new DescribeInstanceTypesRequest();
            r.setMaxResults(100L);
            if (token != null) {
                r.setNextToken(token);
            }
            DescribeInstanceTypesResponse resp = calls.call(Product.ECS, r);
            for (DescribeInstanceTypesResponse.InstanceType t : resp.getInstanceTypes()) {
                out.add(new CloudTypes.InstanceType(t.getInstanceTypeId(), t.getInstanceTypeFamily(),
                        t.getCpuCoreCount() == null ? 0 : t.getCpuCoreCount(),
                        t.getMemorySize() == null ? 0 : t.getMemorySize(), t.getLocalStorageCategory()));
            }
            token = resp.getNextToken();
        } while (token != null && !token.isEmpty() && seen.add(token)); // a repeated token would loop forever
        return out;
    }

    List<CloudTypes.Image> publicImages() {
        return allPages(100, page -> {
            DescribeImagesRequest r = new DescribeImagesRequest();
            r.setImageOwnerAlias("system");
            r.setOSType("linux");
            r.setPageSize(100);
            r.setPageNumber(page);
            DescribeImagesResponse resp = calls.call(Product.ECS, r);
            List<CloudTypes.Image> items = new ArrayList<>();
            for (DescribeImagesResponse.Image i : resp.getImages()) {
                String os = i.getOSNameEn() != null && !i.getOSNameEn().isBlank() ? i.getOSNameEn() : i.getOSName();
                items.add(new CloudTypes.Image(i.getImageId(), i.getImageName(), os, i.getOSType(), i.getArchitecture(),
                        i.getSize() == null ? 0 : i.getSize()));
            }
            return new RegionCalls.Page<>(items, resp.getTotalCount());
        });
    }
}

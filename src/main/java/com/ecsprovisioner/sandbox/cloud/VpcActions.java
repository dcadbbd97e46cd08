package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.dryRun;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The VPC API (2016-04-28): VPCs and vSwitches, with their asynchronous states and dependency rules. */
final class VpcActions {

    static final Set<String> ACTIONS = Set.of("CreateVpc", "DescribeVpcs", "DeleteVpc", "CreateVSwitch",
            "DescribeVSwitches", "DeleteVSwitch");

    private static final List<Cidr> PRIVATE_RANGES = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.168.0.0/16"));

    private final SimulatedCloud cloud;

    VpcActions(SimulatedCloud cloud) {
        this.cloud = cloud;
    }

    Map<String, Object> handle(Call c) {
        String regionId = regionId(c);
        Catalog.Region region = Catalog.region(regionId);
        if (region == null) {
            throw ApiError.notFound("InvalidRegionId.NotFound", "Specified value of \"regionId\" is not supported.");
        }
        RegionState r = cloud.region(c.key().accountId(), regionId);
        SimulatedCloud.Events events = new SimulatedCloud.Events();
        boolean read = c.action().startsWith("Describe");
        return cloud.locked(r, c.now(), !read, events, () -> switch (c.action()) {
            case "CreateVpc" -> createVpc(c, r, region);
            case "DescribeVpcs" -> describeVpcs(c, r);
            case "DeleteVpc" -> deleteVpc(c, r);
            case "CreateVSwitch" -> createVSwitch(c, r, region);
            case "DescribeVSwitches" -> describeVSwitches(c, r);
            case "DeleteVSwitch" -> deleteVSwitch(c, r);
            default -> throw new IllegalStateException(c.action());
        });
    }

    /**
     * The call's region. DeleteVpc, DeleteVSwitch and DescribeVSwitches document {@code RegionId} as optional (the
     * VPC API reference): without it the VPC or vSwitch named is found by its id; the other actions require it.
     */
    private String regionId(Call c) {
        String given = c.get("RegionId");
        if (given != null && !given.isEmpty()) {
            return given;
        }
        String accountId = c.key().accountId();
        switch (c.action()) {
            case "DeleteVpc" -> {
                String vpcId = c.required("VpcId");
                return cloud.regionHolding(accountId, r -> live(r.vpcs.get(vpcId))).orElseThrow(() ->
                        ApiError.notFound("InvalidVpcId.NotFound", "Specified VPC does not exist."));
            }
            case "DeleteVSwitch" -> {
                String id = c.required("VSwitchId");
                return cloud.regionHolding(accountId, r -> live(r.vSwitches.get(id))).orElseThrow(() ->
                        ApiError.notFound("InvalidVSwitchId.NotFound", "Specified virtual switch does not exist."));
            }
            case "DescribeVSwitches" -> {
                String vSwitchId = c.get("VSwitchId");
                String vpcId = c.get("VpcId");
                if (vSwitchId == null && vpcId == null) {
                    return c.required("RegionId");
                }
                // Nothing found: an empty list, as for an unknown id in any region.
                return cloud.regionHolding(accountId, r -> vSwitchId != null ? live(r.vSwitches.get(vSwitchId))
                        : live(r.vpcs.get(vpcId))).orElse(Catalog.regions().get(0).id());
            }
            default -> {
                return c.required("RegionId");
            }
        }
    }

    private static boolean live(Vpc v) {
        return v != null && v.deletedAt == null;
    }

    private static boolean live(VSwitch s) {
        return s != null && s.deletedAt == null;
    }

    private Map<String, Object> createVpc(Call c, RegionState r, Catalog.Region region) {
        String cidrText = c.get("CidrBlock", "172.16.0.0/12");
        Cidr cidr;
        try {
            cidr = Cidr.parse(cidrText);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid: " + cidrText);
        }
        if (cidr.prefix() < 8 || cidr.prefix() > 28 || PRIVATE_RANGES.stream().noneMatch(p -> p.contains(cidr))) {
            throw new ApiError(400, "InvalidCidrBlock.Malformed",
                    "Specified CIDR block is not valid: it must be 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or a subnet of them with a mask of 8 to 28.");
        }
        String name = c.get("VpcName", "");
        validateName(name, "InvalidVpcName.Malformed", "VpcName");
        Map<String, String> tags = c.tags();
        return cloud.idempotent(r, c, () -> {
            long live = r.vpcs.values().stream().filter(v -> v.deletedAt == null).count();
            if (live >= cloud.quotas.vpcsPerRegion()) {
                throw new ApiError(400, "QuotaExceeded.Vpc", "VPC quota exceeded.");
            }
            dryRun(c);
            String id = SimulatedCloud.newId("vpc", region.idPrefix());
            Vpc v = new Vpc(id, r.regionId, cidr.toString(), name, c.get("Description", ""),
                    SimulatedCloud.newId("vrt", region.idPrefix()), SimulatedCloud.newId("vtb", region.idPrefix()), c.now(), tags);
            r.vpcs.put(id, v);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("VpcId", v.id);
            out.put("VRouterId", v.vRouterId);
            out.put("RouteTableId", v.routeTableId);
            out.put("ResourceGroupId", "rg-acfm" + r.accountId.substring(0, Math.min(8, r.accountId.length())));
            return out;
        });
    }

    static void validateName(String name, String code, String param) {
        if (name.isEmpty()) {
            return;
        }
        if (name.length() > 128 || name.startsWith("http://") || name.startsWith("https://")
                || !Character.isLetter(name.codePointAt(0))) {
            throw new ApiError(400, code, "The specified " + param + " is malformed: 1 to 128 characters, starting with a letter, not with http:// or https://.");
        }
    }

    private Map<String, Object> describeVpcs(Call c, RegionState r) {
        List<String> ids = c.get("VpcId") == null ? null : Arrays.stream(c.get("VpcId").split(",")).map(String::trim).toList();
        if (ids != null && ids.size() > 20) {
            throw new ApiError(400, "InvalidParameter", "At most 20 VPC ids can be given.");
        }
        String name = c.get("VpcName");
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 50);
        dryRun(c);
        List<Vpc> matching = r.vpcs.values().stream()
                .filter(v -> cloud.durations.visible(v.createdAt, c.now()))
                .filter(v -> ids == null || ids.contains(v.id))
                .filter(v -> name == null || name.equals(v.name))
                .toList();
        List<Object> page = new ArrayList<>();
        for (Vpc v : Paging.page(matching, pageNumber, pageSize)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("VpcId", v.id);
            m.put("VpcName", v.name);
            m.put("Description", v.description);
            m.put("RegionId", v.regionId);
            m.put("Status", v.status(c.now(), cloud.durations));
            m.put("CidrBlock", v.cidr);
            m.put("Ipv6CidrBlock", "");
            m.put("IsDefault", false);
            m.put("VRouterId", v.vRouterId);
            m.put("CreationTime", Resources.SECONDS.format(v.createdAt));
            m.put("ResourceGroupId", "rg-acfm" + r.accountId.substring(0, Math.min(8, r.accountId.length())));
            m.put("OwnerId", Resources.ownerId(r.accountId));
            m.put("VSwitchIds", Resources.wrap("VSwitchId", r.vSwitches.values().stream()
                    .filter(s -> s.vpcId.equals(v.id)).map(s -> s.id).toList()));
            m.put("RouterTableIds", Resources.wrap("RouterTableIds", List.of(v.routeTableId)));
            m.put("NatGatewayIds", Resources.wrap("NatGatewayIds", List.of()));
            m.put("UserCidrs", Resources.wrap("UserCidr", List.of()));
            m.put("SecondaryCidrBlocks", Resources.wrap("SecondaryCidrBlock", List.of()));
            m.put("Tags", Resources.vpcTags(v.tags));
            page.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", matching.size());
        out.put("PageNumber", pageNumber);
        out.put("PageSize", pageSize);
        out.put("Vpcs", Resources.wrap("Vpc", page));
        return out;
    }

    private Vpc vpc(RegionState r, String id) {
        Vpc v = r.vpcs.get(id);
        if (v == null || v.deletedAt != null) {
            throw ApiError.notFound("InvalidVpcId.NotFound", "Specified VPC does not exist.");
        }
        return v;
    }

    private Map<String, Object> deleteVpc(Call c, RegionState r) {
        Vpc v = vpc(r, c.required("VpcId"));
        if (!"Available".equals(v.status(c.now(), cloud.durations))) {
            throw new ApiError(400, "IncorrectVpcStatus", "Current VPC status does not support this operation.");
        }
        // Children still being released count too: the real cloud propagates deletions asynchronously.
        if (r.vSwitches.values().stream().anyMatch(s -> s.vpcId.equals(v.id))) {
            throw new ApiError(400, "DependencyViolation.VSwitch", "Specified object has dependent resources: VSwitch.");
        }
        if (r.instances.values().stream().anyMatch(i -> v.id.equals(i.vpcId))) {
            throw new ApiError(400, "DependencyViolation.Instance", "Specified object has dependent resources: Instance.");
        }
        if (r.securityGroups.values().stream().anyMatch(g -> v.id.equals(g.vpcId))) {
            throw new ApiError(400, "DependencyViolation.SecurityGroup", "Specified object has dependent resources: SecurityGroup.");
        }
        dryRun(c);
        v.deletedAt = c.now();
        return new LinkedHashMap<>();
    }

    private Map<String, Object> createVSwitch(Call c, RegionState r, Catalog.Region region) {
        Vpc v = vpc(r, c.required("VpcId"));
        String zoneId = c.required("ZoneId");
        String cidrText = c.required("CidrBlock");
        if (!region.zones().contains(zoneId)) {
            throw ApiError.notFound("InvalidZoneId.NotFound", "Specified zone does not exist.");
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(cidrText);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid: " + cidrText);
        }
        if (cidr.prefix() < 16 || cidr.prefix() > 29) {
            throw new ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid: the mask must be 16 to 29.");
        }
        if (!Cidr.parse(v.cidr).contains(cidr)) {
            throw new ApiError(400, "InvalidParameter", "Specified CIDR block is not in the VPC's CIDR block " + v.cidr + ".");
        }
        String name = c.get("VSwitchName", "");
        validateName(name, "InvalidVSwitchName.Malformed", "VSwitchName");
        return cloud.idempotent(r, c, () -> {
            if (!"Available".equals(v.status(c.now(), cloud.durations))) {
                throw new ApiError(400, "IncorrectVpcStatus", "Current VPC status does not support this operation.");
            }
            List<VSwitch> siblings = r.vSwitches.values().stream().filter(s -> s.vpcId.equals(v.id)).toList();
            if (siblings.stream().anyMatch(s -> s.overlapsCidr(cidr))) {
                throw new ApiError(400, "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other subnets.");
            }
            if (siblings.stream().anyMatch(s -> s.deletedAt == null && "Pending".equals(s.status(c.now(), cloud.durations)))) {
                throw new ApiError(400, "IncorrectVSwitchStatus", "VSwitch Creation simultaneously is not supported.");
            }
            if (siblings.stream().filter(s -> s.deletedAt == null).count() >= cloud.quotas.vSwitchesPerVpc()) {
                throw new ApiError(400, "QuotaExceeded.VSwitch", "Virtual switch quota exceeded.");
            }
            dryRun(c);
            VSwitch s = new VSwitch(SimulatedCloud.newId("vsw", region.idPrefix()), v.id, zoneId, cidr, name,
                    c.get("Description", ""), c.now(), c.tags());
            r.vSwitches.put(s.id, s);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("VSwitchId", s.id);
            return out;
        });
    }

    private Map<String, Object> describeVSwitches(Call c, RegionState r) {
        String vpcId = c.get("VpcId");
        String id = c.get("VSwitchId");
        String zoneId = c.get("ZoneId");
        String name = c.get("VSwitchName");
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 50);
        dryRun(c);
        List<VSwitch> matching = r.vSwitches.values().stream()
                .filter(s -> cloud.durations.visible(s.createdAt, c.now()))
                .filter(s -> vpcId == null || vpcId.equals(s.vpcId))
                .filter(s -> id == null || id.equals(s.id))
                .filter(s -> zoneId == null || zoneId.equals(s.zoneId))
                .filter(s -> name == null || name.equals(s.name))
                .toList();
        List<Object> page = new ArrayList<>();
        for (VSwitch s : Paging.page(matching, pageNumber, pageSize)) {
            long used = r.instances.values().stream().filter(i -> s.id.equals(i.vSwitchId)).count();
            Vpc v = r.vpcs.get(s.vpcId);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("VSwitchId", s.id);
            m.put("VSwitchName", s.name);
            m.put("VpcId", s.vpcId);
            m.put("ZoneId", s.zoneId);
            m.put("CidrBlock", s.cidr.toString());
            m.put("Ipv6CidrBlock", "");
            m.put("Status", s.status(c.now(), cloud.durations));
            m.put("AvailableIpAddressCount", s.capacity() - used);
            m.put("IsDefault", false);
            m.put("CreationTime", Resources.SECONDS.format(s.createdAt));
            m.put("Description", s.description);
            m.put("ResourceGroupId", "rg-acfm" + r.accountId.substring(0, Math.min(8, r.accountId.length())));
            m.put("OwnerId", Resources.ownerId(r.accountId));
            m.put("ShareType", "Sharing");
            Map<String, Object> rt = new LinkedHashMap<>();
            rt.put("RouteTableId", v == null ? "" : v.routeTableId);
            rt.put("RouteTableType", "System");
            m.put("RouteTable", rt);
            m.put("Tags", Resources.vpcTags(s.tags));
            page.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", matching.size());
        out.put("PageNumber", pageNumber);
        out.put("PageSize", pageSize);
        out.put("VSwitches", Resources.wrap("VSwitch", page));
        return out;
    }

    private Map<String, Object> deleteVSwitch(Call c, RegionState r) {
        VSwitch s = r.vSwitches.get(c.required("VSwitchId"));
        if (s == null || s.deletedAt != null) {
            throw ApiError.notFound("InvalidVSwitchId.NotFound", "Specified virtual switch does not exist.");
        }
        if (!"Available".equals(s.status(c.now(), cloud.durations))) {
            throw new ApiError(400, "IncorrectVSwitchStatus", "The current status of virtual switch does not support this operation.");
        }
        // Instances still being released keep the vSwitch busy, as on the real cloud.
        if (r.instances.values().stream().anyMatch(i -> s.id.equals(i.vSwitchId))) {
            throw new ApiError(400, "DependencyViolation", "Specified object has dependent resources.");
        }
        s.deletedAt = c.now();
        return new LinkedHashMap<>();
    }
}

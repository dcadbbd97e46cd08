package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The ECS API (2014-05-26) for what the product does: catalogue reads, key pairs, security groups, instances and
 * their lifecycle, snapshots and tags. Every action runs under its region's lock (see {@link RegionState}).
 */
final class EcsActions {

    static final Set<String> ACTIONS = Set.of("DescribeRegions", "DescribeZones", "DescribeAvailableResource",
            "DescribeInstanceTypes", "DescribeImages", "DescribeKeyPairs", "ImportKeyPair", "CreateKeyPair",
            "DeleteKeyPairs", "CreateSecurityGroup", "AuthorizeSecurityGroup", "DescribeSecurityGroups",
            "DeleteSecurityGroup", "RunInstances", "CreateInstance", "AllocatePublicIpAddress", "StartInstance",
            "StopInstance", "RebootInstance", "DeleteInstance", "DeleteInstances", "DescribeInstances",
            "DescribeInstanceStatus", "ModifyInstanceSpec", "DescribeDisks", "CreateSnapshot", "DescribeSnapshots", "TagResources",
            "UntagResources", "ListTagResources");

    private static final Pattern KEY_PAIR_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:_-]{1,127}");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "ICMP", "ICMPV6", "GRE", "ALL");

    private final Cloud cloud;

    EcsActions(Cloud cloud) {
        this.cloud = cloud;
    }

    Map<String, Object> handle(Call c) {
        if (c.action().equals("DescribeRegions")) {
            return describeRegions(c.get("AcceptLanguage"));
        }
        String regionId = c.required("RegionId");
        Catalog.Region region = Catalog.region(regionId);
        if (region == null) {
            throw ApiError.notFound("InvalidRegionId.NotFound", "The specified RegionId does not exist.");
        }
        switch (c.action()) {
            case "DescribeZones":
                return describeZones(region, c.get("AcceptLanguage"));
            case "DescribeAvailableResource":
                return describeAvailableResource(c, region);
            case "DescribeInstanceTypes":
                return describeInstanceTypes(c);
            case "DescribeImages":
                return describeImages(c, region);
            case "CreateKeyPair":
                // RSA generation is slow: do it before taking the region lock.
                KeyMaterial.Generated generated = KeyMaterial.generate(c.required("KeyPairName"));
                return run(c, region, (r, events) -> createKeyPair(c, r, generated));
            default:
                return run(c, region, (r, events) -> dispatch(c, r, region, events));
        }
    }

    private interface Work {
        Map<String, Object> apply(RegionState r, Cloud.Events events);
    }

    private Map<String, Object> run(Call c, Catalog.Region region, Work work) {
        RegionState r = cloud.region(c.key().accountId(), region.id());
        Cloud.Events events = new Cloud.Events();
        boolean read = c.action().startsWith("Describe") || c.action().startsWith("List");
        return cloud.locked(r, c.now(), !read, events, () -> work.apply(r, events));
    }

    private Map<String, Object> dispatch(Call c, RegionState r, Catalog.Region region, Cloud.Events events) {
        return switch (c.action()) {
            case "DescribeKeyPairs" -> describeKeyPairs(c, r);
            case "ImportKeyPair" -> importKeyPair(c, r);
            case "DeleteKeyPairs" -> deleteKeyPairs(c, r);
            case "CreateSecurityGroup" -> createSecurityGroup(c, r, region);
            case "AuthorizeSecurityGroup" -> authorizeSecurityGroup(c, r);
            case "DescribeSecurityGroups" -> describeSecurityGroups(c, r);
            case "DeleteSecurityGroup" -> deleteSecurityGroup(c, r);
            case "RunInstances", "CreateInstance" -> createInstances(c, r, region, events);
            case "AllocatePublicIpAddress" -> allocatePublicIp(c, r, events);
            case "StartInstance" -> lifecycle(c, r, "start");
            case "StopInstance" -> lifecycle(c, r, "stop");
            case "RebootInstance" -> lifecycle(c, r, "reboot");
            case "DeleteInstance" -> deleteInstances(c, r, List.of(c.required("InstanceId")), events);
            case "DeleteInstances" -> deleteInstances(c, r, c.repeated("InstanceId"), events);
            case "DescribeInstances" -> describeInstances(c, r);
            case "DescribeInstanceStatus" -> describeInstanceStatus(c, r);
            case "ModifyInstanceSpec" -> modifyInstanceSpec(c, r);
            case "DescribeDisks" -> describeDisks(c, r);
            case "CreateSnapshot" -> createSnapshot(c, r, region);
            case "DescribeSnapshots" -> describeSnapshots(c, r);
            case "TagResources" -> tagResources(c, r, true);
            case "UntagResources" -> tagResources(c, r, false);
            case "ListTagResources" -> listTagResources(c, r);
            default -> throw new IllegalStateException(c.action());
        };
    }

    private static void dryRun(Call c) {
        if (c.bool("DryRun")) {
            throw new ApiError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ---- catalogue ----

    private Map<String, Object> describeRegions(String language) {
        List<Object> regions = new ArrayList<>();
        for (Catalog.Region r : Catalog.regions()) {
            regions.add(map("RegionId", r.id(), "LocalName", r.name(language), "RegionEndpoint", r.endpoint(),
                    "Status", "available"));
        }
        return map("Regions", Resources.wrap("Region", regions));
    }

    private Map<String, Object> describeZones(Catalog.Region region, String language) {
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

    private Map<String, Object> describeAvailableResource(Call c, Catalog.Region region) {
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

    private Map<String, Object> describeInstanceTypes(Call c) {
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

    private Map<String, Object> describeImages(Call c, Catalog.Region region) {
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
        List<Catalog.Image> matching = Catalog.images().stream()
                .filter(i -> ids == null || ids.contains(i.id()))
                .filter(i -> nameMatch.test(i.name()))
                .filter(i -> family == null || family.equals(i.family()))
                .filter(i -> owner == null || owner.equals("system"))
                .filter(i -> osType == null || osType.equalsIgnoreCase("linux"))
                .filter(i -> arch == null || arch.equals("x86_64"))
                .filter(i -> List.of(status.split(",")).contains("Available"))
                .toList();
        List<Object> out = new ArrayList<>();
        for (Catalog.Image i : Paging.page(matching, pageNumber, pageSize)) {
            out.add(map("ImageId", i.id(), "ImageName", i.name(), "ImageFamily", i.family(),
                    "ImageVersion", i.version(), "ImageOwnerAlias", "system", "OSType", "linux", "OSName", i.osName(),
                    "OSNameEn", i.osNameEn(), "Platform", i.platform(), "Architecture", "x86_64", "Size", i.sizeGiB(),
                    "Status", "Available", "IsSupportCloudinit", true, "IsSupportIoOptimized", true, "IsPublic", true,
                    "IsCopied", false, "IsSubscribed", false, "IsSelfShared", "", "Usage", "none",
                    "CreationTime", i.creationTime(), "Progress", "100%", "BootMode", "BIOS",
                    "LoginAsNonRootSupported", true, "Description", i.osNameEn(),
                    "DiskDeviceMappings", Resources.wrap("DiskDeviceMapping", List.of(map("Device", "/dev/xvda",
                            "Size", String.valueOf(i.sizeGiB()), "Type", "system"))),
                    "Tags", Resources.ecsTags(Map.of())));
        }
        return map("TotalCount", matching.size(), "PageNumber", pageNumber, "PageSize", pageSize,
                "RegionId", region.id(), "Images", Resources.wrap("Image", out));
    }

    // ---- key pairs ----

    private static void validateKeyPairName(String name) {
        if (!KEY_PAIR_NAME.matcher(name).matches() || name.startsWith("http://") || name.startsWith("https://")) {
            throw new ApiError(400, "InvalidKeyPairName.Malformed",
                    "The specified KeyPairName is malformed: 2 to 128 characters, starting with a letter; letters, digits, colons, underscores and hyphens.");
        }
    }

    private KeyPair addKeyPair(Call c, RegionState r, String name, String publicKey, String fingerprint) {
        if (r.keyPairs.containsKey(name)) {
            throw new ApiError(400, "KeyPair.AlreadyExist", "The key pair already exists.");
        }
        if (r.keyPairs.size() >= cloud.quotas.keyPairsPerRegion()) {
            throw new ApiError(403, "QuotaExceed.KeyPair", "The number of key pairs exceeds the quota.");
        }
        KeyPair k = new KeyPair(name, Cloud.newId("ssh", null), publicKey, fingerprint, c.now(), c.tags());
        r.keyPairs.put(name, k);
        return k;
    }

    private Map<String, Object> importKeyPair(Call c, RegionState r) {
        String name = c.required("KeyPairName");
        validateKeyPairName(name);
        String body = KeyMaterial.parsePublicKey(c.required("PublicKeyBody"));
        KeyPair k = addKeyPair(c, r, name, body, KeyMaterial.fingerprintOfLine(body));
        return map("KeyPairName", k.name, "KeyPairFingerPrint", k.fingerprint, "KeyPairId", k.id);
    }

    private Map<String, Object> createKeyPair(Call c, RegionState r, KeyMaterial.Generated g) {
        String name = c.required("KeyPairName");
        validateKeyPairName(name);
        KeyPair k = addKeyPair(c, r, name, g.publicKeyLine(), g.fingerprint());
        return map("KeyPairName", k.name, "KeyPairId", k.id, "KeyPairFingerPrint", k.fingerprint,
                "PrivateKeyBody", g.privateKeyPem());
    }

    private Map<String, Object> describeKeyPairs(Call c, RegionState r) {
        Predicate<String> nameMatch = Wildcard.predicate(c.get("KeyPairName"));
        String fp = c.get("KeyPairFingerPrint") == null ? null : KeyMaterial.normalizeFingerprint(c.get("KeyPairFingerPrint"));
        boolean includePublic = c.bool("IncludePublicKey");
        Map<String, String> tags = c.tags();
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 50);
        List<KeyPair> matching = r.keyPairs.values().stream()
                .filter(k -> nameMatch.test(k.name))
                .filter(k -> fp == null || fp.equals(k.fingerprint))
                .filter(k -> k.tags.entrySet().containsAll(tags.entrySet()))
                .toList();
        List<Object> out = new ArrayList<>();
        for (KeyPair k : Paging.page(matching, pageNumber, pageSize)) {
            Map<String, Object> m = map("KeyPairName", k.name, "KeyPairFingerPrint", k.fingerprint,
                    "CreationTime", Resources.MINUTES.format(k.createdAt), "ResourceGroupId", "",
                    "Tags", Resources.ecsTags(k.tags));
            if (includePublic) {
                m.put("PublicKey", k.publicKey);
            }
            out.add(m);
        }
        return map("TotalCount", matching.size(), "PageNumber", pageNumber, "PageSize", pageSize,
                "KeyPairs", Resources.wrap("KeyPair", out));
    }

    private Map<String, Object> deleteKeyPairs(Call c, RegionState r) {
        List<String> names = c.jsonArray("KeyPairNames");
        if (names == null) {
            throw ApiError.missing("KeyPairNames");
        }
        if (names.isEmpty() || names.size() > 100) {
            throw new ApiError(400, "InvalidKeyPairNames.ValueNotSupported", "KeyPairNames must hold 1 to 100 names.");
        }
        // Instances keep their copy of the public key, so a key pair in use may go, as on the real cloud.
        names.forEach(r.keyPairs::remove);
        return map();
    }

    // ---- security groups ----

    private Map<String, Object> createSecurityGroup(Call c, RegionState r, Catalog.Region region) {
        String vpcId = c.get("VpcId");
        String name = c.get("SecurityGroupName", "");
        VpcActions.validateName(name, "InvalidSecurityGroupName.Malformed", "SecurityGroupName");
        String type = c.get("SecurityGroupType", "normal");
        if (!type.equals("normal") && !type.equals("enterprise")) {
            throw new ApiError(400, "InvalidSecurityGroupType.NotFound", "The specified SecurityGroupType is not valid.");
        }
        Map<String, String> tags = c.tags();
        return cloud.idempotent(r, c, () -> {
            if (vpcId == null) {
                throw new ApiError(403, "InvalidVpcId.NotFound", "vpc id must not empty when only support vpc vm");
            }
            Vpc v = r.vpcs.get(vpcId);
            if (v == null || v.deletedAt != null) {
                throw ApiError.notFound("InvalidVpcId.NotFound", "The specified VpcId does not exist.");
            }
            if (!"Available".equals(v.status(c.now(), cloud.durations))) {
                throw new ApiError(400, "IncorrectVpcStatus", "The current status of the VPC does not support this operation.");
            }
            if (r.securityGroups.size() >= cloud.quotas.securityGroupsPerRegion()) {
                throw new ApiError(403, "QuotaExceed.SecurityGroup", "The number of security groups exceeds the quota.");
            }
            SecurityGroup g = new SecurityGroup(Cloud.newId("sg", region.idPrefix()), vpcId, name,
                    c.get("Description", ""), type, c.now(), tags);
            r.securityGroups.put(g.id, g);
            return map("SecurityGroupId", g.id);
        });
    }

    private SecurityGroup securityGroup(RegionState r, String id) {
        SecurityGroup g = r.securityGroups.get(id);
        if (g == null) {
            throw ApiError.notFound("InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.");
        }
        return g;
    }

    private Map<String, Object> authorizeSecurityGroup(Call c, RegionState r) {
        SecurityGroup g = securityGroup(r, c.required("SecurityGroupId"));
        List<SecurityGroup.Rule> rules = new ArrayList<>();
        if (c.get("Permissions.1.IpProtocol") != null) {
            for (int n = 1; n <= 100 && c.get("Permissions." + n + ".IpProtocol") != null; n++) {
                rules.add(rule(c, "Permissions." + n + "."));
            }
        } else {
            rules.add(rule(c, ""));
        }
        return cloud.idempotent(r, c, () -> {
            for (SecurityGroup.Rule rule : rules) {
                if (!g.rules.contains(rule)) { // an identical rule is accepted again without a duplicate
                    if (g.rules.size() >= cloud.quotas.rulesPerSecurityGroup()) {
                        throw new ApiError(403, "AuthorizationLimitExceed", "The number of rules exceeds the quota of the security group.");
                    }
                    g.rules.add(rule);
                }
            }
            return map();
        });
    }

    private static SecurityGroup.Rule rule(Call c, String prefix) {
        String protocol = c.get(prefix + "IpProtocol");
        if (protocol == null) {
            throw ApiError.missing(prefix + "IpProtocol");
        }
        if (!PROTOCOLS.contains(protocol.toUpperCase(Locale.ROOT))) {
            throw new ApiError(400, "InvalidIpProtocol.Malformed", "The specified IpProtocol is not valid: " + protocol);
        }
        protocol = protocol.toUpperCase(Locale.ROOT);
        String ports = c.get(prefix + "PortRange");
        if (ports == null) {
            throw ApiError.missing(prefix + "PortRange");
        }
        if (!validPorts(protocol, ports)) {
            throw new ApiError(400, "InvalidPortRange.Malformed", "The specified PortRange is not valid: " + ports);
        }
        String source = c.get(prefix + "SourceCidrIp");
        if (source == null && c.get(prefix + "SourceGroupId") == null) {
            throw new ApiError(400, "MissingParameter.Source", "SourceCidrIp or SourceGroupId must be given.");
        }
        if (source != null) {
            try {
                Cidr.parse(source.contains("/") ? source : source + "/32");
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "InvalidSourceCidrIp.Malformed", "The specified SourceCidrIp is not valid: " + source);
            }
        }
        String policy = c.get(prefix + "Policy", "accept").toLowerCase(Locale.ROOT);
        if (!policy.equals("accept") && !policy.equals("drop")) {
            throw new ApiError(400, "InvalidPolicy.Malformed", "The specified Policy is not valid: " + policy);
        }
        int priority = c.integer(prefix + "Priority", 1, 1, 100);
        return new SecurityGroup.Rule(protocol, ports, source == null ? c.get(prefix + "SourceGroupId") : source,
                policy, priority, c.get(prefix + "NicType", "intranet"), c.get(prefix + "Description", ""));
    }

    private static boolean validPorts(String protocol, String ports) {
        String[] p = ports.split("/");
        if (p.length != 2) {
            return false;
        }
        try {
            int a = Integer.parseInt(p[0]);
            int b = Integer.parseInt(p[1]);
            if (protocol.equals("TCP") || protocol.equals("UDP")) {
                return a >= 1 && b <= 65535 && a <= b;
            }
            return a == -1 && b == -1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Map<String, Object> describeSecurityGroups(Call c, RegionState r) {
        List<String> ids = c.jsonArray("SecurityGroupIds");
        String id = c.get("SecurityGroupId");
        String vpcId = c.get("VpcId");
        String name = c.get("SecurityGroupName");
        Map<String, String> tags = c.tags();
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 50);
        dryRun(c);
        List<SecurityGroup> matching = r.securityGroups.values().stream()
                .filter(g -> ids == null || ids.contains(g.id))
                .filter(g -> id == null || id.equals(g.id))
                .filter(g -> vpcId == null || vpcId.equals(g.vpcId))
                .filter(g -> name == null || name.equals(g.name))
                .filter(g -> g.tags.entrySet().containsAll(tags.entrySet()))
                .toList();
        List<Object> out = new ArrayList<>();
        for (SecurityGroup g : Paging.page(matching, pageNumber, pageSize)) {
            long members = r.instances.values().stream().filter(i -> !i.deleted() && i.securityGroupIds.contains(g.id)).count();
            out.add(map("SecurityGroupId", g.id, "SecurityGroupName", g.name, "Description", g.description,
                    "SecurityGroupType", g.type, "VpcId", g.vpcId, "CreationTime", Resources.SECONDS.format(g.createdAt),
                    "EcsCount", members, "AvailableInstanceAmount", 2000 - members, "ResourceGroupId", "",
                    "ServiceManaged", false, "Tags", Resources.ecsTags(g.tags)));
        }
        return map("TotalCount", matching.size(), "PageNumber", pageNumber, "PageSize", pageSize,
                "RegionId", r.regionId, "SecurityGroups", Resources.wrap("SecurityGroup", out));
    }

    private Map<String, Object> deleteSecurityGroup(Call c, RegionState r) {
        SecurityGroup g = securityGroup(r, c.required("SecurityGroupId"));
        if (r.instances.values().stream().anyMatch(i -> i.securityGroupIds.contains(g.id))) {
            throw new ApiError(403, "DependencyViolation", "There is still instance(s) in the specified security group.");
        }
        r.securityGroups.remove(g.id);
        return map();
    }

    // ---- instances ----

    private Map<String, Object> createInstances(Call c, RegionState r, Catalog.Region region, Cloud.Events events) {
        boolean run = c.action().equals("RunInstances");
        Catalog.Image image = Catalog.image(c.required("ImageId"));
        if (image == null) {
            throw ApiError.notFound("InvalidImageId.NotFound", "The specified ImageId does not exist.");
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
                SecurityGroup g = securityGroup(r, gid);
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
            Set<String> taken = new HashSet<>();
            r.instances.values().stream().filter(i -> vsw.id.equals(i.vSwitchId)).forEach(i -> taken.add(i.privateIp));
            if (vsw.capacity() - taken.size() < amount) {
                throw new ApiError(403, "InvalidVSwitchId.IpNotEnough", "The specified vSwitch does not have enough IP addresses.");
            }
            if (!cloud.inStock(zoneId, type.id())) {
                throw Cloud.noStock();
            }
            dryRun(c);
            cloud.takeStock(zoneId, type.id(), amount);
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < amount; n++) {
                String id = Cloud.newId("i", region.idPrefix());
                String privateIp = vsw.allocateIp(taken);
                taken.add(privateIp);
                Instance i = new Instance(id, r.regionId, zoneId, name == null ? id : name,
                        hostName == null ? "iZ" + id.substring(2) + "Z" : hostName, c.get("Description", ""),
                        type.id(), image.id(), keyPair == null ? null : keyPair.name, vsw.vpcId, vsw.id, groupIds,
                        privateIp, bandwidthOut, bandwidthIn, chargeType, Cloud.newId("d", region.idPrefix()),
                        diskCategory, diskSize, userData, c.now(), tags,
                        run ? Instance.Transition.LAUNCH : Instance.Transition.CREATE);
                i.authorizedKey = keyPair == null ? null : keyPair.publicKey;
                r.instances.put(id, i);
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

    private Instance instance(RegionState r, String id) {
        Instance i = r.instances.get(id);
        if (i == null || i.deleted()) {
            throw ApiError.notFound("InvalidInstanceId.NotFound", "The specified InstanceId does not exist.");
        }
        return i;
    }

    private Map<String, Object> allocatePublicIp(Call c, RegionState r, Cloud.Events events) {
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

    private Map<String, Object> lifecycle(Call c, RegionState r, String verb) {
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

    private Map<String, Object> deleteInstances(Call c, RegionState r, List<String> ids, Cloud.Events events) {
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

    private Map<String, Object> describeInstances(Call c, RegionState r) {
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
            list.add(instanceView(i, c));
        }
        out.put("Instances", Resources.wrap("Instance", list));
        return out;
    }

    private Map<String, Object> instanceView(Instance i, Call c) {
        Catalog.InstanceType t = Catalog.instanceType(i.instanceType);
        Catalog.Image img = Catalog.image(i.imageId);
        String status = i.status(c.now(), cloud.durations);
        java.time.Instant started = i.startTime(cloud.durations);
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

    private Map<String, Object> describeInstanceStatus(Call c, RegionState r) {
        List<String> ids = c.repeated("InstanceId");
        String zoneId = c.get("ZoneId");
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 50);
        List<Instance> matching = r.instances.values().stream()
                .filter(i -> !i.deleted())
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

    private Map<String, Object> modifyInstanceSpec(Call c, RegionState r) {
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
                    throw Cloud.noStock();
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

    // ---- disks and snapshots ----

    /** Only system disks exist: one per instance, created and released with it. */
    private Map<String, Object> describeDisks(Call c, RegionState r) {
        String instanceId = c.get("InstanceId");
        List<String> ids = c.jsonArray("DiskIds");
        String diskType = c.get("DiskType", "all");
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 100);
        dryRun(c);
        List<Instance> matching = r.instances.values().stream()
                .filter(i -> !i.deleted())
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

    private Map<String, Object> createSnapshot(Call c, RegionState r, Catalog.Region region) {
        String diskId = c.required("DiskId");
        int retention = c.integer("RetentionDays", 0, 0, 65536);
        return cloud.idempotent(r, c, () -> {
            Instance i = r.instances.values().stream().filter(x -> !x.deleted() && diskId.equals(x.systemDiskId))
                    .findFirst().orElseThrow(() -> ApiError.notFound("InvalidDiskId.NotFound", "The specified disk does not exist."));
            i.requireStatus(c.now(), cloud.durations, "Running", "Stopped");
            if (r.snapshots.values().stream().filter(s -> s.diskId.equals(diskId)).count() >= 256) {
                throw new ApiError(403, "QuotaExceed.Snapshot", "The number of manual snapshots of the disk exceeds 256.");
            }
            Snapshot s = new Snapshot(Cloud.newId("s", region.idPrefix()), c.get("SnapshotName", ""),
                    c.get("Description", ""), diskId, i.id, i.systemDiskSize, retention, c.now(), c.tags());
            r.snapshots.put(s.id, s);
            return map("SnapshotId", s.id);
        });
    }

    private Map<String, Object> describeSnapshots(Call c, RegionState r) {
        String instanceId = c.get("InstanceId");
        String diskId = c.get("DiskId");
        List<String> ids = c.jsonArray("SnapshotIds");
        String status = c.get("Status", "all");
        Map<String, String> tags = c.tags();
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 100);
        dryRun(c);
        List<Snapshot> matching = r.snapshots.values().stream()
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

    // ---- tags ----

    private Map<String, String> taggable(RegionState r, String type, String id) {
        Map<String, String> tags = switch (type) {
            case "instance" -> r.instances.containsKey(id) && !r.instances.get(id).deleted() ? r.instances.get(id).tags : null;
            case "securitygroup" -> r.securityGroups.containsKey(id) ? r.securityGroups.get(id).tags : null;
            case "keypair" -> r.keyPairs.containsKey(id) ? r.keyPairs.get(id).tags : null;
            case "snapshot" -> r.snapshots.containsKey(id) ? r.snapshots.get(id).tags : null;
            default -> throw ApiError.notFound("InvalidResourceType.NotFound", "The specified ResourceType is not valid: " + type);
        };
        if (tags == null) {
            throw ApiError.notFound("InvalidResourceId.NotFound", "The specified resource " + id + " does not exist.");
        }
        return tags;
    }

    private Map<String, Object> tagResources(Call c, RegionState r, boolean add) {
        String type = c.required("ResourceType").toLowerCase(Locale.ROOT);
        List<String> ids = c.repeated("ResourceId");
        if (ids.isEmpty()) {
            throw ApiError.missing("ResourceId.1");
        }
        if (ids.size() > 50) {
            throw new ApiError(400, "NumberExceed.ResourceIds", "At most 50 resource ids can be given.");
        }
        List<Map<String, String>> targets = ids.stream().map(id -> taggable(r, type, id)).toList();
        if (add) {
            Map<String, String> tags = c.tags();
            if (tags.isEmpty()) {
                throw ApiError.missing("Tag.1.Key");
            }
            for (Map<String, String> t : targets) {
                Set<String> keys = new HashSet<>(t.keySet());
                keys.addAll(tags.keySet());
                if (keys.size() > 20) {
                    throw new ApiError(403, "QuotaExceed.Tags", "A resource can have at most 20 tags.");
                }
            }
            targets.forEach(t -> t.putAll(tags));
        } else {
            List<String> keys = c.repeated("TagKey");
            boolean all = c.bool("All");
            targets.forEach(t -> {
                if (all) {
                    t.clear();
                } else {
                    keys.forEach(t::remove);
                }
            });
        }
        return map();
    }

    private Map<String, Object> listTagResources(Call c, RegionState r) {
        String type = c.required("ResourceType").toLowerCase(Locale.ROOT);
        List<String> ids = c.repeated("ResourceId");
        Map<String, String> filter = c.tags();
        List<Object> out = new ArrayList<>();
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        switch (type) {
            case "instance" -> r.instances.values().stream().filter(i -> !i.deleted()).forEach(i -> all.put(i.id, i.tags));
            case "securitygroup" -> r.securityGroups.values().forEach(g -> all.put(g.id, g.tags));
            case "keypair" -> r.keyPairs.values().forEach(k -> all.put(k.name, k.tags));
            case "snapshot" -> r.snapshots.values().forEach(s -> all.put(s.id, s.tags));
            default -> throw ApiError.notFound("InvalidResourceType.NotFound", "The specified ResourceType is not valid: " + type);
        }
        all.forEach((id, tags) -> {
            if ((ids.isEmpty() || ids.contains(id)) && tags.entrySet().containsAll(filter.entrySet())) {
                tags.forEach((k, v) -> out.add(map("ResourceId", id, "ResourceType", type, "TagKey", k, "TagValue", v)));
            }
        });
        return map("NextToken", "", "TagResources", Resources.wrap("TagResource", out));
    }
}

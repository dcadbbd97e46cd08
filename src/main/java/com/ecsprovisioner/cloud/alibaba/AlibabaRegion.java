package com.ecsprovisioner.cloud.alibaba;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.AuthorizeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.CreateKeyPairResponse;
import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAvailableResourceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAvailableResourceResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceTypesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceTypesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeKeyPairsResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesResponse;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairResponse;
import com.aliyuncs.ecs.model.v20140526.ModifyInstanceSpecRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vpc.model.v20160428.CreateVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsResponse;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One account in one region through the Alibaba SDK. Every call goes through {@link #call}, which points the
 * request at the configured endpoint, sets the time-outs and turns every SDK failure into a classified
 * {@link CloudException}; the methods above it only build requests and map answers.
 * <p>
 * Batch sizes are the API's own limits: 100 ids per DescribeInstances, DescribeSecurityGroups, DescribeSnapshots
 * and DeleteKeyPairs call, 20 per DescribeVpcs call, 100 rules per AuthorizeSecurityGroup call; list calls walk all
 * pages with the largest page size each action accepts.
 */
final class AlibabaRegion implements CloudRegion {

    private static final Logger LOG = Logger.getLogger(AlibabaRegion.class.getName());

    static final int MAX_IDS_PER_CALL = 100;
    static final int MAX_VPC_IDS_PER_CALL = 20;
    static final int MAX_RULES_PER_CALL = 100;
    /** The documented default (reference §4.6); the product's API set has no call that reads the VPC quota. */
    static final int DEFAULT_VPC_QUOTA = 10;
    /** vSwitches are described one id per call; past this many it is cheaper to list the region's vSwitches. */
    private static final int VSWITCH_LOOKUPS_BEFORE_LISTING = 5;
    /** Ids of resources that cannot exist: permission probes name them so that nothing is ever created. */
    private static final String PROBE_VPC = "vpc-permissionprobe000000000";
    private static final String PROBE_VSWITCH = "vsw-permissionprobe000000000";
    private static final String PROBE_SECURITY_GROUP = "sg-permissionprobe0000000000";

    private final String regionId;
    private final IAcsClient client;
    private final AcsClients.Endpoint ecsEndpoint;
    private final AcsClients.Endpoint vpcEndpoint;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    AlibabaRegion(String regionId, IAcsClient client, AcsClients.Endpoint ecsEndpoint, AcsClients.Endpoint vpcEndpoint,
                  int connectTimeoutMillis, int readTimeoutMillis) {
        this.regionId = regionId;
        this.client = client;
        this.ecsEndpoint = ecsEndpoint;
        this.vpcEndpoint = vpcEndpoint;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    // ---- the one way out ------------------------------------------------------------------------------------

    private <T extends AcsResponse> T call(Product product, AcsRequest<T> request) {
        request.setSysRegionId(regionId);
        AcsClients.Endpoint endpoint = product == Product.VPC ? vpcEndpoint : ecsEndpoint;
        request.setSysProtocol(endpoint.protocol());
        if (endpoint.overridden()) {
            request.setSysEndpoint(endpoint.hostPort());
        }
        // Request-level time-outs: the SDK's HTTP client is shared JVM-wide and keeps the first profile's settings.
        request.setSysConnectTimeout(connectTimeoutMillis);
        request.setSysReadTimeout(readTimeoutMillis);
        String action = request.getSysActionName();
        try {
            T response = client.getAcsResponse(request);
            LOG.finest(() -> action + " in " + regionId + " ok");
            return response;
        } catch (ServerException e) {
            throw failed(product, action, 500, e);
        } catch (ClientException e) {
            String code = e.getErrCode();
            throw failed(product, action, code != null && code.startsWith("SDK.") ? 0 : 400, e);
        } catch (RuntimeException e) {
            // The SDK's JSON reader throws unchecked exceptions on answers it cannot read: a broken answer is a
            // server fault, not the caller's.
            CloudException ce = ErrorClassifier.classify(product, action, regionId, 0, "SDK.UnreadableResponse",
                    e.getClass().getSimpleName(), null, null, e);
            LOG.log(Level.FINE, ce.describe());
            throw ce;
        }
    }

    private CloudException failed(Product product, String action, int status, ClientException e) {
        Object authAction = e.getAccessDeniedDetail() == null ? null : e.getAccessDeniedDetail().get("AuthAction");
        CloudException ce = ErrorClassifier.classify(product, action, regionId, status, e.getErrCode(), e.getErrMsg(),
                e.getRequestId(), authAction == null ? null : authAction.toString(), e);
        LOG.log(Level.FINE, () -> action + " in " + regionId + " failed: " + ce.describe());
        return ce;
    }

    private static CloudException invalid(String message) {
        return new CloudException(Kind.INVALID_REQUEST, "InvalidInput", null, message, false, null, null);
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw invalid(what + " must be given.");
        }
        return value;
    }

    /** The JSON-array-in-a-string form several ECS actions take for id lists (reference §1.3). */
    static String jsonArray(Collection<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (String v : values) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(']').toString();
    }

    static <T> List<List<T>> batches(Collection<T> items, int size) {
        List<T> distinct = new ArrayList<>(new LinkedHashSet<>(items));
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i += size) {
            out.add(distinct.subList(i, Math.min(distinct.size(), i + size)));
        }
        return out;
    }

    /**
     * Walks numbered pages until the reported total is reached or a page comes back short. {@code fetch} gets the
     * page number and returns (items, total count).
     */
    private static <T> List<T> allPages(int pageSize, Function<Integer, Page<T>> fetch) {
        List<T> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<T> p = fetch.apply(page);
            all.addAll(p.items());
            if (p.items().size() < pageSize || (p.total() != null && all.size() >= p.total())) {
                return all;
            }
        }
    }

    private record Page<T>(List<T> items, Integer total) {
    }

    private static boolean tagged(Map<String, String> tags, String key, Optional<String> value) {
        return tags.containsKey(key) && (value.isEmpty() || value.get().equals(tags.get(key)));
    }

    // ---- account and catalogue ------------------------------------------------------------------------------

    @Override
    public List<CloudTypes.Region> regions() {
        DescribeRegionsRequest r = new DescribeRegionsRequest();
        r.setAcceptLanguage("en-US");
        List<CloudTypes.Region> out = new ArrayList<>();
        for (DescribeRegionsResponse.Region region : call(Product.ECS, r).getRegions()) {
            out.add(new CloudTypes.Region(region.getRegionId(), region.getLocalName(),
                    StatusMapping.mainlandChina(region.getRegionId())));
        }
        return out;
    }

    @Override
    public List<CloudTypes.Zone> zones() {
        List<CloudTypes.Zone> out = new ArrayList<>();
        for (DescribeZonesResponse.Zone z : describeZones()) {
            out.add(new CloudTypes.Zone(z.getZoneId(), z.getLocalName()));
        }
        return out;
    }

    private List<DescribeZonesResponse.Zone> describeZones() {
        DescribeZonesRequest r = new DescribeZonesRequest();
        r.setAcceptLanguage("en-US");
        return call(Product.ECS, r).getZones();
    }

    /**
     * Stock comes from DescribeAvailableResource (the API's own answer to "can I buy this now"); the system disk
     * categories each type may use come from the zone's resource groups in DescribeZones, in one call rather than
     * one per type.
     */
    @Override
    public List<CloudTypes.Offer> availableInstanceTypes(String zoneId) {
        required(zoneId, "The zone");
        DescribeAvailableResourceRequest r = new DescribeAvailableResourceRequest();
        r.setDestinationResource("InstanceType");
        r.setZoneId(zoneId);
        r.setInstanceChargeType("PostPaid");
        r.setResourceType("instance");
        List<String> inStock = new ArrayList<>();
        for (DescribeAvailableResourceResponse.AvailableZone z : call(Product.ECS, r).getAvailableZones()) {
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

    @Override
    public List<CloudTypes.InstanceType> instanceTypes() {
        List<CloudTypes.InstanceType> out = new ArrayList<>();
        String token = null;
        Set<String> seen = new java.util.HashSet<>();
        do {
            DescribeInstanceTypesRequest r = new DescribeInstanceTypesRequest();
            r.setMaxResults(100L);
            if (token != null) {
                r.setNextToken(token);
            }
            DescribeInstanceTypesResponse resp = call(Product.ECS, r);
            for (DescribeInstanceTypesResponse.InstanceType t : resp.getInstanceTypes()) {
                out.add(new CloudTypes.InstanceType(t.getInstanceTypeId(), t.getInstanceTypeFamily(),
                        t.getCpuCoreCount() == null ? 0 : t.getCpuCoreCount(),
                        t.getMemorySize() == null ? 0 : t.getMemorySize()));
            }
            token = resp.getNextToken();
        } while (token != null && !token.isEmpty() && seen.add(token)); // a repeated token would loop forever
        return out;
    }

    @Override
    public List<CloudTypes.Image> publicImages() {
        return allPages(100, page -> {
            DescribeImagesRequest r = new DescribeImagesRequest();
            r.setImageOwnerAlias("system");
            r.setOSType("linux");
            r.setPageSize(100);
            r.setPageNumber(page);
            DescribeImagesResponse resp = call(Product.ECS, r);
            List<CloudTypes.Image> items = new ArrayList<>();
            for (DescribeImagesResponse.Image i : resp.getImages()) {
                String os = i.getOSNameEn() != null && !i.getOSNameEn().isBlank() ? i.getOSNameEn() : i.getOSName();
                items.add(new CloudTypes.Image(i.getImageId(), i.getImageName(), os, i.getOSType(), i.getArchitecture(),
                        i.getSize() == null ? 0 : i.getSize()));
            }
            return new Page<>(items, resp.getTotalCount());
        });
    }

    @Override
    public List<CloudTypes.KeyPair> keyPairs() {
        return allPages(50, page -> {
            DescribeKeyPairsRequest r = new DescribeKeyPairsRequest();
            r.setPageSize(50);
            r.setPageNumber(page);
            DescribeKeyPairsResponse resp = call(Product.ECS, r);
            List<CloudTypes.KeyPair> items = new ArrayList<>();
            for (DescribeKeyPairsResponse.KeyPair k : resp.getKeyPairs()) {
                items.add(new CloudTypes.KeyPair(k.getKeyPairName(), k.getKeyPairFingerPrint()));
            }
            return new Page<>(items, resp.getTotalCount());
        });
    }

    @Override
    public CloudTypes.KeyPair importKeyPair(String name, String openSshPublicKey) {
        ImportKeyPairRequest r = new ImportKeyPairRequest();
        r.setKeyPairName(required(name, "The key pair name"));
        r.setPublicKeyBody(required(openSshPublicKey, "The public key").strip());
        ImportKeyPairResponse resp = call(Product.ECS, r);
        return new CloudTypes.KeyPair(resp.getKeyPairName(), resp.getKeyPairFingerPrint());
    }

    @Override
    public CloudTypes.CreatedKeyPair createKeyPair(String name) {
        CreateKeyPairRequest r = new CreateKeyPairRequest();
        r.setKeyPairName(required(name, "The key pair name"));
        CreateKeyPairResponse resp = call(Product.ECS, r);
        return new CloudTypes.CreatedKeyPair(resp.getKeyPairName(), resp.getKeyPairFingerPrint(), resp.getPrivateKeyBody());
    }

    @Override
    public void deleteKeyPairs(Collection<String> names) {
        for (List<String> batch : batches(names, MAX_IDS_PER_CALL)) {
            DeleteKeyPairsRequest r = new DeleteKeyPairsRequest();
            r.setKeyPairNames(jsonArray(batch));
            call(Product.ECS, r);
        }
    }

    /**
     * Each probe is a call that cannot create anything: DryRun where the request class has it, and always ids of
     * resources that do not exist. RAM is checked before parameters, so "not found" or "invalid" still proves the
     * permission; only a RAM denial says it is missing. Credentials and transport failures end the check.
     */
    @Override
    public List<CloudTypes.PermissionCheck> checkPermissions(CloudTypes.PermissionProbe probe) {
        Objects.requireNonNull(probe, "probe");
        List<CloudTypes.PermissionCheck> out = new ArrayList<>();

        CreateVpcRequest vpc = new CreateVpcRequest();
        vpc.setCidrBlock("172.16.0.0/12");
        vpc.setDryRun(true);
        out.add(probe("CreateVpc", Product.VPC, vpc));

        CreateVSwitchRequest vsw = new CreateVSwitchRequest();
        vsw.setVpcId(PROBE_VPC);
        vsw.setZoneId(probe.zoneId() == null ? regionId + "-a" : probe.zoneId());
        vsw.setCidrBlock("172.16.0.0/24");
        vsw.putQueryParameter("DryRun", "true"); // newer API versions accept it; the 3.2.4 class predates it
        out.add(probe("CreateVSwitch", Product.VPC, vsw));

        CreateSecurityGroupRequest sg = new CreateSecurityGroupRequest();
        sg.setVpcId(PROBE_VPC);
        sg.putQueryParameter("DryRun", "true");
        out.add(probe("CreateSecurityGroup", Product.ECS, sg));

        RunInstancesRequest run = new RunInstancesRequest();
        run.setDryRun(true);
        run.setZoneId(probe.zoneId());
        run.setInstanceType(probe.instanceType());
        run.setImageId(probe.imageId());
        run.setVSwitchId(PROBE_VSWITCH);
        run.setSecurityGroupId(PROBE_SECURITY_GROUP);
        run.setAmount(1);
        out.add(probe("RunInstances", Product.ECS, run));
        return out;
    }

    private CloudTypes.PermissionCheck probe(String action, Product product, AcsRequest<?> request) {
        String policy = product.fullAccessPolicy;
        try {
            call(product, request);
            return new CloudTypes.PermissionCheck(action, true, policy, null);
        } catch (CloudException e) {
            if ("DryRunOperation".equals(e.code()) || "DRYRUN.SUCCESS".equals(e.code())) {
                return new CloudTypes.PermissionCheck(action, true, policy, null);
            }
            if (e.kind() == Kind.FORBIDDEN && e.missingPolicy() != null) {
                return new CloudTypes.PermissionCheck(action, false, e.missingPolicy(), e.getMessage());
            }
            if (e.kind() == Kind.BAD_CREDENTIALS || e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.THROTTLED) {
                throw e;
            }
            // Past the RAM check: the probe's made-up ids were rejected, which is what it expects.
            return new CloudTypes.PermissionCheck(action, true, policy, null);
        }
    }

    /**
     * The VPC API set this product uses (vpc 2016-04-28 actions in SDK 3.2.4) has no call that reads the quota;
     * the Quota Center API would, but it is another product and another permission. So the limit is the
     * documented default of 10 VPCs per region (reference §4.6), and the count is DescribeVpcs' total of non-default
     * VPCs (the default VPC does not count against the quota).
     */
    @Override
    public CloudTypes.Quota vpcQuota() {
        DescribeVpcsRequest r = new DescribeVpcsRequest();
        r.setIsDefault(false);
        r.setPageSize(1);
        Integer total = call(Product.VPC, r).getTotalCount();
        return new CloudTypes.Quota("VPCs per region", total == null ? 0 : total, DEFAULT_VPC_QUOTA);
    }

    // ---- networks -------------------------------------------------------------------------------------------

    /** The 3.2.4 request classes have no Tag list for VPCs and vSwitches; the API accepts Tag.N.Key/Value. */
    private static void putTags(AcsRequest<?> request, Map<String, String> tags) {
        int n = 1;
        for (Map.Entry<String, String> t : tags == null ? Map.<String, String>of().entrySet() : tags.entrySet()) {
            request.putQueryParameter("Tag." + n + ".Key", t.getKey());
            request.putQueryParameter("Tag." + n + ".Value", t.getValue());
            n++;
        }
    }

    @Override
    public String createVpc(CloudTypes.VpcSpec spec, String clientToken) {
        CreateVpcRequest r = new CreateVpcRequest();
        r.setCidrBlock(required(spec.cidrBlock(), "The VPC's CIDR block"));
        if (spec.name() != null) {
            r.setVpcName(spec.name());
        }
        if (spec.description() != null) {
            r.setDescription(spec.description());
        }
        r.setClientToken(required(clientToken, "The client token"));
        putTags(r, spec.tags());
        return call(Product.VPC, r).getVpcId();
    }

    @Override
    public Map<String, CloudTypes.Vpc> describeVpcs(Collection<String> vpcIds) {
        Map<String, CloudTypes.Vpc> out = new LinkedHashMap<>();
        for (List<String> batch : batches(vpcIds, MAX_VPC_IDS_PER_CALL)) {
            for (CloudTypes.Vpc v : listVpcs(String.join(",", batch))) {
                out.put(v.id(), v);
            }
        }
        return out;
    }

    private List<CloudTypes.Vpc> listVpcs(String ids) {
        return allPages(50, page -> {
            DescribeVpcsRequest r = new DescribeVpcsRequest();
            if (ids != null) {
                r.setVpcId(ids);
            }
            r.setPageSize(50);
            r.setPageNumber(page);
            DescribeVpcsResponse resp = call(Product.VPC, r);
            List<CloudTypes.Vpc> items = new ArrayList<>();
            for (DescribeVpcsResponse.Vpc v : resp.getVpcs()) {
                Map<String, String> tags = new LinkedHashMap<>();
                if (v.getTags() != null) {
                    v.getTags().forEach(t -> tags.put(t.getKey(), t.getValue() == null ? "" : t.getValue()));
                }
                items.add(new CloudTypes.Vpc(v.getVpcId(), v.getVpcName(), v.getCidrBlock(),
                        StatusMapping.networkStatus(v.getStatus()), v.getStatus(), Map.copyOf(tags),
                        StatusMapping.time(v.getCreationTime())));
            }
            return new Page<>(items, resp.getTotalCount());
        });
    }

    @Override
    public void deleteVpc(String vpcId) {
        DeleteVpcRequest r = new DeleteVpcRequest();
        r.setVpcId(required(vpcId, "The VPC id"));
        call(Product.VPC, r);
    }

    @Override
    public String createVSwitch(CloudTypes.VSwitchSpec spec, String clientToken) {
        CreateVSwitchRequest r = new CreateVSwitchRequest();
        r.setVpcId(required(spec.vpcId(), "The vSwitch's VPC"));
        r.setZoneId(required(spec.zoneId(), "The vSwitch's zone"));
        r.setCidrBlock(required(spec.cidrBlock(), "The vSwitch's CIDR block"));
        if (spec.name() != null) {
            r.setVSwitchName(spec.name());
        }
        r.setClientToken(required(clientToken, "The client token"));
        putTags(r, spec.tags());
        return call(Product.VPC, r).getVSwitchId();
    }

    /**
     * DescribeVSwitches takes one vSwitch id per call; for many ids the region's vSwitches are listed instead
     * (pages of 50), which is fewer calls.
     */
    @Override
    public Map<String, CloudTypes.VSwitch> describeVSwitches(Collection<String> vSwitchIds) {
        Set<String> wanted = new LinkedHashSet<>(vSwitchIds);
        Map<String, CloudTypes.VSwitch> out = new LinkedHashMap<>();
        if (wanted.size() <= VSWITCH_LOOKUPS_BEFORE_LISTING) {
            for (String id : wanted) {
                listVSwitches(id).forEach(s -> out.put(s.id(), s));
            }
        } else {
            listVSwitches(null).stream().filter(s -> wanted.contains(s.id())).forEach(s -> out.put(s.id(), s));
        }
        return out;
    }

    private List<CloudTypes.VSwitch> listVSwitches(String id) {
        return allPages(50, page -> {
            DescribeVSwitchesRequest r = new DescribeVSwitchesRequest();
            if (id != null) {
                r.setVSwitchId(id);
            }
            r.setPageSize(50);
            r.setPageNumber(page);
            DescribeVSwitchesResponse resp = call(Product.VPC, r);
            List<CloudTypes.VSwitch> items = new ArrayList<>();
            for (DescribeVSwitchesResponse.VSwitch s : resp.getVSwitches()) {
                Map<String, String> tags = new LinkedHashMap<>();
                if (s.getTags() != null) {
                    s.getTags().forEach(t -> tags.put(t.getKey(), t.getValue() == null ? "" : t.getValue()));
                }
                items.add(new CloudTypes.VSwitch(s.getVSwitchId(), s.getVpcId(), s.getZoneId(), s.getCidrBlock(),
                        StatusMapping.networkStatus(s.getStatus()), s.getStatus(), Map.copyOf(tags),
                        StatusMapping.time(s.getCreationTime())));
            }
            return new Page<>(items, resp.getTotalCount());
        });
    }

    @Override
    public void deleteVSwitch(String vSwitchId) {
        DeleteVSwitchRequest r = new DeleteVSwitchRequest();
        r.setVSwitchId(required(vSwitchId, "The vSwitch id"));
        call(Product.VPC, r);
    }

    @Override
    public String createSecurityGroup(CloudTypes.SecurityGroupSpec spec, String clientToken) {
        CreateSecurityGroupRequest r = new CreateSecurityGroupRequest();
        r.setVpcId(required(spec.vpcId(), "The security group's VPC"));
        if (spec.name() != null) {
            r.setSecurityGroupName(spec.name());
        }
        if (spec.description() != null) {
            r.setDescription(spec.description());
        }
        r.setSecurityGroupType("normal");
        r.setClientToken(required(clientToken, "The client token"));
        List<CreateSecurityGroupRequest.Tag> tags = new ArrayList<>();
        if (spec.tags() != null) {
            spec.tags().forEach((k, v) -> {
                CreateSecurityGroupRequest.Tag t = new CreateSecurityGroupRequest.Tag();
                t.setKey(k);
                t.setValue(v);
                tags.add(t);
            });
        }
        if (!tags.isEmpty()) {
            r.setTags(tags);
        }
        return call(Product.ECS, r).getSecurityGroupId();
    }

    /**
     * AuthorizeSecurityGroup takes up to 100 rules as {@code Permissions.N} (SDK ecs 5.11.7), so SSH, 80 and 443
     * go in one call. For more than 100 rules each further call gets its own token derived from the caller's.
     */
    @Override
    public void authorizeIngress(String securityGroupId, List<CloudTypes.IngressRule> rules, String clientToken) {
        required(securityGroupId, "The security group id");
        required(clientToken, "The client token");
        List<List<CloudTypes.IngressRule>> batches = batches(rules, MAX_RULES_PER_CALL);
        for (int b = 0; b < batches.size(); b++) {
            AuthorizeSecurityGroupRequest r = new AuthorizeSecurityGroupRequest();
            r.setSecurityGroupId(securityGroupId);
            List<AuthorizeSecurityGroupRequest.Permissions> permissions = new ArrayList<>();
            for (CloudTypes.IngressRule rule : batches.get(b)) {
                if (rule.fromPort() < 1 || rule.toPort() > 65535 || rule.fromPort() > rule.toPort()) {
                    throw invalid("Port range " + rule.fromPort() + "-" + rule.toPort() + " is not valid: use 1 to 65535, from ≤ to.");
                }
                AuthorizeSecurityGroupRequest.Permissions p = new AuthorizeSecurityGroupRequest.Permissions();
                p.setIpProtocol("TCP");
                p.setPortRange(rule.fromPort() + "/" + rule.toPort());
                p.setSourceCidrIp(rule.sourceCidr() == null ? "0.0.0.0/0" : rule.sourceCidr());
                p.setPolicy("accept");
                p.setPriority("1");
                p.setNicType("intranet");
                if (rule.description() != null && !rule.description().isBlank()) {
                    p.setDescription(rule.description());
                }
                permissions.add(p);
            }
            r.setPermissions(permissions);
            r.setClientToken(b == 0 ? clientToken : derivedToken(clientToken, b));
            call(Product.ECS, r);
        }
    }

    /** A token for the n-th extra call of one logical operation; ClientToken allows at most 64 characters. */
    static String derivedToken(String token, int n) {
        String suffix = "-" + n;
        return (token.length() + suffix.length() > 64 ? token.substring(0, 64 - suffix.length()) : token) + suffix;
    }

    @Override
    public Map<String, CloudTypes.SecurityGroup> describeSecurityGroups(Collection<String> securityGroupIds) {
        Map<String, CloudTypes.SecurityGroup> out = new LinkedHashMap<>();
        for (List<String> batch : batches(securityGroupIds, MAX_IDS_PER_CALL)) {
            listSecurityGroups(jsonArray(batch), null).forEach(g -> out.put(g.id(), g));
        }
        return out;
    }

    private List<CloudTypes.SecurityGroup> listSecurityGroups(String idsJson, Map.Entry<String, String> tag) {
        return allPages(50, page -> {
            DescribeSecurityGroupsRequest r = new DescribeSecurityGroupsRequest();
            if (idsJson != null) {
                r.setSecurityGroupIds(idsJson);
            }
            if (tag != null) {
                DescribeSecurityGroupsRequest.Tag t = new DescribeSecurityGroupsRequest.Tag();
                t.setKey(tag.getKey());
                t.setValue(tag.getValue());
                r.setTags(List.of(t));
            }
            r.setPageSize(50);
            r.setPageNumber(page);
            DescribeSecurityGroupsResponse resp = call(Product.ECS, r);
            List<CloudTypes.SecurityGroup> items = new ArrayList<>();
            for (DescribeSecurityGroupsResponse.SecurityGroup g : resp.getSecurityGroups()) {
                Map<String, String> tags = new LinkedHashMap<>();
                if (g.getTags() != null) {
                    g.getTags().forEach(t -> tags.put(t.getTagKey(), t.getTagValue() == null ? "" : t.getTagValue()));
                }
                items.add(new CloudTypes.SecurityGroup(g.getSecurityGroupId(), g.getVpcId(), g.getSecurityGroupName(),
                        Map.copyOf(tags), StatusMapping.time(g.getCreationTime())));
            }
            return new Page<>(items, resp.getTotalCount());
        });
    }

    @Override
    public void deleteSecurityGroup(String securityGroupId) {
        DeleteSecurityGroupRequest r = new DeleteSecurityGroupRequest();
        r.setSecurityGroupId(required(securityGroupId, "The security group id"));
        call(Product.ECS, r);
    }

    /** Tags are matched here, after listing, because a key-only filter means different things to different APIs. */
    @Override
    public List<CloudTypes.TaggedResource> networkResourcesTagged(String tagKey, Optional<String> tagValue) {
        required(tagKey, "The tag key");
        List<CloudTypes.TaggedResource> out = new ArrayList<>();
        for (CloudTypes.Vpc v : listVpcs(null)) {
            if (tagged(v.tags(), tagKey, tagValue)) {
                out.add(new CloudTypes.TaggedResource(CloudTypes.ResourceKind.VPC, v.id(), v.name(), v.tags(), v.createdAt()));
            }
        }
        for (CloudTypes.VSwitch s : listVSwitches(null)) {
            if (tagged(s.tags(), tagKey, tagValue)) {
                out.add(new CloudTypes.TaggedResource(CloudTypes.ResourceKind.VSWITCH, s.id(), null, s.tags(), s.createdAt()));
            }
        }
        for (CloudTypes.SecurityGroup g : listSecurityGroups(null, tagValue.map(v -> Map.entry(tagKey, v)).orElse(null))) {
            if (tagged(g.tags(), tagKey, tagValue)) {
                out.add(new CloudTypes.TaggedResource(CloudTypes.ResourceKind.SECURITY_GROUP, g.id(), g.name(), g.tags(),
                        g.createdAt()));
            }
        }
        return out;
    }

    // ---- instances ------------------------------------------------------------------------------------------

    @Override
    public String runInstance(CloudTypes.InstanceSpec spec, String clientToken) {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setAmount(1);
        r.setZoneId(required(spec.zoneId(), "The zone"));
        r.setInstanceType(required(spec.instanceType(), "The instance type"));
        r.setImageId(required(spec.imageId(), "The image"));
        r.setVSwitchId(required(spec.vSwitchId(), "The vSwitch"));
        r.setSecurityGroupId(required(spec.securityGroupId(), "The security group"));
        if (spec.name() != null) {
            r.setInstanceName(spec.name());
        }
        if (spec.hostName() != null) {
            r.setHostName(spec.hostName());
        }
        if (spec.keyPairName() != null) {
            r.setKeyPairName(spec.keyPairName());
        }
        if (spec.systemDiskCategory() != null) {
            r.setSystemDiskCategory(spec.systemDiskCategory());
        }
        if (spec.systemDiskSizeGiB() > 0) {
            r.setSystemDiskSize(String.valueOf(spec.systemDiskSizeGiB()));
        }
        if (spec.internetMaxBandwidthOut() < 0 || spec.internetMaxBandwidthOut() > 100) {
            throw invalid("The outbound bandwidth must be 0 to 100 Mbit/s, got " + spec.internetMaxBandwidthOut() + ".");
        }
        // A public IP comes with outbound bandwidth (reference §6): no separate AllocatePublicIpAddress call.
        r.setInternetMaxBandwidthOut(spec.internetMaxBandwidthOut());
        r.setInternetChargeType("PayByTraffic");
        r.setInstanceChargeType("PostPaid");
        List<RunInstancesRequest.Tag> tags = new ArrayList<>();
        if (spec.tags() != null) {
            spec.tags().forEach((k, v) -> {
                RunInstancesRequest.Tag t = new RunInstancesRequest.Tag();
                t.setKey(k);
                t.setValue(v);
                tags.add(t);
            });
        }
        if (!tags.isEmpty()) {
            r.setTags(tags);
        }
        r.setClientToken(required(clientToken, "The client token"));
        List<String> ids = call(Product.ECS, r).getInstanceIdSets();
        if (ids == null || ids.isEmpty()) {
            throw new CloudException(Kind.UNAVAILABLE, "EmptyInstanceIdSet", null,
                    "RunInstances answered without an instance id; it will be tried again with the same token.", true, null, null);
        }
        return ids.get(0);
    }

    @Override
    public Map<String, CloudTypes.Instance> describeInstances(Collection<String> instanceIds) {
        Map<String, CloudTypes.Instance> out = new LinkedHashMap<>();
        for (List<String> batch : batches(instanceIds, MAX_IDS_PER_CALL)) {
            String ids = jsonArray(batch);
            listInstances(r -> r.setInstanceIds(ids)).forEach(i -> out.put(i.id(), i));
        }
        return out;
    }

    @Override
    public List<CloudTypes.Instance> instancesTagged(String tagKey, Optional<String> tagValue) {
        required(tagKey, "The tag key");
        return listInstances(r -> tagValue.ifPresent(v -> {
            DescribeInstancesRequest.Tag t = new DescribeInstancesRequest.Tag();
            t.setKey(tagKey);
            t.setValue(v);
            r.setTags(List.of(t));
        })).stream().filter(i -> tagged(i.tags(), tagKey, tagValue)).toList();
    }

    private List<CloudTypes.Instance> listInstances(java.util.function.Consumer<DescribeInstancesRequest> filter) {
        return allPages(100, page -> {
            DescribeInstancesRequest r = new DescribeInstancesRequest();
            filter.accept(r);
            r.setPageSize(100);
            r.setPageNumber(page);
            DescribeInstancesResponse resp = call(Product.ECS, r);
            List<CloudTypes.Instance> items = new ArrayList<>();
            for (DescribeInstancesResponse.Instance i : resp.getInstances()) {
                items.add(instance(i));
            }
            return new Page<>(items, resp.getTotalCount());
        });
    }

    private static CloudTypes.Instance instance(DescribeInstancesResponse.Instance i) {
        Optional<String> publicIp = first(i.getPublicIpAddress());
        if (publicIp.isEmpty() && i.getEipAddress() != null) {
            publicIp = Optional.ofNullable(i.getEipAddress().getIpAddress()).filter(s -> !s.isBlank());
        }
        var vpc = i.getVpcAttributes();
        Optional<String> privateIp = vpc == null ? Optional.empty() : first(vpc.getPrivateIpAddress());
        if (privateIp.isEmpty()) {
            privateIp = first(i.getInnerIpAddress());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (i.getTags() != null) {
            i.getTags().forEach(t -> tags.put(t.getTagKey(), t.getTagValue() == null ? "" : t.getTagValue()));
        }
        String keyPair = i.getKeyPairName() == null || i.getKeyPairName().isBlank() ? null : i.getKeyPairName();
        return new CloudTypes.Instance(i.getInstanceId(), i.getInstanceName(), i.getZoneId(), i.getInstanceType(),
                i.getImageId(), StatusMapping.instanceState(i.getStatus()), i.getStatus(), publicIp, privateIp,
                vpc == null ? null : vpc.getVpcId(), vpc == null ? null : vpc.getVSwitchId(),
                i.getSecurityGroupIds() == null ? List.of() : List.copyOf(i.getSecurityGroupIds()), keyPair,
                Map.copyOf(tags), StatusMapping.time(i.getCreationTime()));
    }

    private static Optional<String> first(List<String> values) {
        return values == null ? Optional.empty() : values.stream().filter(s -> s != null && !s.isBlank()).findFirst();
    }

    @Override
    public void startInstance(String instanceId) {
        StartInstanceRequest r = new StartInstanceRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        call(Product.ECS, r);
    }

    @Override
    public void stopInstance(String instanceId, boolean force) {
        StopInstanceRequest r = new StopInstanceRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        r.setForceStop(force);
        call(Product.ECS, r);
    }

    @Override
    public void rebootInstance(String instanceId, boolean force) {
        RebootInstanceRequest r = new RebootInstanceRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        r.setForceStop(force);
        call(Product.ECS, r);
    }

    @Override
    public void deleteInstance(String instanceId, boolean force) {
        DeleteInstanceRequest r = new DeleteInstanceRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        r.setForce(force);
        call(Product.ECS, r);
    }

    @Override
    public void modifyInstanceType(String instanceId, String instanceType) {
        ModifyInstanceSpecRequest r = new ModifyInstanceSpecRequest();
        r.setInstanceId(required(instanceId, "The instance id"));
        r.setInstanceType(required(instanceType, "The instance type"));
        call(Product.ECS, r);
    }

    @Override
    public String snapshotSystemDisk(String instanceId, String name, String clientToken) {
        DescribeDisksRequest d = new DescribeDisksRequest();
        d.setInstanceId(required(instanceId, "The instance id"));
        d.setDiskType("system");
        List<DescribeDisksResponse.Disk> disks = call(Product.ECS, d).getDisks();
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
        return call(Product.ECS, r).getSnapshotId();
    }

    @Override
    public Map<String, CloudTypes.Snapshot> describeSnapshots(Collection<String> snapshotIds) {
        Map<String, CloudTypes.Snapshot> out = new LinkedHashMap<>();
        for (List<String> batch : batches(snapshotIds, MAX_IDS_PER_CALL)) {
            String ids = jsonArray(batch);
            List<CloudTypes.Snapshot> found = allPages(100, page -> {
                DescribeSnapshotsRequest r = new DescribeSnapshotsRequest();
                r.setSnapshotIds(ids);
                r.setPageSize(100);
                r.setPageNumber(page);
                DescribeSnapshotsResponse resp = call(Product.ECS, r);
                List<CloudTypes.Snapshot> items = new ArrayList<>();
                for (DescribeSnapshotsResponse.Snapshot s : resp.getSnapshots()) {
                    items.add(new CloudTypes.Snapshot(s.getSnapshotId(), s.getSnapshotName(), s.getSourceDiskId(),
                            StatusMapping.snapshotStatus(s.getStatus()), StatusMapping.percent(s.getProgress()),
                            StatusMapping.time(s.getCreationTime())));
                }
                return new Page<>(items, resp.getTotalCount());
            });
            found.forEach(s -> out.put(s.id(), s));
        }
        return out;
    }
}

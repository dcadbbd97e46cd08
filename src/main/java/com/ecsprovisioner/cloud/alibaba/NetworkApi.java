package com.ecsprovisioner.cloud.alibaba;

import static com.ecsprovisioner.cloud.alibaba.RegionCalls.allPages;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.batches;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.required;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.tagged;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsResponse;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** VPCs and vSwitches (VPC API 2016-04-28), the VPC count, and the network resources left behind under a tag. Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}. */
final class NetworkApi {

    static final int MAX_VPC_IDS_PER_CALL = 20;
    /** vSwitches are described one id per call; past this many it is cheaper to list the region's vSwitches. */
    private static final int VSWITCH_LOOKUPS_BEFORE_LISTING = 5;

    private final RegionCalls calls;
    private final SecurityGroupApi securityGroups;

    NetworkApi(RegionCalls calls, SecurityGroupApi securityGroups) {
        this.calls = calls;
        this.securityGroups = securityGroups;
    }

    /** DescribeVpcs' total of non-default VPCs: the default VPC does not count against the quota (reference §4.6). */
    int vpcCount() {
        DescribeVpcsRequest r = new DescribeVpcsRequest();
        r.setIsDefault(false);
        r.setPageSize(1);
        Integer total = calls.call(Product.VPC, r).getTotalCount();
        return total == null ? 0 : total;
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

    String createVpc(CloudTypes.VpcSpec spec, String clientToken) {
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
        return calls.call(Product.VPC, r).getVpcId();
    }

    Map<String, CloudTypes.Vpc> describeVpcs(Collection<String> vpcIds) {
        Map<String, CloudTypes.Vpc> out = new LinkedHashMap<>();
        for (List<String> batch : batches(vpcIds, MAX_VPC_IDS_PER_CALL)) {
            for (CloudTypes.Vpc v : listVpcs(String.join(",", batch))) {
                out.put(v.id(), v);
            }
        }
        return out;
    }

    List<CloudTypes.Vpc> listVpcs(String ids) {
        return allPages(50, page -> {
            DescribeVpcsRequest r = new DescribeVpcsRequest();
            if (ids != null) {
                r.setVpcId(ids);
            }
            r.setPageSize(50);
            r.setPageNumber(page);
            DescribeVpcsResponse resp = calls.call(Product.VPC, r);
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
            return new RegionCalls.Page<>(items, resp.getTotalCount());
        });
    }

    void deleteVpc(String vpcId) {
        DeleteVpcRequest r = new DeleteVpcRequest();
        r.setVpcId(required(vpcId, "The VPC id"));
        calls.call(Product.VPC, r);
    }

    String createVSwitch(CloudTypes.VSwitchSpec spec, String clientToken) {
        CreateVSwitchRequest r = new CreateVSwitchRequest();
        r.setVpcId(required(spec.vpcId(), "The vSwitch's VPC"));
        r.setZoneId(required(spec.zoneId(), "The vSwitch's zone"));
        r.setCidrBlock(required(spec.cidrBlock(), "The vSwitch's CIDR block"));
        if (spec.name() != null) {
            r.setVSwitchName(spec.name());
        }
        r.setClientToken(required(clientToken, "The client token"));
        putTags(r, spec.tags());
        return calls.call(Product.VPC, r).getVSwitchId();
    }

    /**
     * DescribeVSwitches takes one vSwitch id per call; for many ids the region's vSwitches are listed instead
     * (pages of 50), which is fewer calls.
     */
    Map<String, CloudTypes.VSwitch> describeVSwitches(Collection<String> vSwitchIds) {
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

    List<CloudTypes.VSwitch> listVSwitches(String id) {
        return allPages(50, page -> {
            DescribeVSwitchesRequest r = new DescribeVSwitchesRequest();
            if (id != null) {
                r.setVSwitchId(id);
            }
            r.setPageSize(50);
            r.setPageNumber(page);
            DescribeVSwitchesResponse resp = calls.call(Product.VPC, r);
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
            return new RegionCalls.Page<>(items, resp.getTotalCount());
        });
    }

    void deleteVSwitch(String vSwitchId) {
        DeleteVSwitchRequest r = new DeleteVSwitchRequest();
        r.setVSwitchId(required(vSwitchId, "The vSwitch id"));
        calls.call(Product.VPC, r);
    }

    /** Tags are matched here, after listing, because a key-only filter means different things to different APIs. */
    List<CloudTypes.TaggedResource> networkResourcesTagged(String tagKey, Optional<String> tagValue) {
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
        for (CloudTypes.SecurityGroup g : securityGroups.listSecurityGroups(null, tagValue.map(v -> Map.entry(tagKey, v)).orElse(null))) {
            if (tagged(g.tags(), tagKey, tagValue)) {
                out.add(new CloudTypes.TaggedResource(CloudTypes.ResourceKind.SECURITY_GROUP, g.id(), g.name(), g.tags(),
                        g.createdAt()));
            }
        }
        return out;
    }
}

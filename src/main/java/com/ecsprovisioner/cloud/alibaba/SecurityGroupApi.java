package com.ecsprovisioner.cloud.alibaba;

import static com.ecsprovisioner.cloud.alibaba.RegionCalls.MAX_IDS_PER_CALL;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.allPages;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.batches;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.invalid;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.jsonArray;
import static com.ecsprovisioner.cloud.alibaba.RegionCalls.required;

import com.aliyuncs.ecs.model.v20140526.AuthorizeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupAttributeRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupAttributeResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.ecs.model.v20140526.RevokeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsResponse;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Security groups: create, authorize and revoke ingress (in batches of {@link #MAX_RULES_PER_CALL} rules), read their rules, describe and delete. Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}. */
final class SecurityGroupApi {

    static final int MAX_RULES_PER_CALL = 100;

    private final RegionCalls calls;

    SecurityGroupApi(RegionCalls calls) {
        this.calls = calls;
    }

    String createSecurityGroup(CloudTypes.SecurityGroupSpec spec, String clientToken) {
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
        return calls.call(Product.ECS, r).getSecurityGroupId();
    }

    /**
     * AuthorizeSecurityGroup takes up to 100 rules as {@code Permissions.N} (SDK ecs 5.11.7), so SSH, 80 and 443
     * go in one call. For more than 100 rules each further call gets its own token derived from the caller's.
     */
    void authorizeIngress(String securityGroupId, List<CloudTypes.IngressRule> rules, String clientToken) {
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
            calls.call(Product.ECS, r);
        }
    }

    /** A token for the n-th extra call of one logical operation; ClientToken allows at most 64 characters. */
    static String derivedToken(String token, int n) {
        String suffix = "-" + n;
        return (token.length() + suffix.length() > 64 ? token.substring(0, 64 - suffix.length()) : token) + suffix;
    }

    Map<String, CloudTypes.SecurityGroup> describeSecurityGroups(Collection<String> securityGroupIds) {
        Map<String, CloudTypes.SecurityGroup> out = new LinkedHashMap<>();
        for (List<String> batch : batches(securityGroupIds, MAX_IDS_PER_CALL)) {
            listSecurityGroups(jsonArray(batch), null).forEach(g -> out.put(g.id(), g));
        }
        return out;
    }

    List<CloudTypes.SecurityGroup> listSecurityGroups(String idsJson, Map.Entry<String, String> tag) {
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
            DescribeSecurityGroupsResponse resp = calls.call(Product.ECS, r);
            List<CloudTypes.SecurityGroup> items = new ArrayList<>();
            for (DescribeSecurityGroupsResponse.SecurityGroup g : resp.getSecurityGroups()) {
                Map<String, String> tags = new LinkedHashMap<>();
                if (g.getTags() != null) {
                    g.getTags().forEach(t -> tags.put(t.getTagKey(), t.getTagValue() == null ? "" : t.getTagValue()));
                }
                items.add(new CloudTypes.SecurityGroup(g.getSecurityGroupId(), g.getVpcId(), g.getSecurityGroupName(),
                        Map.copyOf(tags), StatusMapping.time(g.getCreationTime())));
            }
            return new RegionCalls.Page<>(items, resp.getTotalCount());
        });
    }

    /**
     * DescribeSecurityGroupAttribute with Direction=ingress; the answer may be paged with NextToken (the current API
     * pages only when MaxResults is given, which is not sent here, but a token in the answer is followed anyway).
     */
    List<CloudTypes.IngressRule> ingressRules(String securityGroupId) {
        required(securityGroupId, "The security group id");
        List<CloudTypes.IngressRule> out = new ArrayList<>();
        String next = null;
        do {
            DescribeSecurityGroupAttributeRequest r = new DescribeSecurityGroupAttributeRequest();
            r.setSecurityGroupId(securityGroupId);
            r.setDirection("ingress");
            if (next != null) {
                r.setNextToken(next);
            }
            DescribeSecurityGroupAttributeResponse resp = calls.call(Product.ECS, r);
            if (resp.getPermissions() != null) {
                for (DescribeSecurityGroupAttributeResponse.Permission p : resp.getPermissions()) {
                    ingressRule(p).ifPresent(out::add);
                }
            }
            next = resp.getNextToken() == null || resp.getNextToken().isBlank() ? null : resp.getNextToken();
        } while (next != null);
        return out;
    }

    /** A TCP accept rule from an IPv4 range, as the product words it; any other rule is not the product's. */
    static Optional<CloudTypes.IngressRule> ingressRule(DescribeSecurityGroupAttributeResponse.Permission p) {
        boolean ingress = p.getDirection() == null || p.getDirection().isBlank() || "ingress".equalsIgnoreCase(p.getDirection());
        String cidr = p.getSourceCidrIp();
        if (!ingress || !"TCP".equalsIgnoreCase(p.getIpProtocol()) || !"accept".equalsIgnoreCase(p.getPolicy())
                || cidr == null || cidr.isBlank() || p.getPortRange() == null) {
            return Optional.empty();
        }
        String[] ports = p.getPortRange().split("/");
        try {
            int from = Integer.parseInt(ports[0].strip());
            int to = Integer.parseInt(ports[ports.length - 1].strip());
            return Optional.of(new CloudTypes.IngressRule(from, to, cidr.contains("/") ? cidr : cidr + "/32",
                    p.getDescription()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** RevokeSecurityGroup with the same shape AuthorizeSecurityGroup was given (TCP, accept, intranet). */
    void revokeIngress(String securityGroupId, List<CloudTypes.IngressRule> rules) {
        required(securityGroupId, "The security group id");
        for (List<CloudTypes.IngressRule> batch : batches(rules, MAX_RULES_PER_CALL)) {
            RevokeSecurityGroupRequest r = new RevokeSecurityGroupRequest();
            r.setSecurityGroupId(securityGroupId);
            List<RevokeSecurityGroupRequest.Permissions> permissions = new ArrayList<>();
            for (CloudTypes.IngressRule rule : batch) {
                RevokeSecurityGroupRequest.Permissions p = new RevokeSecurityGroupRequest.Permissions();
                p.setIpProtocol("TCP");
                p.setPortRange(rule.fromPort() + "/" + rule.toPort());
                p.setSourceCidrIp(rule.sourceCidr() == null ? "0.0.0.0/0" : rule.sourceCidr().toLowerCase(Locale.ROOT));
                p.setPolicy("accept");
                p.setNicType("intranet");
                permissions.add(p);
            }
            r.setPermissions(permissions);
            calls.call(Product.ECS, r);
        }
    }

    void deleteSecurityGroup(String securityGroupId) {
        DeleteSecurityGroupRequest r = new DeleteSecurityGroupRequest();
        r.setSecurityGroupId(required(securityGroupId, "The security group id"));
        calls.call(Product.ECS, r);
    }
}

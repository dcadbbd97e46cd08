package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.map;
import static com.ecsprovisioner.sandbox.cloud.Answers.dryRun;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** ECS security groups: create, authorize and revoke ingress rules, describe them and their rules, and delete. Runs under the region lock {@link EcsActions} takes. */
final class SecurityGroupActions {

    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "ICMP", "ICMPV6", "GRE", "ALL");

    private final SimulatedCloud cloud;

    SecurityGroupActions(SimulatedCloud cloud) {
        this.cloud = cloud;
    }

    Map<String, Object> createSecurityGroup(Call c, RegionState r, Catalog.Region region) {
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
            SecurityGroup g = new SecurityGroup(SimulatedCloud.newId("sg", region.idPrefix()), vpcId, name,
                    c.get("Description", ""), type, c.now(), tags);
            r.securityGroups.put(g.id, g);
            return map("SecurityGroupId", g.id);
        });
    }

    static SecurityGroup securityGroup(RegionState r, String id) {
        SecurityGroup g = r.securityGroups.get(id);
        if (g == null) {
            throw ApiError.notFound("InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.");
        }
        return g;
    }

    /** The rules a call names: up to 100 as {@code Permissions.N.*}, or one in the older top-level parameters. */
    private List<SecurityGroup.Rule> rules(Call c) {
        List<SecurityGroup.Rule> rules = new ArrayList<>();
        if (c.get("Permissions.1.IpProtocol") != null) {
            for (int n = 1; n <= 100 && c.get("Permissions." + n + ".IpProtocol") != null; n++) {
                rules.add(rule(c, "Permissions." + n + "."));
            }
        } else {
            rules.add(rule(c, ""));
        }
        return rules;
    }

    Map<String, Object> authorizeSecurityGroup(Call c, RegionState r) {
        SecurityGroup g = securityGroup(r, c.required("SecurityGroupId"));
        List<SecurityGroup.Rule> rules = rules(c);
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

    /**
     * Removes the inbound rules that match in protocol, ports, source, policy and NIC type (priority and
     * description do not make a rule another one); a rule that is not there changes nothing and is no error.
     */
    Map<String, Object> revokeSecurityGroup(Call c, RegionState r) {
        SecurityGroup g = securityGroup(r, c.required("SecurityGroupId"));
        List<SecurityGroup.Rule> rules = rules(c);
        dryRun(c);
        for (SecurityGroup.Rule revoked : rules) {
            g.rules.removeIf(x -> x.ipProtocol().equals(revoked.ipProtocol()) && x.portRange().equals(revoked.portRange())
                    && x.sourceCidrIp().equals(revoked.sourceCidrIp()) && x.policy().equals(revoked.policy())
                    && x.nicType().equals(revoked.nicType()));
        }
        return map();
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

    Map<String, Object> describeSecurityGroups(Call c, RegionState r) {
        List<String> ids = c.jsonArray("SecurityGroupIds");
        String id = c.get("SecurityGroupId");
        String vpcId = c.get("VpcId");
        String name = c.get("SecurityGroupName");
        Map<String, String> tags = c.tags();
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 50);
        dryRun(c);
        List<SecurityGroup> matching = r.securityGroups.values().stream()
                .filter(g -> cloud.durations.visible(g.createdAt, c.now()))
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

    /**
     * The group and its rules in the published shape (SDK ecs 5.11.7's unmarshaller: {@code Permissions.Permission[]}
     * with {@code Direction}, {@code IpProtocol}, {@code PortRange}, {@code SourceCidrIp} or {@code SourceGroupId},
     * {@code Policy} as the API spells it, "Accept" or "Drop", {@code Priority} as a string, {@code NicType},
     * {@code Description}). Every rule here is inbound, so {@code Direction=egress} lists none; all rules come in one
     * answer, as when {@code MaxResults} is not given.
     */
    Map<String, Object> describeSecurityGroupAttribute(Call c, RegionState r) {
        SecurityGroup g = securityGroup(r, c.required("SecurityGroupId"));
        String direction = c.get("Direction", "all").toLowerCase(Locale.ROOT);
        if (!Set.of("all", "ingress", "egress").contains(direction)) {
            throw new ApiError(400, "InvalidDirection.Malformed", "The specified Direction is not valid: " + direction);
        }
        dryRun(c);
        List<Object> permissions = new ArrayList<>();
        if (!direction.equals("egress")) {
            for (SecurityGroup.Rule rule : g.rules) {
                // A rule with a group as its source keeps the group's id in the source field (see rule()).
                boolean fromGroup = rule.sourceCidrIp().startsWith("sg-");
                permissions.add(map("Direction", "ingress", "IpProtocol", rule.ipProtocol(), "PortRange", rule.portRange(),
                        "SourceCidrIp", fromGroup ? "" : rule.sourceCidrIp(), "SourceGroupId", fromGroup ? rule.sourceCidrIp() : "",
                        "Ipv6SourceCidrIp", "", "DestCidrIp", "", "SourcePortRange", "", "SourcePrefixListId", "",
                        "Policy", rule.policy().equals("drop") ? "Drop" : "Accept", "Priority", String.valueOf(rule.priority()),
                        "NicType", rule.nicType(), "Description", rule.description()));
            }
        }
        return map("RegionId", r.regionId, "SecurityGroupId", g.id, "SecurityGroupName", g.name,
                "Description", g.description, "VpcId", g.vpcId, "InnerAccessPolicy", "Accept", "NextToken", "",
                "Permissions", Resources.wrap("Permission", permissions));
    }

    Map<String, Object> deleteSecurityGroup(Call c, RegionState r) {
        SecurityGroup g = securityGroup(r, c.required("SecurityGroupId"));
        if (r.instances.values().stream().anyMatch(i -> i.securityGroupIds.contains(g.id))) {
            throw new ApiError(403, "DependencyViolation", "There is still instance(s) in the specified security group.");
        }
        if (r.securityGroups.values().stream().anyMatch(o -> o != g
                && o.rules.stream().anyMatch(rule -> g.id.equals(rule.sourceCidrIp())))) {
            // A rule of another group names this one as its source (stored in the source field, see rule()).
            throw new ApiError(403, "DependencyViolation", "The specified security group has been authorized in another one.");
        }
        r.securityGroups.remove(g.id);
        return map();
    }
}

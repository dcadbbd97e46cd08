package com.ecsprovisioner.sandbox.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A security group with its inbound rules; no status (reference §4.2). */
final class SecurityGroup {

    record Rule(String ipProtocol, String portRange, String sourceCidrIp, String policy, int priority,
                String nicType, String description) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("IpProtocol", ipProtocol);
            m.put("PortRange", portRange);
            m.put("SourceCidrIp", sourceCidrIp);
            m.put("Policy", policy);
            m.put("Priority", priority);
            m.put("NicType", nicType);
            m.put("Description", description);
            return m;
        }

        static Rule fromMap(Map<String, Object> m) {
            return new Rule(Resources.str(m, "IpProtocol"), Resources.str(m, "PortRange"),
                    Resources.str(m, "SourceCidrIp"), Resources.str(m, "Policy"), Resources.integer(m, "Priority"),
                    Resources.str(m, "NicType"), Resources.str(m, "Description"));
        }
    }

    final String id;
    final String vpcId;
    final String name;
    final String description;
    final String type;
    final Instant createdAt;
    final Map<String, String> tags;
    final List<Rule> rules = new ArrayList<>();

    SecurityGroup(String id, String vpcId, String name, String description, String type, Instant createdAt,
                  Map<String, String> tags) {
        this.id = id;
        this.vpcId = vpcId;
        this.name = name;
        this.description = description;
        this.type = type;
        this.createdAt = createdAt;
        this.tags = new LinkedHashMap<>(tags);
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("vpcId", vpcId);
        m.put("name", name);
        m.put("description", description);
        m.put("type", type);
        m.put("createdAt", Resources.ts(createdAt));
        m.put("tags", tags);
        m.put("rules", rules.stream().map(Rule::toMap).toList());
        return m;
    }

    @SuppressWarnings("unchecked")
    static SecurityGroup fromState(Map<String, Object> m) {
        SecurityGroup g = new SecurityGroup(Resources.str(m, "id"), Resources.str(m, "vpcId"), Resources.str(m, "name"),
                Resources.str(m, "description"), Resources.str(m, "type"), Resources.instant(m, "createdAt"),
                Resources.stringMap(m, "tags"));
        Object rules = m.get("rules");
        if (rules instanceof List<?> list) {
            list.forEach(r -> g.rules.add(Rule.fromMap((Map<String, Object>) r)));
        }
        return g;
    }
}

package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.map;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** ECS tags on instances, security groups, key pairs and snapshots: TagResources, UntagResources, ListTagResources. Runs under the region lock {@link EcsActions} takes. */
final class TagActions {

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

    Map<String, Object> tagResources(Call c, RegionState r, boolean add) {
        if (add && c.get("ResourceType") == null) {
            // TagResources' own spelling (ECS error table of the action).
            throw new ApiError(404, "MissingParameter.ResourceType", "The parameter - ResourceType should not be null");
        }
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
                throw new ApiError(404, "MissingParameter.Tags", "The parameter - Tags should not be null");
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

    Map<String, Object> listTagResources(Call c, RegionState r) {
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

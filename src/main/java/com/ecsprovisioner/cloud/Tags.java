package com.ecsprovisioner.cloud;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags on everything the product creates: which product, which profile, which server. They let a person see
 * in the cloud console what belongs to whom, and let a rollback find a resource whose create answer was lost.
 * The profile's shared network carries {@link #SHARED_NETWORK} instead of a server tag (it belongs to no server).
 */
public final class Tags {

    public static final String PRODUCT = "ecs-provisioner:product";
    public static final String PRODUCT_VALUE = "ecs-provisioner";
    public static final String PROFILE = "ecs-provisioner:profile";
    public static final String SERVER = "ecs-provisioner:server";
    public static final String SHARED_NETWORK = "ecs-provisioner:shared-network";
    public static final String ZONE = "ecs-provisioner:zone";

    private Tags() {
    }

    public static Map<String, String> forServer(long profileId, long serverId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PRODUCT, PRODUCT_VALUE);
        tags.put(PROFILE, Long.toString(profileId));
        tags.put(SERVER, Long.toString(serverId));
        return tags;
    }

    public static Map<String, String> forSharedNetwork(long profileId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PRODUCT, PRODUCT_VALUE);
        tags.put(PROFILE, Long.toString(profileId));
        tags.put(SHARED_NETWORK, Long.toString(profileId));
        return tags;
    }
}

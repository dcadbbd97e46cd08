package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which resources of one profile's account, in each region it has servers or jobs in, are orphans: tagged by the product and the profile, and
 * neither tagged with a server that is not deleted nor in use by one. The profile's shared network (tagged
 * {@link Tags#SHARED_NETWORK}) is never an orphan: it belongs to the profile, which exists while it is looked at, and
 * the next server deployed with the profile uses it again. Plain Java: the look and the tests call it with the
 * servers they know.
 */
final class OrphanFinder {

    /** Deletion order: instances first (they hold their vSwitch and group), then groups, vSwitches, VPCs. */
    static final List<ResourceKind> DELETION_ORDER =
            List.of(ResourceKind.INSTANCE, ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);

    /**
     * A resource the product tagged for the profile, as the cloud shows it now in {@code regionId}; {@code server} its
     * server tag or null.
     */
    record Tagged(String regionId, ResourceKind kind, String id, String name, Instant createdAt, String server) {
    }

    /** One orphan, in {@code regionId}; {@code createdAt} null when the cloud gave none. */
    record Found(String regionId, ResourceKind kind, String id, String name, Instant createdAt, String why) {
    }

    private OrphanFinder() {
    }

    /**
     * What the product tagged for the profile (one listing of network resources, one of instances), the shared network
     * left out. Called before the servers are read, so that a server made meanwhile is known when they are: its
     * resources exist in the cloud only after its row does.
     */
    static List<Tagged> tagged(Function<String, CloudRegion> cloudIn, Collection<String> regionIds, long profileId) {
        List<Tagged> out = new ArrayList<>();
        for (String regionId : regionIds) {
            out.addAll(tagged(cloudIn.apply(regionId), regionId, profileId));
        }
        return out;
    }

    /** What the product tagged for the profile in one region. */
    static List<Tagged> tagged(CloudRegion cloud, String regionId, long profileId) {
        String profile = Long.toString(profileId);
        List<Tagged> out = new ArrayList<>();
        for (CloudTypes.TaggedResource r : cloud.networkResourcesTagged(Tags.PROFILE, Optional.of(profile))) {
            if (ours(r.tags())) {
                out.add(new Tagged(regionId, r.kind(), r.id(), r.name(), r.createdAt(), r.tags().get(Tags.SERVER)));
            }
        }
        for (CloudTypes.Instance i : cloud.instancesTagged(Tags.PROFILE, Optional.of(profile))) {
            if (ours(i.tags())) {
                out.add(new Tagged(regionId, ResourceKind.INSTANCE, i.id(), i.name(), i.createdAt(), i.tags().get(Tags.SERVER)));
            }
        }
        return out;
    }

    private static boolean ours(Map<String, String> tags) {
        return Tags.PRODUCT_VALUE.equals(tags.get(Tags.PRODUCT)) && !tags.containsKey(Tags.SHARED_NETWORK);
    }

    /**
     * The orphans among {@code tagged}: neither tagged with a live server nor used by one, in deletion order.
     *
     * @param servers every server of the profile the database knows, by id (deleted ones make nothing live)
     */
    static List<Found> orphans(List<Tagged> tagged, Map<Long, Server> servers) {
        Set<String> live = servers.entrySet().stream().filter(e -> e.getValue().getStatus() != ServerStatus.DELETED)
                .map(e -> Long.toString(e.getKey())).collect(Collectors.toSet());
        Set<String> inUse = servers.values().stream().filter(s -> s.getStatus() != ServerStatus.DELETED)
                .flatMap(s -> Stream.of(s.getVpcId(), s.getVSwitchId(), s.getSecurityGroupId(), s.getInstanceId()))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        List<Found> out = new ArrayList<>();
        for (Tagged t : tagged) {
            if (inUse.contains(t.id()) || (t.server() != null && live.contains(t.server()))) {
                continue;
            }
            out.add(new Found(t.regionId(), t.kind(), t.id(), t.name(), t.createdAt(), t.server() == null
                    ? "tagged by the product but with no server" : "its server (" + t.server() + ") is deleted or unknown"));
        }
        out.sort(Comparator.comparing((Found f) -> DELETION_ORDER.indexOf(f.kind())).thenComparing(Found::id));
        return out;
    }
}

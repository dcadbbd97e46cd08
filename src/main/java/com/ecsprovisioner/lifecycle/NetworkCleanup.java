package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The network resources this product created that no live server uses any more (orphans), for one profile's
 * account and region, and their deletion. A resource is an orphan when it carries the product's and the profile's
 * tags and is neither tagged with a server that is not deleted nor part of the profile's shared network while a
 * live server uses that network. Plain Java: the boundary and the tests call it with the servers they know.
 */
public final class NetworkCleanup {

    private static final List<ResourceKind> DELETION_ORDER =
            List.of(ResourceKind.SECURITY_GROUP, ResourceKind.VSWITCH, ResourceKind.VPC);

    private NetworkCleanup() {
    }

    /** An orphan as the Clean-up page lists it; {@code age} from its creation time (null when the cloud gave none). */
    public record Orphan(ResourceKind kind, String id, String name, String regionId, Instant createdAt, Duration age,
                         String why) {
    }

    /** What a deletion did to each resource asked for. */
    public record Outcome(ResourceKind kind, String id, Result result, String message) {
    }

    public enum Result { DELETED, ALREADY_GONE, NOT_DELETED }

    /**
     * @param servers the servers of the profile the database knows, by id (deleted ones make nothing live)
     */
    public static List<Orphan> find(CloudRegion cloud, long profileId, String regionId, Map<Long, Server> servers, Instant now) {
        Set<String> liveServerIds = servers.entrySet().stream().filter(e -> e.getValue().getStatus() != ServerStatus.DELETED)
                .map(e -> Long.toString(e.getKey())).collect(Collectors.toSet());
        Set<String> inUse = servers.values().stream().filter(s -> s.getStatus() != ServerStatus.DELETED)
                .flatMap(s -> Stream.of(s.getVpcId(), s.getVSwitchId(), s.getSecurityGroupId()))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        String profile = Long.toString(profileId);
        List<Orphan> out = new ArrayList<>();
        for (CloudTypes.TaggedResource r : cloud.networkResourcesTagged(Tags.PRODUCT, Optional.of(Tags.PRODUCT_VALUE))) {
            if (!profile.equals(r.tags().get(Tags.PROFILE))) {
                continue;
            }
            String server = r.tags().get(Tags.SERVER);
            String shared = r.tags().get(Tags.SHARED_NETWORK);
            String why;
            if (server != null) {
                if (liveServerIds.contains(server)) {
                    continue;
                }
                why = "its server (" + server + ") is deleted or unknown";
            } else if (shared != null) {
                // The shared VPC is in use while any live server sits in it; its vSwitches and group likewise.
                boolean used = inUse.contains(r.id()) || (r.kind() != ResourceKind.VPC && sharedVpcInUse(cloud, profile, inUse));
                if (used) {
                    continue;
                }
                why = "no live server uses the profile's shared network";
            } else {
                why = "tagged by the product but with no server";
            }
            out.add(new Orphan(r.kind(), r.id(), r.name(), regionId, r.createdAt(),
                    r.createdAt() == null ? null : Duration.between(r.createdAt(), now), why));
        }
        out.sort(Comparator.comparing((Orphan o) -> DELETION_ORDER.indexOf(o.kind())).thenComparing(Orphan::id));
        return out;
    }

    private static boolean sharedVpcInUse(CloudRegion cloud, String profile, Set<String> inUse) {
        return cloud.networkResourcesTagged(Tags.SHARED_NETWORK, Optional.of(profile)).stream()
                .anyMatch(r -> r.kind() == ResourceKind.VPC && inUse.contains(r.id()));
    }

    /**
     * Deletes the chosen orphans, children first (security groups, vSwitches, VPCs). An id that is not an orphan
     * (any more) is refused before anything is deleted. A VPC whose vSwitches the cloud is still releasing answers
     * DependencyViolation: it is reported as not deleted, to be deleted again a moment later; nothing sleeps here.
     */
    public static List<Outcome> delete(CloudRegion cloud, List<Orphan> orphans, Set<String> chosen) {
        for (String id : chosen) {
            if (orphans.stream().noneMatch(o -> o.id().equals(id))) {
                throw new Rejected(id + " is not an unused network resource of this profile (any more): refresh the list");
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (ResourceKind kind : DELETION_ORDER) {
            for (Orphan o : orphans) {
                if (o.kind() != kind || !chosen.contains(o.id())) {
                    continue;
                }
                out.add(deleteOne(cloud, o));
            }
        }
        return out;
    }

    private static Outcome deleteOne(CloudRegion cloud, Orphan o) {
        for (int attempt = 1; ; attempt++) {
            try {
                switch (o.kind()) {
                    case SECURITY_GROUP -> cloud.deleteSecurityGroup(o.id());
                    case VSWITCH -> cloud.deleteVSwitch(o.id());
                    case VPC -> cloud.deleteVpc(o.id());
                    default -> throw new IllegalStateException("not a network resource: " + o.kind());
                }
                return new Outcome(o.kind(), o.id(), Result.DELETED, "deleted");
            } catch (CloudException e) {
                if (e.kind() == CloudException.Kind.NOT_FOUND) {
                    return new Outcome(o.kind(), o.id(), Result.ALREADY_GONE, "already gone");
                }
                // A throttled or failed call is asked again at once, twice at most; a conflict is reported.
                if (e.isTransient() && attempt < 3) {
                    continue;
                }
                String message = e.kind() == CloudException.Kind.CONFLICT
                        ? "still has dependent resources (the cloud may still be releasing them): delete it again in a minute ["
                        + e.code() + "]"
                        : e.describe();
                return new Outcome(o.kind(), o.id(), Result.NOT_DELETED, message);
            }
        }
    }
}

package com.ecsprovisioner.deployment;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

/**
 * Turns a deploy request into a plan, or refuses it with a message that says what to change, before anything is
 * created: the name, the profile's defaults, the zone, whether the instance type is on sale there, the image, the
 * key pair, the disk size and the account's quotas ({@link QuotaCheck}). It only reads from the cloud (zones, offers,
 * images, key pairs, quotas).
 */
public final class DeployRequestCheck {

    /** ESSD and other cloud disks as system disk: 20 GiB to 2 TiB. */
    static final int MIN_DISK_GIB = 20;
    static final int MAX_DISK_GIB = 2048;

    private DeployRequestCheck() {
    }

    /** Reads are repeated at once this many times on a transient error (throttling, 5xx) before refusing. */
    static final int READ_ATTEMPTS = 4;

    public static DeploymentPlan plan(DeployRequest request, DeploymentDefaults defaults, CloudRegion cloud) {
        return check(request, defaults, retryingReads(cloud));
    }

    private static DeploymentPlan check(DeployRequest request, DeploymentDefaults defaults, CloudRegion cloud) {
        if (request == null) {
            throw new Rejected("The deploy request is empty");
        }
        String name = Server.requireValidName(request.name() == null ? null : request.name().trim());
        String type = choose(request.instanceType(), defaults.instanceType(), "an instance type");
        String image = choose(request.imageId(), defaults.imageId(), "an image");
        String diskCategory = choose(request.diskCategory(), defaults.diskCategory(), "a system disk category");
        int disk = request.diskSizeGiB() != null ? request.diskSizeGiB() : defaults.diskSizeGiB();
        if (disk < MIN_DISK_GIB || disk > MAX_DISK_GIB) {
            throw new Rejected("The system disk must be " + MIN_DISK_GIB + " to " + MAX_DISK_GIB + " GiB, not " + disk + " GiB");
        }
        ZonePolicy zonePolicy = request.zonePolicy() != null ? request.zonePolicy() : defaults.zonePolicy();
        NetworkPolicy networkPolicy = request.networkPolicy() != null ? request.networkPolicy() : defaults.networkPolicy();
        String zone = request.zoneId() == null || request.zoneId().isBlank() ? null : request.zoneId().trim();
        try {
            List<String> zones = cloud.zones().stream().map(CloudTypes.Zone::id).toList();
            if (zones.isEmpty()) {
                throw new Rejected("Region " + defaults.regionId() + " offers no zone to this account");
            }
            if (zone != null && !zones.contains(zone)) {
                throw new Rejected("Zone " + zone + " is not a zone of region " + defaults.regionId() + " (its zones: "
                        + String.join(", ", zones) + ")");
            }
            List<String> candidates = zone != null ? List.of(zone)
                    : zonePolicy == ZonePolicy.FIRST_ZONE ? List.of(zones.get(0)) : zones;
            if (candidates.stream().noneMatch(z -> offers(cloud, z, type, diskCategory))) {
                throw new Rejected("Instance type " + type + " with a " + diskCategory + " system disk is not on sale "
                        + (candidates.size() == 1 ? "in zone " + candidates.get(0) : "in any zone of region " + defaults.regionId())
                        + " now: choose another instance type" + (candidates.size() == 1 ? " or zone" : " or region"));
            }
            Optional<CloudTypes.Image> found = cloud.publicImages().stream().filter(i -> i.id().equals(image)).findFirst();
            if (found.isEmpty()) {
                throw new Rejected("Image " + image + " is not a public image of region " + defaults.regionId());
            }
            if (found.get().sizeGiB() > disk) {
                throw new Rejected("Image " + image + " needs a system disk of at least " + found.get().sizeGiB() + " GiB, not " + disk);
            }
            if (cloud.keyPairs().stream().noneMatch(k -> k.name().equals(defaults.keyPairName()))) {
                throw new Rejected("Key pair " + defaults.keyPairName() + " does not exist in region " + defaults.regionId()
                        + ": check the provider profile");
            }
            QuotaCheck.check(cloud, networkPolicy, type);
        } catch (CloudException e) {
            throw new Rejected("The request could not be checked with the cloud: " + StepOutcomes.forPeople(e)
                    + (e.code() == null ? "" : " (code " + e.code() + (e.requestId() == null ? "" : ", request " + e.requestId()) + ")"), e);
        }
        return new DeploymentPlan(name, request.profileId(), defaults.regionId(), zone, zonePolicy, networkPolicy, type,
                image, diskCategory, disk, defaults.bandwidthOutMbps(), defaults.keyPairName(), defaults.sshPort());
    }

    /**
     * The check runs while a person waits for the form's answer, so a throttled read is repeated at once (a
     * handful of times) rather than scheduled; only reads go through here.
     */
    private static CloudRegion retryingReads(CloudRegion cloud) {
        return (CloudRegion) Proxy.newProxyInstance(CloudRegion.class.getClassLoader(),
                new Class<?>[]{CloudRegion.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(cloud, args);
                    }
                    for (int attempt = 1; ; attempt++) {
                        try {
                            return method.invoke(cloud, args);
                        } catch (InvocationTargetException e) {
                            if (!(e.getCause() instanceof CloudException ce) || !ce.isTransient() || attempt >= READ_ATTEMPTS) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    private static boolean offers(CloudRegion cloud, String zone, String type, String diskCategory) {
        return cloud.availableInstanceTypes(zone).stream().anyMatch(o -> o.instanceType().equals(type)
                && (o.systemDiskCategories().isEmpty() || o.systemDiskCategories().contains(diskCategory)));
    }

    private static String choose(String requested, String fallback, String what) {
        String value = requested != null && !requested.isBlank() ? requested.trim() : fallback;
        if (value == null || value.isBlank()) {
            throw new Rejected("Choose " + what + ": the profile has no default");
        }
        return value;
    }
}

package com.ecsprovisioner.deployment;

import com.ecsprovisioner.bootstrap.PhpVersions;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.KeyFingerprints;
import com.ecsprovisioner.engine.DeploymentDefaults;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.StepOutcomes;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.deployment.Preflight.Field;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.server.Server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a deploy request into a plan, or refuses it with a message that says what to change, before anything is
 * created: the name, the profile's defaults, the zone, whether the instance type is on sale there, the image, the
 * key pair, the disk size, the PHP version (one the image's OS can get) and the account's quotas ({@link QuotaCheck}). It only reads from the cloud (zones, offers,
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
        Checked checked = check(request, defaults, retryingReads(cloud), 1, false);
        if (checked.plan() == null) {
            // The cloud's failure stays the cause: a caller may try again later when it was transient.
            throw new Rejected(checked.preflight().summary(), checked.cloudFailure());
        }
        return checked.plan();
    }

    /** A plan when nothing was found wrong, and what was found (empty when the plan is there). */
    public record Checked(DeploymentPlan plan, Preflight preflight, CloudException cloudFailure) {
    }

    /**
     * The pre-flight check of the console: {@code servers} servers like this one (their quotas counted together),
     * every reason found tied to its field, and the permission of every action the deployment calls, tried with
     * calls that change nothing.
     */
    public static Checked preflight(DeployRequest request, DeploymentDefaults defaults, CloudRegion cloud, int servers) {
        return check(request, defaults, retryingReads(cloud), servers, true);
    }

    private static Checked check(DeployRequest request, DeploymentDefaults defaults, CloudRegion cloud, int servers,
                                 boolean permissions) {
        if (request == null) {
            throw new Rejected("The deploy request is empty");
        }
        Findings found = new Findings();
        String name = found.valid(Field.NAME, () -> Server.requireValidName(request.name() == null ? null : request.name().trim()));
        String type = found.valid(Field.INSTANCE_TYPE, () -> choose(request.instanceType(), defaults.instanceType(), "an instance type"));
        String image = found.valid(Field.IMAGE, () -> choose(request.imageId(), defaults.imageId(), "an image"));
        String diskCategory = found.valid(Field.DISK, () -> choose(request.diskCategory(), defaults.diskCategory(), "a system disk category"));
        int disk = request.diskSizeGiB() != null ? request.diskSizeGiB() : defaults.diskSizeGiB();
        if (disk < MIN_DISK_GIB || disk > MAX_DISK_GIB) {
            found.add(Field.DISK, "The system disk must be " + MIN_DISK_GIB + " to " + MAX_DISK_GIB + " GiB, not " + disk + " GiB");
        }
        String php = request.phpVersion() == null || request.phpVersion().isBlank() ? null : request.phpVersion().strip();
        if (image != null) {
            PhpVersions.refusal(image, php).ifPresent(r -> found.add(Field.PHP, r));
        }
        ZonePolicy zonePolicy = request.zonePolicy() != null ? request.zonePolicy() : defaults.zonePolicy();
        NetworkPolicy networkPolicy = request.networkPolicy() != null ? request.networkPolicy() : defaults.networkPolicy();
        String zone = request.zoneId() == null || request.zoneId().isBlank() ? null : request.zoneId().trim();
        try {
            List<String> zones = cloud.zones().stream().map(CloudTypes.Zone::id).toList();
            if (zones.isEmpty()) {
                found.add(Field.ZONE, "Region " + defaults.regionId() + " offers no zone to this account");
            } else if (zone != null && !zones.contains(zone)) {
                found.add(Field.ZONE, "Zone " + zone + " is not a zone of region " + defaults.regionId() + " (its zones: "
                        + String.join(", ", zones) + ")");
            } else if (type != null && diskCategory != null) {
                List<String> candidates = zone != null ? List.of(zone)
                        : zonePolicy == ZonePolicy.FIRST_ZONE ? List.of(zones.get(0)) : zones;
                if (candidates.stream().noneMatch(z -> offers(cloud, z, type, diskCategory))) {
                    found.add(Field.INSTANCE_TYPE, "Instance type " + type + " with a " + diskCategory + " system disk is not on sale "
                            + (candidates.size() == 1 ? "in zone " + candidates.get(0) : "in any zone of region " + defaults.regionId())
                            + " now: choose another instance type" + (candidates.size() == 1 ? " or zone" : " or region"));
                }
            }
            if (image != null) {
                imageSize(cloud, image, defaults.regionId(), found).filter(size -> size > disk).ifPresent(size ->
                        found.add(Field.DISK, "Image " + image + " needs a system disk of at least " + size + " GiB, not " + disk));
            }
            Optional<CloudTypes.KeyPair> pair = cloud.keyPairs().stream().filter(k -> k.name().equals(defaults.keyPairName())).findFirst();
            if (pair.isEmpty()) {
                found.add(Field.KEY_PAIR, "Key pair " + defaults.keyPairName() + " does not exist in region " + defaults.regionId()
                        + ": import the profile's key pair there, choose another region, or check the provider profile");
            } else if (defaults.keyFingerprint() != null && pair.get().fingerprint() != null
                    && !KeyFingerprints.same(pair.get().fingerprint(), defaults.keyFingerprint())) {
                // Same name, another key: the instance would be created, and the bootstrap could not log in to it.
                found.add(Field.KEY_PAIR, "Key pair " + defaults.keyPairName() + " in region " + defaults.regionId()
                        + " holds another key (fingerprint " + pair.get().fingerprint() + ") than the profile's private key ("
                        + defaults.keyFingerprint() + "): choose another region, or replace that key pair with the profile's");
            }
            if (type != null) {
                QuotaCheck.shortfalls(cloud, networkPolicy, type, servers).forEach(r -> found.add(Field.QUOTA, r));
            }
            // Tried even when other reasons were found, so that every reason shows at once: the cloud checks the
            // caller's rights before the parameters, so a wrong type or image does not hide a refused action.
            if (permissions) {
                String probeZone = zone != null && zones.contains(zone) ? zone : zones.isEmpty() ? null : zones.get(0);
                cloud.checkPermissions(new CloudTypes.PermissionProbe(probeZone, type, image)).stream()
                        .filter(c -> c.access() == CloudTypes.Access.REFUSED)
                        .forEach(c -> found.add(Field.PERMISSIONS, "The AccessKey may not call " + c.action()
                                + ": grant " + c.policy() + " to its RAM user"));
            }
        } catch (CloudException e) {
            found.cloudFailure = e;
            found.add(Field.PROFILE, "The request could not be checked with the cloud: " + StepOutcomes.forPeople(e)
                    + (e.code() == null ? "" : CloudException.forSupport(e.code(), e.requestId())));
        }
        if (!found.isEmpty()) {
            return new Checked(null, found.preflight(), found.cloudFailure);
        }
        return new Checked(new DeploymentPlan(name, request.profileId(), defaults.regionId(), zone, zonePolicy, networkPolicy, type,
                image, diskCategory, disk, defaults.bandwidthOutMbps(), defaults.keyPairName(), defaults.sshPort(), php), found.preflight(), null);
    }

    /** The reasons found so far, in the order a person reads the form. */
    private static final class Findings {
        private final List<Preflight.Finding> list = new ArrayList<>();
        private CloudException cloudFailure;

        void add(Field field, String reason) {
            list.add(new Preflight.Finding(field, reason));
        }

        /** The value, or null with the refusal's reason recorded against the field. */
        String valid(Field field, Supplier<String> value) {
            try {
                return value.get();
            } catch (Rejected e) {
                add(field, e.getMessage());
                return null;
            }
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        Preflight preflight() {
            return new Preflight(list);
        }
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

    /**
     * The size of a public image of the region or of one of the account's own (a restore deploys from an image made
     * from a snapshot); an own image must be Available. Empty, with the reason found, when neither can be used.
     */
    private static Optional<Integer> imageSize(CloudRegion cloud, String image, String regionId, Findings found) {
        Optional<CloudTypes.Image> shared = cloud.publicImages().stream().filter(i -> i.id().equals(image)).findFirst();
        if (shared.isPresent()) {
            return Optional.of(shared.get().sizeGiB());
        }
        CloudTypes.OwnImage own = cloud.ownImages(List.of(image)).get(image);
        if (own == null) {
            found.add(Field.IMAGE, "Image " + image + " is neither a public image of region " + regionId + " nor one of the account's own there");
            return Optional.empty();
        }
        if (own.status() != CloudTypes.ImageStatus.AVAILABLE) {
            found.add(Field.IMAGE, "Image " + image + " of the account is " + own.rawStatus() + ", not Available: "
                    + (own.status() == CloudTypes.ImageStatus.CREATING ? "wait until it is made" : "choose another image"));
            return Optional.empty();
        }
        return Optional.of(own.sizeGiB());
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

package com.ecsprovisioner.console;

import com.ecsprovisioner.bootstrap.PhpVersions;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.provider.RegionCatalog;
import jakarta.faces.model.SelectItem;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the deploy dialog's pickers offer for one profile, read through the catalogue cache (so opening the dialog
 * costs no cloud call while the cache is fresh): the account's regions, whether the profile's key pair is in the
 * chosen one, that region's zones, the instance types on sale (in the chosen zone,
 * or in any zone of the region) with their vCPUs and memory, the public Linux images, and the system disk categories
 * each type can use. Kept in the view as labels and values only.
 */
final class DeployChoices implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<SelectItem> regions;
    private final List<SelectItem> zones;
    private final List<SelectItem> types;
    private final List<SelectItem> images;
    private final Map<String, List<String>> diskCategories;
    private final RegionCatalog.KeyPairState keyPair;
    private final String failure;

    private DeployChoices(List<SelectItem> regions, List<SelectItem> zones, List<SelectItem> types, List<SelectItem> images,
                          Map<String, List<String>> diskCategories, RegionCatalog.KeyPairState keyPair, String failure) {
        this.regions = regions;
        this.keyPair = keyPair;
        this.zones = zones;
        this.types = types;
        this.images = images;
        this.diskCategories = diskCategories;
        this.failure = failure;
    }

    static DeployChoices none() {
        return new DeployChoices(List.of(), List.of(), List.of(), List.of(), Map.of(), null, null);
    }

    /**
     * {@code regionId} null: the profile's region. {@code zoneId} null: the types on sale in any of the region's zones
     * (the zone policy chooses later).
     */
    static DeployChoices read(ProviderProfiles profiles, RegionCatalog catalog, long profileId, String regionId, String zoneId) {
        try {
            OnSale sale = onSale(catalog, profileId, regionId, zoneId);
            List<SelectItem> images = catalog.images(profileId, regionId).items().stream()
                    .filter(i -> "linux".equalsIgnoreCase(i.osType()))
                    .sorted(Comparator.comparing(CloudTypes.Image::osName, Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(i -> new SelectItem(i.id(), (i.osName() == null ? i.id() : i.osName()) + " · " + i.id())).toList();
            List<SelectItem> regions = profiles.regions(profileId).items().stream()
                    .sorted(Comparator.comparing(CloudTypes.Region::id))
                    .map(r -> new SelectItem(r.id(), named(r.id(), r.localName()))).toList();
            return new DeployChoices(new ArrayList<>(regions), sale.zones(), sale.types(), new ArrayList<>(images),
                    sale.disks(), catalog.keyPairState(profileId, regionId), null);
        } catch (RuntimeException e) {
            return unreadable(e);
        }
    }

    /**
     * Only what is on sale in the region, in any of its zones (the zone policy chooses later): for a dialog that
     * offers an instance type and nothing else, so that it asks the catalogue nothing more.
     */
    static DeployChoices types(RegionCatalog catalog, long profileId, String regionId) {
        try {
            OnSale sale = onSale(catalog, profileId, regionId, null);
            return new DeployChoices(List.of(), sale.zones(), sale.types(), List.of(), sale.disks(), null, null);
        } catch (RuntimeException e) {
            return unreadable(e);
        }
    }

    private static DeployChoices unreadable(RuntimeException e) {
        return new DeployChoices(List.of(), List.of(), List.of(), List.of(), Map.of(), null,
                "The profile's catalogue could not be read: " + Refusals.messageFor(e).getSummary());
    }

    /** The region's zones, and the instance types on sale (in {@code zoneId}, or any zone) with their disk categories. */
    private record OnSale(List<SelectItem> zones, Map<String, List<String>> disks, List<SelectItem> types) {
    }

    private static OnSale onSale(RegionCatalog catalog, long profileId, String regionId, String zoneId) {
        List<CloudTypes.Zone> regionZones = catalog.zones(profileId, regionId).items();
        List<SelectItem> zones = regionZones.stream().map(z -> new SelectItem(z.id(), named(z.id(), z.localName()))).toList();
        List<CloudTypes.Offer> offers = new ArrayList<>();
        for (CloudTypes.Zone zone : regionZones) {
            if (zoneId == null || zone.id().equals(zoneId)) {
                offers.addAll(catalog.offers(profileId, regionId, zone.id()).items());
            }
        }
        Map<String, List<String>> disks = new LinkedHashMap<>();
        for (CloudTypes.Offer offer : offers) {
            Set<String> merged = new LinkedHashSet<>(disks.getOrDefault(offer.instanceType(), List.of()));
            merged.addAll(offer.systemDiskCategories());
            disks.put(offer.instanceType(), new ArrayList<>(merged));
        }
        Map<String, CloudTypes.InstanceType> sizes = catalog.instanceTypes(profileId, regionId).items().stream()
                .collect(Collectors.toMap(CloudTypes.InstanceType::id, Function.identity(), (a, b) -> a));
        List<SelectItem> types = disks.keySet().stream()
                .sorted(Comparator.<String>comparingInt(t -> sizes.containsKey(t) ? sizes.get(t).cpuCores() : 0)
                        .thenComparingDouble(t -> sizes.containsKey(t) ? sizes.get(t).memoryGiB() : 0)
                        .thenComparing(Comparator.naturalOrder()))
                .map(t -> new SelectItem(t, label(t, sizes.get(t)))).toList();
        return new OnSale(new ArrayList<>(zones), disks, new ArrayList<>(types));
    }

    /** "cn-hangzhou · China (Hangzhou)": the id, and the cloud's local name where it says more. */
    private static String named(String id, String localName) {
        return localName == null || localName.isBlank() || localName.equals(id) ? id : id + " · " + localName;
    }

    private static String label(String type, CloudTypes.InstanceType size) {
        if (size == null) {
            return type;
        }
        double memory = size.memoryGiB();
        String gib = memory == Math.rint(memory) ? String.valueOf((long) memory) : String.valueOf(memory);
        return type + " · " + size.cpuCores() + " vCPU · " + gib + " GiB";
    }

    List<SelectItem> regions() {
        return regions;
    }

    /** Whether the profile's key pair is in the chosen region with the profile's key; null when not read. */
    RegionCatalog.KeyPairState keyPair() {
        return keyPair;
    }

    /** What the chosen region holds of the profile's key pair, in words; null when it was not read. */
    String keyPairNote(String keyPairName, String regionId) {
        if (keyPair == null) {
            return null;
        }
        return switch (keyPair) {
            case PRESENT -> "Key pair " + keyPairName + " is in " + regionId + " with the profile's key.";
            case MISSING -> "Key pair " + keyPairName + " is not in " + regionId
                    + ": import it there with the profile's key, or choose another region.";
            case OTHER_KEY -> "Key pair " + keyPairName + " in " + regionId
                    + " holds another key than the profile's: servers there could not be set up. Choose another region.";
        };
    }

    /** The PHP versions an image's OS offers ({@link PhpVersions}), the distribution's first, as "default". */
    static List<SelectItem> phpVersions(String imageId) {
        List<SelectItem> items = new ArrayList<>();
        items.add(new SelectItem(PhpVersions.DEFAULT, PhpVersions.distribution(imageId)
                .map(d -> "The distribution's (" + d + ")").orElse("The distribution's")));
        PhpVersions.offered(imageId).forEach(v -> items.add(new SelectItem(v, "PHP " + v)));
        return items;
    }

    /**
     * A menu shows its first item when the value is not among them: a default the cloud no longer offers stays
     * visible, marked, so that the pre-flight check's reason is about what the person sees.
     */
    static List<SelectItem> withCurrent(List<SelectItem> items, String current, String mark) {
        if (current == null || items.stream().anyMatch(i -> current.equals(i.getValue()))) {
            return items;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(new SelectItem(current, current + mark)), items.stream()).toList();
    }

    List<SelectItem> zones() {
        return zones;
    }

    List<SelectItem> types() {
        return types;
    }

    List<SelectItem> images() {
        return images;
    }

    /** The categories the type can use as system disk; the profile's own when the cloud names none for it. */
    List<String> diskCategories(String type, String profileDefault) {
        List<String> offered = type == null ? List.of() : diskCategories.getOrDefault(type, List.of());
        if (offered.isEmpty()) {
            return profileDefault == null ? List.of() : List.of(profileDefault);
        }
        return offered;
    }

    String failure() {
        return failure;
    }
}

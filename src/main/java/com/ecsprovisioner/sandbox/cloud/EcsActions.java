package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ECS API (2014-05-26) for what the product does: this class checks the region, takes the region's lock (see
 * {@link RegionState}) and routes each action to the class of its area (catalogue, key pairs, security groups,
 * instances, disks and snapshots, tags), the way the SDKs group ECS by resource.
 */
final class EcsActions {

    static final Set<String> ACTIONS = Set.of("DescribeRegions", "DescribeZones", "DescribeAvailableResource",
            "DescribeInstanceTypes", "DescribeImages", "DescribeKeyPairs", "ImportKeyPair", "CreateKeyPair",
            "DeleteKeyPairs", "CreateSecurityGroup", "AuthorizeSecurityGroup", "DescribeSecurityGroups",
            "DeleteSecurityGroup", "RunInstances", "CreateInstance", "AllocatePublicIpAddress", "StartInstance",
            "StopInstance", "RebootInstance", "DeleteInstance", "DeleteInstances", "DescribeInstances",
            "DescribeInstanceStatus", "ModifyInstanceSpec", "DescribeDisks", "CreateSnapshot", "DescribeSnapshots", "TagResources",
            "UntagResources", "ListTagResources", "DescribeAccountAttributes", "DescribePrice",
            "DeleteSnapshot", "RevokeSecurityGroup", "DescribeSecurityGroupAttribute", "CreateImage", "ResetDisk",
            "DeleteImage");

    /** Actions on one instance whose API has no RegionId parameter (ECS API reference, 2014-05-26). */
    private static final Set<String> INSTANCE_SCOPED = Set.of("StartInstance", "StopInstance", "RebootInstance",
            "DeleteInstance", "ModifyInstanceSpec", "AllocatePublicIpAddress");

    private final SimulatedCloud cloud;
    private final CatalogueActions catalogue;
    private final KeyPairActions keyPairs;
    private final SecurityGroupActions securityGroups;
    private final InstanceActions instances;
    private final DiskActions disks;
    private final TagActions tags = new TagActions();
    private final AccountActions account;

    EcsActions(SimulatedCloud cloud) {
        this.cloud = cloud;
        this.catalogue = new CatalogueActions(cloud);
        this.keyPairs = new KeyPairActions(cloud);
        this.securityGroups = new SecurityGroupActions(cloud);
        this.instances = new InstanceActions(cloud);
        this.disks = new DiskActions(cloud);
        this.account = new AccountActions(cloud);
    }

    Map<String, Object> handle(Call c) {
        if (c.action().equals("DescribeRegions")) {
            return catalogue.describeRegions(c.get("AcceptLanguage"));
        }
        if (c.action().equals("DescribeInstanceTypes") && c.get("RegionId") == null) {
            // The specs are the same everywhere; the API reference lists no RegionId for this action.
            return catalogue.describeInstanceTypes(c);
        }
        String regionId = regionId(c);
        Catalog.Region region = Catalog.region(regionId);
        if (region == null) {
            throw ApiError.notFound("InvalidRegionId.NotFound", "The specified RegionId does not exist.");
        }
        switch (c.action()) {
            case "DescribeZones":
                return catalogue.describeZones(region, c.get("AcceptLanguage"));
            case "DescribeAvailableResource":
                return catalogue.describeAvailableResource(c, region);
            case "DescribeInstanceTypes":
                return catalogue.describeInstanceTypes(c);
            case "CreateKeyPair":
                // RSA generation is slow: do it before taking the region lock.
                KeyMaterial.Generated generated = KeyMaterial.generate(c.required("KeyPairName"));
                return run(c, region, (r, events) -> keyPairs.createKeyPair(c, r, generated));
            default:
                return run(c, region, (r, events) -> dispatch(c, r, region, events));
        }
    }

    /**
     * The call's region. Actions on one instance or disk that the real API documents without {@code RegionId}
     * find it by the resource's id, as the service does; the others require it.
     */
    private String regionId(Call c) {
        String given = c.get("RegionId");
        if (given != null && !given.isEmpty()) {
            return given;
        }
        if (INSTANCE_SCOPED.contains(c.action())) {
            String instanceId = c.required("InstanceId");
            return cloud.regionHolding(c.key().accountId(), r -> r.instances.containsKey(instanceId)
                    && !r.instances.get(instanceId).deleted()).orElseThrow(() -> ApiError.notFound(
                    "InvalidInstanceId.NotFound", "The specified InstanceId does not exist."));
        }
        if (c.action().equals("CreateSnapshot") || c.action().equals("ResetDisk")) {
            String diskId = c.required("DiskId");
            return cloud.regionHolding(c.key().accountId(), r -> r.instances.values().stream()
                    .anyMatch(i -> !i.deleted() && diskId.equals(i.systemDiskId))).orElseThrow(() ->
                    ApiError.notFound("InvalidDiskId.NotFound", "The specified disk does not exist."));
        }
        if (c.action().equals("DeleteSnapshot")) {
            String snapshotId = c.required("SnapshotId");
            return cloud.regionHolding(c.key().accountId(), r -> r.snapshots.containsKey(snapshotId)).orElseThrow(() ->
                    ApiError.notFound("InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist."));
        }
        if (c.action().equals("TagResources")) {
            throw new ApiError(404, "MissingParameter.RegionId", "The parameter - RegionId should not be null");
        }
        if (c.action().equals("DeleteSecurityGroup")) {
            throw new ApiError(400, "MissingParameter.RegionId", "The parameter \"RegionId\" should not be null.");
        }
        return c.required("RegionId");
    }

    private interface Work {
        Map<String, Object> apply(RegionState r, SimulatedCloud.Events events);
    }

    private Map<String, Object> run(Call c, Catalog.Region region, Work work) {
        RegionState r = cloud.region(c.key().accountId(), region.id());
        SimulatedCloud.Events events = new SimulatedCloud.Events();
        boolean read = c.action().startsWith("Describe") || c.action().startsWith("List");
        return cloud.locked(r, c.now(), !read, events, () -> work.apply(r, events));
    }

    private Map<String, Object> dispatch(Call c, RegionState r, Catalog.Region region, SimulatedCloud.Events events) {
        return switch (c.action()) {
            case "DescribeKeyPairs" -> keyPairs.describeKeyPairs(c, r);
            case "ImportKeyPair" -> keyPairs.importKeyPair(c, r);
            case "DeleteKeyPairs" -> keyPairs.deleteKeyPairs(c, r);
            case "CreateSecurityGroup" -> securityGroups.createSecurityGroup(c, r, region);
            case "AuthorizeSecurityGroup" -> securityGroups.authorizeSecurityGroup(c, r);
            case "DescribeSecurityGroups" -> securityGroups.describeSecurityGroups(c, r);
            case "DeleteSecurityGroup" -> securityGroups.deleteSecurityGroup(c, r);
            case "RunInstances", "CreateInstance" -> instances.createInstances(c, r, region, events);
            case "AllocatePublicIpAddress" -> instances.allocatePublicIp(c, r, events);
            case "StartInstance" -> instances.lifecycle(c, r, "start");
            case "StopInstance" -> instances.lifecycle(c, r, "stop");
            case "RebootInstance" -> instances.lifecycle(c, r, "reboot");
            case "DeleteInstance" -> instances.deleteInstances(c, r, List.of(c.required("InstanceId")), events);
            case "DeleteInstances" -> instances.deleteInstances(c, r, c.repeated("InstanceId"), events);
            case "DescribeInstances" -> instances.describeInstances(c, r);
            case "DescribeInstanceStatus" -> instances.describeInstanceStatus(c, r);
            case "ModifyInstanceSpec" -> instances.modifyInstanceSpec(c, r);
            case "DescribeDisks" -> disks.describeDisks(c, r);
            case "CreateSnapshot" -> disks.createSnapshot(c, r, region, events);
            case "DescribeSnapshots" -> disks.describeSnapshots(c, r);
            case "DeleteSnapshot" -> disks.deleteSnapshot(c, r, events);
            case "CreateImage" -> disks.createImage(c, r, region);
            case "ResetDisk" -> disks.resetDisk(c, r, events);
            case "DeleteImage" -> disks.deleteImage(c, r);
            case "DescribeImages" -> catalogue.describeImages(c, region, r);
            case "RevokeSecurityGroup" -> securityGroups.revokeSecurityGroup(c, r);
            case "DescribeSecurityGroupAttribute" -> securityGroups.describeSecurityGroupAttribute(c, r);
            case "TagResources" -> tags.tagResources(c, r, true);
            case "UntagResources" -> tags.tagResources(c, r, false);
            case "ListTagResources" -> tags.listTagResources(c, r);
            case "DescribeAccountAttributes" -> account.describeAccountAttributes(c, r);
            case "DescribePrice" -> account.describePrice(c, region.id());
            default -> throw new IllegalStateException(c.action());
        };
    }
}

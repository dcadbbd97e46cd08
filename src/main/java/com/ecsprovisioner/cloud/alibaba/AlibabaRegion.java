package com.ecsprovisioner.cloud.alibaba;

import com.aliyuncs.IAcsClient;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One account in one region through the Alibaba SDK: a facade over one part per API area, the way jclouds splits
 * its ECS API into InstanceApi, VPCApi and SecurityGroupApi. Every part calls out through one {@link RegionCalls},
 * which points requests at the configured endpoint, sets the time-outs and classifies every failure; the parts only
 * build requests and map answers.
 * <p>
 * Batch sizes are the API's own limits: 100 ids per DescribeInstances, DescribeSecurityGroups, DescribeSnapshots
 * and DeleteKeyPairs call, 20 per DescribeVpcs call, 100 rules per AuthorizeSecurityGroup call; list calls walk all
 * pages with the largest page size each action accepts.
 */
final class AlibabaRegion implements CloudRegion {

    private final CatalogueApi catalogue;
    private final KeyPairApi keyPairs;
    private final PermissionApi permissions;
    private final NetworkApi networks;
    private final SecurityGroupApi securityGroups;
    private final InstanceApi instances;
    private final SnapshotApi snapshots;
    private final ImageApi images;
    private final AccountApi account;

    AlibabaRegion(String regionId, IAcsClient client, AcsClients.Endpoint ecsEndpoint, AcsClients.Endpoint vpcEndpoint,
                  int connectTimeoutMillis, int readTimeoutMillis) {
        RegionCalls calls = new RegionCalls(regionId, client, ecsEndpoint, vpcEndpoint, connectTimeoutMillis,
                readTimeoutMillis);
        this.catalogue = new CatalogueApi(calls);
        this.keyPairs = new KeyPairApi(calls);
        this.permissions = new PermissionApi(calls);
        this.securityGroups = new SecurityGroupApi(calls);
        this.networks = new NetworkApi(calls, securityGroups);
        this.instances = new InstanceApi(calls);
        this.snapshots = new SnapshotApi(calls);
        this.images = new ImageApi(calls);
        this.account = new AccountApi(calls);
    }

    // ---- account and catalogue ------------------------------------------------------------------------------

    @Override
    public List<CloudTypes.Region> regions() {
        return catalogue.regions();
    }

    @Override
    public List<CloudTypes.Zone> zones() {
        return catalogue.zones();
    }

    @Override
    public List<CloudTypes.Offer> availableInstanceTypes(String zoneId) {
        return catalogue.availableInstanceTypes(zoneId);
    }

    @Override
    public List<CloudTypes.InstanceType> instanceTypes() {
        return catalogue.instanceTypes();
    }

    @Override
    public List<CloudTypes.Image> publicImages() {
        return catalogue.publicImages();
    }

    @Override
    public List<CloudTypes.KeyPair> keyPairs() {
        return keyPairs.keyPairs();
    }

    @Override
    public CloudTypes.KeyPair importKeyPair(String name, String openSshPublicKey) {
        return keyPairs.importKeyPair(name, openSshPublicKey);
    }

    @Override
    public CloudTypes.CreatedKeyPair createKeyPair(String name) {
        return keyPairs.createKeyPair(name);
    }

    @Override
    public void deleteKeyPairs(Collection<String> names) {
        keyPairs.deleteKeyPairs(names);
    }

    @Override
    public List<CloudTypes.PermissionCheck> checkPermissions(CloudTypes.PermissionProbe probe) {
        return permissions.checkPermissions(probe);
    }

    @Override
    public int vpcCount() {
        return networks.vpcCount();
    }

    @Override
    public CloudTypes.QuotaReport quotas() {
        return account.quotas();
    }

    @Override
    public CloudTypes.Price price(CloudTypes.PriceQuery query) {
        return account.price(query);
    }

    // ---- networks -------------------------------------------------------------------------------------------

    @Override
    public String createVpc(CloudTypes.VpcSpec spec, String clientToken) {
        return networks.createVpc(spec, clientToken);
    }

    @Override
    public Map<String, CloudTypes.Vpc> describeVpcs(Collection<String> vpcIds) {
        return networks.describeVpcs(vpcIds);
    }

    @Override
    public void deleteVpc(String vpcId) {
        networks.deleteVpc(vpcId);
    }

    @Override
    public String createVSwitch(CloudTypes.VSwitchSpec spec, String clientToken) {
        return networks.createVSwitch(spec, clientToken);
    }

    @Override
    public Map<String, CloudTypes.VSwitch> describeVSwitches(Collection<String> vSwitchIds) {
        return networks.describeVSwitches(vSwitchIds);
    }

    @Override
    public void deleteVSwitch(String vSwitchId) {
        networks.deleteVSwitch(vSwitchId);
    }

    @Override
    public String createSecurityGroup(CloudTypes.SecurityGroupSpec spec, String clientToken) {
        return securityGroups.createSecurityGroup(spec, clientToken);
    }

    @Override
    public void authorizeIngress(String securityGroupId, List<CloudTypes.IngressRule> rules, String clientToken) {
        securityGroups.authorizeIngress(securityGroupId, rules, clientToken);
    }

    @Override
    public Map<String, CloudTypes.SecurityGroup> describeSecurityGroups(Collection<String> securityGroupIds) {
        return securityGroups.describeSecurityGroups(securityGroupIds);
    }

    @Override
    public List<CloudTypes.IngressRule> ingressRules(String securityGroupId) {
        return securityGroups.ingressRules(securityGroupId);
    }

    @Override
    public void revokeIngress(String securityGroupId, List<CloudTypes.IngressRule> rules) {
        securityGroups.revokeIngress(securityGroupId, rules);
    }

    @Override
    public void deleteSecurityGroup(String securityGroupId) {
        securityGroups.deleteSecurityGroup(securityGroupId);
    }

    @Override
    public List<CloudTypes.TaggedResource> networkResourcesTagged(String tagKey, Optional<String> tagValue) {
        return networks.networkResourcesTagged(tagKey, tagValue);
    }

    // ---- instances and snapshots ----------------------------------------------------------------------------

    @Override
    public String runInstance(CloudTypes.InstanceSpec spec, String clientToken) {
        return instances.runInstance(spec, clientToken);
    }

    @Override
    public Map<String, CloudTypes.Instance> describeInstances(Collection<String> instanceIds) {
        return instances.describeInstances(instanceIds);
    }

    @Override
    public List<CloudTypes.Instance> instancesTagged(String tagKey, Optional<String> tagValue) {
        return instances.instancesTagged(tagKey, tagValue);
    }

    @Override
    public void startInstance(String instanceId) {
        instances.startInstance(instanceId);
    }

    @Override
    public void stopInstance(String instanceId, boolean force) {
        instances.stopInstance(instanceId, force);
    }

    @Override
    public void rebootInstance(String instanceId, boolean force) {
        instances.rebootInstance(instanceId, force);
    }

    @Override
    public void deleteInstance(String instanceId, boolean force) {
        instances.deleteInstance(instanceId, force);
    }

    @Override
    public void modifyInstanceType(String instanceId, String instanceType) {
        instances.modifyInstanceType(instanceId, instanceType);
    }

    @Override
    public String snapshotSystemDisk(String instanceId, String name, Map<String, String> tags, String clientToken) {
        return snapshots.snapshotSystemDisk(instanceId, name, tags, clientToken);
    }

    @Override
    public List<CloudTypes.Snapshot> snapshotsOf(String instanceId) {
        return snapshots.snapshotsOf(instanceId);
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        snapshots.deleteSnapshot(snapshotId);
    }

    @Override
    public void resetSystemDisk(String instanceId, String snapshotId) {
        snapshots.resetSystemDisk(instanceId, snapshotId);
    }

    @Override
    public Map<String, CloudTypes.Snapshot> describeSnapshots(Collection<String> snapshotIds) {
        return snapshots.describeSnapshots(snapshotIds);
    }

    @Override
    public String createImage(String snapshotId, String name, String clientToken) {
        return images.createImage(snapshotId, name, clientToken);
    }

    @Override
    public Map<String, CloudTypes.OwnImage> ownImages(Collection<String> imageIds) {
        return images.ownImages(imageIds);
    }

    @Override
    public void deleteImage(String imageId) {
        images.deleteImage(imageId);
    }
}

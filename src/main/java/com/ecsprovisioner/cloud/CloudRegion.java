package com.ecsprovisioner.cloud;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One account in one region, as the product uses it. Every method either answers or throws {@link CloudException}
 * with the cloud's code and request id. Create calls take a client token: calling again with the same token returns
 * the resource the first call created instead of a second one, so a retry after a crash is safe.
 * Describe calls by id accept any number of ids and batch them (at most 100 per request); ids the cloud does not
 * know are simply absent from the answer.
 */
public interface CloudRegion {

    // ---- Account and catalogue -----------------------------------------------------------------------------

    /** All regions the account can use (works from any region). */
    List<CloudTypes.Region> regions();

    /** The region's zones, in the cloud's order (the "first zone" policy takes the first). */
    List<CloudTypes.Zone> zones();

    /** The instance types that can be bought now in a zone (in stock), with the system disk categories offered. */
    List<CloudTypes.Offer> availableInstanceTypes(String zoneId);

    List<CloudTypes.InstanceType> instanceTypes();

    /** Public Linux images of the region (all pages). */
    List<CloudTypes.Image> publicImages();

    /** Key pairs of the region (all pages). */
    List<CloudTypes.KeyPair> keyPairs();

    CloudTypes.KeyPair importKeyPair(String name, String openSshPublicKey);

    /** Creates a key pair; the private key is in the answer only, never again. */
    CloudTypes.CreatedKeyPair createKeyPair(String name);

    void deleteKeyPairs(Collection<String> names);

    /**
     * Checks every action the product calls, with calls that change nothing: DryRun where the action has it,
     * otherwise the action on an id or name that cannot exist (a refusal by RAM comes before "not found"). Each
     * check names the RAM policy that grants it; an answer that proves neither is reported as unknown with its code.
     */
    List<CloudTypes.PermissionCheck> checkPermissions(CloudTypes.PermissionProbe probe);

    /**
     * How many VPCs the region holds, the default VPC not counted (it does not count against the quota): the use
     * that can still be shown when Quota Center, which reports the limit ({@link #quotas()}), may not be read.
     */
    int vpcCount();

    /**
     * The region's limits as the cloud reports them: VPCs per region, security groups per region and pay-as-you-go
     * vCPUs, each with its use. A limit that cannot be read is reported in the answer with the cloud's failure
     * (e.g. a missing permission); a failure of the whole call (credentials, throttling, no answer) is thrown.
     */
    CloudTypes.QuotaReport quotas();

    /** The hourly pay-as-you-go price of a server in this region, as the cloud quotes it. */
    CloudTypes.Price price(CloudTypes.PriceQuery query);

    // ---- Networks -------------------------------------------------------------------------------------------

    String createVpc(CloudTypes.VpcSpec spec, String clientToken);

    Map<String, CloudTypes.Vpc> describeVpcs(Collection<String> vpcIds);

    void deleteVpc(String vpcId);

    String createVSwitch(CloudTypes.VSwitchSpec spec, String clientToken);

    Map<String, CloudTypes.VSwitch> describeVSwitches(Collection<String> vSwitchIds);

    void deleteVSwitch(String vSwitchId);

    String createSecurityGroup(CloudTypes.SecurityGroupSpec spec, String clientToken);

    /** Adds inbound rules in as few calls as the API allows. Rules that already exist are not an error. */
    void authorizeIngress(String securityGroupId, List<CloudTypes.IngressRule> rules, String clientToken);

    Map<String, CloudTypes.SecurityGroup> describeSecurityGroups(Collection<String> securityGroupIds);

    /**
     * The group's inbound TCP rules that accept traffic from an address range (DescribeSecurityGroupAttribute,
     * direction ingress): the rules the product opens and closes. Rules of other shapes (UDP, ICMP, drop, another
     * group as the source) are not the product's and are left out.
     */
    List<CloudTypes.IngressRule> ingressRules(String securityGroupId);

    /** Removes inbound TCP accept rules (RevokeSecurityGroup); a rule that is not there is no error. */
    void revokeIngress(String securityGroupId, List<CloudTypes.IngressRule> rules);

    void deleteSecurityGroup(String securityGroupId);

    /** The VPCs, vSwitches and security groups carrying a tag (for finding what servers left behind). */
    List<CloudTypes.TaggedResource> networkResourcesTagged(String tagKey, Optional<String> tagValue);

    // ---- Instances ------------------------------------------------------------------------------------------

    /** Runs one instance with a public IP through outbound bandwidth; returns its id. */
    String runInstance(CloudTypes.InstanceSpec spec, String clientToken);

    Map<String, CloudTypes.Instance> describeInstances(Collection<String> instanceIds);

    List<CloudTypes.Instance> instancesTagged(String tagKey, Optional<String> tagValue);

    void startInstance(String instanceId);

    void stopInstance(String instanceId, boolean force);

    void rebootInstance(String instanceId, boolean force);

    void deleteInstance(String instanceId, boolean force);

    /** Changes the type of a stopped instance. */
    void modifyInstanceType(String instanceId, String instanceType);

    /** Snapshot of the instance's system disk; returns the snapshot id. */
    default String snapshotSystemDisk(String instanceId, String name, String clientToken) {
        return snapshotSystemDisk(instanceId, name, Map.of(), clientToken);
    }

    /** Snapshot of the instance's system disk carrying {@code tags} (CreateSnapshot's Tag.N); returns its id. */
    String snapshotSystemDisk(String instanceId, String name, Map<String, String> tags, String clientToken);

    /** Every snapshot of the instance's disks (all pages), each with its tags and size; none when it has none. */
    List<CloudTypes.Snapshot> snapshotsOf(String instanceId);

    /** Deletes a snapshot (DeleteSnapshot); one already gone is no error. */
    void deleteSnapshot(String snapshotId);

    /**
     * Rolls the instance's system disk back to one of its own snapshots (ResetDisk); the instance must be stopped.
     * What was written on the disk since the snapshot is lost.
     */
    void resetSystemDisk(String instanceId, String snapshotId);

    Map<String, CloudTypes.Snapshot> describeSnapshots(Collection<String> snapshotIds);

    // ---- Images of the account's own -------------------------------------------------------------------------

    /** An image made from a snapshot of a system disk (CreateImage); answers its id at once, while it is Creating. */
    String createImage(String snapshotId, String name, String clientToken);

    /** The account's own images among {@code imageIds}, whatever their status; ids the cloud does not know are absent. */
    Map<String, CloudTypes.OwnImage> ownImages(Collection<String> imageIds);

    /** Deletes an image of the account's own (DeleteImage, not forced); one already gone is no error. */
    void deleteImage(String imageId);
}

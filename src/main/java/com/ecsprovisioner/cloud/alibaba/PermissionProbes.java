package com.ecsprovisioner.cloud.alibaba;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.ecs.model.v20140526.AuthorizeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupAttributeRequest;
import com.aliyuncs.ecs.model.v20140526.RevokeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateImageRequest;
import com.aliyuncs.ecs.model.v20140526.CreateKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteImageRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAccountAttributesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeAvailableResourceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceTypesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribePriceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.ResetDiskRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesRequest;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.ModifyInstanceSpecRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.TagResourcesRequest;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.vpc.model.v20160428.CreateVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One probe per action the *Api classes of this package call, none of which can create, change or delete
 * anything: DryRun where the v1 request class has it (reference §4.5), otherwise the action on an id that cannot
 * exist, or with a key pair name the API refuses, so that only the RAM check and the one answer named per probe can
 * come back. Reads that have no DryRun read one item.
 */
final class PermissionProbes {

    /** Ids and names of resources that cannot exist: no probe can ever touch a real resource. */
    static final String PROBE_VPC = "vpc-permissionprobe000000000";
    static final String PROBE_VSWITCH = "vsw-permissionprobe000000000";
    static final String PROBE_SECURITY_GROUP = "sg-permissionprobe0000000000";
    static final String PROBE_INSTANCE = "i-permissionprobe00000000000";
    static final String PROBE_DISK = "d-permissionprobe00000000000";
    static final String PROBE_SNAPSHOT = "s-permissionprobe00000000000";
    static final String PROBE_IMAGE = "m-permissionprobe00000000000";
    /** Key pair names must start with a letter (reference §3.1 ImportKeyPair): this one is refused as malformed. */
    static final String PROBE_BAD_KEY_PAIR_NAME = "-permission-probe";
    static final String PROBE_KEY_PAIR_NAME = "permission-probe-nonexistent-key";

    /**
     * @param proving besides DryRunOperation, success and any "not found", the codes that show the call got past
     *                RAM (the API's refusal of the probe's deliberately malformed value)
     */
    record Probe(String action, Product product, Consumer<RegionCalls> call, Set<String> proving) {
    }

    private PermissionProbes() {
    }

    static List<Probe> all(String regionId, CloudTypes.PermissionProbe p) {
        List<Probe> out = new ArrayList<>();
        String zone = p.zoneId() == null ? regionId + "-a" : p.zoneId();
        // Catalogue and account reads.
        out.add(read("DescribeRegions", Product.ECS, new DescribeRegionsRequest()));
        out.add(read("DescribeZones", Product.ECS, new DescribeZonesRequest()));
        DescribeAvailableResourceRequest offers = new DescribeAvailableResourceRequest();
        offers.setDestinationResource("InstanceType");
        offers.setZoneId(zone);
        out.add(read("DescribeAvailableResource", Product.ECS, offers));
        DescribeInstanceTypesRequest types = new DescribeInstanceTypesRequest();
        types.setMaxResults(1L);
        out.add(read("DescribeInstanceTypes", Product.ECS, types));
        DescribeImagesRequest images = new DescribeImagesRequest();
        images.setDryRun(true);
        out.add(read("DescribeImages", Product.ECS, images));
        DescribeAccountAttributesRequest attributes = new DescribeAccountAttributesRequest();
        attributes.setAttributeNames(List.of("max-security-groups"));
        out.add(read("DescribeAccountAttributes", Product.ECS, attributes));
        DescribePriceRequest price = new DescribePriceRequest();
        price.setResourceType("instance");
        price.setInstanceType(p.instanceType());
        price.setPriceUnit("Hour");
        out.add(read("DescribePrice", Product.ECS, price));
        out.add(new Probe("ListProductQuotas", Product.QUOTAS, calls -> calls.common(Product.QUOTAS, vpcQuotaRead()), Set.of()));
        // Key pairs: none has DryRun.
        DescribeKeyPairsRequest keyPairs = new DescribeKeyPairsRequest();
        keyPairs.setPageSize(1);
        out.add(read("DescribeKeyPairs", Product.ECS, keyPairs));
        ImportKeyPairRequest importKey = new ImportKeyPairRequest();
        importKey.setKeyPairName(PROBE_BAD_KEY_PAIR_NAME);
        importKey.setPublicKeyBody("ssh-rsa AAAA permission-probe");
        out.add(write("ImportKeyPair", Product.ECS, importKey, "InvalidKeyPairName.Malformed"));
        CreateKeyPairRequest createKey = new CreateKeyPairRequest();
        createKey.setKeyPairName(PROBE_BAD_KEY_PAIR_NAME);
        out.add(write("CreateKeyPair", Product.ECS, createKey, "InvalidKeyPairName.Malformed"));
        DeleteKeyPairsRequest deleteKeys = new DeleteKeyPairsRequest();
        deleteKeys.setKeyPairNames(RegionCalls.jsonArray(List.of(PROBE_KEY_PAIR_NAME)));
        out.add(write("DeleteKeyPairs", Product.ECS, deleteKeys));
        NetworkProbes.add(out, zone);
        InstanceProbes.add(out, zone, p);
        return out;
    }

    static Probe read(String action, Product product, AcsRequest<?> request) {
        return new Probe(action, product, calls -> calls.call(product, request), Set.of());
    }

    static Probe write(String action, Product product, AcsRequest<?> request, String... proving) {
        return new Probe(action, product, calls -> calls.call(product, request), Set.of(proving));
    }

    private static CommonRequest vpcQuotaRead() {
        CommonRequest r = new CommonRequest();
        r.setSysMethod(MethodType.POST);
        r.setSysVersion("2020-05-10");
        r.setSysAction("ListProductQuotas");
        r.putQueryParameter("ProductCode", "vpc");
        r.putQueryParameter("QuotaActionCode", AccountApi.VPC_QUOTA_CODE);
        return r;
    }

    /** VPCs, vSwitches and security groups. */
    private static final class NetworkProbes {
        static void add(List<Probe> out, String zone) {
            CreateVpcRequest vpc = new CreateVpcRequest();
            vpc.setCidrBlock("172.16.0.0/12");
            vpc.setDryRun(true);
            out.add(write("CreateVpc", Product.VPC, vpc));
            DescribeVpcsRequest vpcs = new DescribeVpcsRequest();
            vpcs.setDryRun(true);
            out.add(read("DescribeVpcs", Product.VPC, vpcs));
            DeleteVpcRequest deleteVpc = new DeleteVpcRequest();
            deleteVpc.setVpcId(PROBE_VPC);
            out.add(write("DeleteVpc", Product.VPC, deleteVpc));

            CreateVSwitchRequest vsw = new CreateVSwitchRequest();
            vsw.setVpcId(PROBE_VPC);
            vsw.setZoneId(zone);
            vsw.setCidrBlock("172.16.0.0/24");
            vsw.putQueryParameter("DryRun", "true"); // newer API versions accept it; the 3.2.4 class predates it
            out.add(write("CreateVSwitch", Product.VPC, vsw));
            DescribeVSwitchesRequest vsws = new DescribeVSwitchesRequest();
            vsws.setDryRun(true);
            out.add(read("DescribeVSwitches", Product.VPC, vsws));
            DeleteVSwitchRequest deleteVsw = new DeleteVSwitchRequest();
            deleteVsw.setVSwitchId(PROBE_VSWITCH);
            out.add(write("DeleteVSwitch", Product.VPC, deleteVsw));

            CreateSecurityGroupRequest sg = new CreateSecurityGroupRequest();
            sg.setVpcId(PROBE_VPC);
            sg.putQueryParameter("DryRun", "true");
            out.add(write("CreateSecurityGroup", Product.ECS, sg));
            AuthorizeSecurityGroupRequest rule = new AuthorizeSecurityGroupRequest();
            rule.setSecurityGroupId(PROBE_SECURITY_GROUP);
            AuthorizeSecurityGroupRequest.Permissions tcp = new AuthorizeSecurityGroupRequest.Permissions();
            tcp.setIpProtocol("tcp");
            tcp.setPortRange("22/22");
            tcp.setSourceCidrIp("0.0.0.0/0");
            rule.setPermissions(List.of(tcp));
            out.add(write("AuthorizeSecurityGroup", Product.ECS, rule));
            // The firewall reads and removes rules of a server's group: by id, so a group that cannot exist answers
            // "not found" once RAM let the call through.
            DescribeSecurityGroupAttributeRequest rules = new DescribeSecurityGroupAttributeRequest();
            rules.setSecurityGroupId(PROBE_SECURITY_GROUP);
            rules.setDirection("ingress");
            out.add(write("DescribeSecurityGroupAttribute", Product.ECS, rules));
            RevokeSecurityGroupRequest revoke = new RevokeSecurityGroupRequest();
            revoke.setSecurityGroupId(PROBE_SECURITY_GROUP);
            RevokeSecurityGroupRequest.Permissions closed = new RevokeSecurityGroupRequest.Permissions();
            closed.setIpProtocol("tcp");
            closed.setPortRange("22/22");
            closed.setSourceCidrIp("0.0.0.0/0");
            revoke.setPermissions(List.of(closed));
            out.add(write("RevokeSecurityGroup", Product.ECS, revoke));
            DescribeSecurityGroupsRequest sgs = new DescribeSecurityGroupsRequest();
            sgs.setDryRun(true);
            out.add(read("DescribeSecurityGroups", Product.ECS, sgs));
            DeleteSecurityGroupRequest deleteSg = new DeleteSecurityGroupRequest();
            deleteSg.setSecurityGroupId(PROBE_SECURITY_GROUP);
            out.add(write("DeleteSecurityGroup", Product.ECS, deleteSg));
        }
    }

    /** Instances, their tags, disks, snapshots and the images made of snapshots. */
    private static final class InstanceProbes {
        static void add(List<Probe> out, String zone, CloudTypes.PermissionProbe p) {
            RunInstancesRequest run = new RunInstancesRequest();
            run.setDryRun(true);
            run.setZoneId(zone);
            run.setInstanceType(p.instanceType());
            run.setImageId(p.imageId());
            run.setVSwitchId(PROBE_VSWITCH);
            run.setSecurityGroupId(PROBE_SECURITY_GROUP);
            run.setAmount(1);
            out.add(write("RunInstances", Product.ECS, run));
            DescribeInstancesRequest describe = new DescribeInstancesRequest();
            // Without DryRun a key lacking the right sees an empty list, not a refusal (reference §4.5).
            describe.setDryRun(true);
            out.add(read("DescribeInstances", Product.ECS, describe));
            StartInstanceRequest start = new StartInstanceRequest();
            start.setInstanceId(PROBE_INSTANCE);
            start.setDryRun(true);
            out.add(write("StartInstance", Product.ECS, start));
            StopInstanceRequest stop = new StopInstanceRequest();
            stop.setInstanceId(PROBE_INSTANCE);
            stop.setDryRun(true);
            out.add(write("StopInstance", Product.ECS, stop));
            RebootInstanceRequest reboot = new RebootInstanceRequest();
            reboot.setInstanceId(PROBE_INSTANCE);
            reboot.setDryRun(true);
            out.add(write("RebootInstance", Product.ECS, reboot));
            ModifyInstanceSpecRequest resize = new ModifyInstanceSpecRequest();
            resize.setInstanceId(PROBE_INSTANCE);
            resize.setInstanceType(p.instanceType() == null ? "ecs.t6-c1m1.large" : p.instanceType());
            resize.setDryRun(true);
            out.add(write("ModifyInstanceSpec", Product.ECS, resize));
            DeleteInstanceRequest delete = new DeleteInstanceRequest();
            delete.setInstanceId(PROBE_INSTANCE);
            delete.setDryRun(true);
            out.add(write("DeleteInstance", Product.ECS, delete));
            // The product tags what it creates; tagging is RAM action ecs:TagResources, which has no DryRun.
            TagResourcesRequest tag = new TagResourcesRequest();
            tag.setResourceType("instance");
            tag.setResourceIds(List.of(PROBE_INSTANCE));
            TagResourcesRequest.Tag t = new TagResourcesRequest.Tag();
            t.setKey("ecs-provisioner-probe");
            t.setValue("1");
            tag.setTags(List.of(t));
            out.add(write("TagResources", Product.ECS, tag));

            DescribeDisksRequest disks = new DescribeDisksRequest();
            disks.setInstanceId(PROBE_INSTANCE);
            disks.setDryRun(true);
            out.add(read("DescribeDisks", Product.ECS, disks));
            CreateSnapshotRequest snapshot = new CreateSnapshotRequest();
            snapshot.setDiskId(PROBE_DISK);
            out.add(write("CreateSnapshot", Product.ECS, snapshot));
            DescribeSnapshotsRequest snapshots = new DescribeSnapshotsRequest();
            snapshots.setDryRun(true);
            out.add(read("DescribeSnapshots", Product.ECS, snapshots));
            // Backups delete their policy's oldest snapshots and roll a disk back (ResetDisk has DryRun; DeleteSnapshot
            // does not, so it is asked for a snapshot that cannot exist).
            DeleteSnapshotRequest deleteSnapshot = new DeleteSnapshotRequest();
            deleteSnapshot.setSnapshotId(PROBE_SNAPSHOT);
            out.add(write("DeleteSnapshot", Product.ECS, deleteSnapshot));
            ResetDiskRequest reset = new ResetDiskRequest();
            reset.setDiskId(PROBE_DISK);
            reset.setSnapshotId(PROBE_SNAPSHOT);
            reset.setDryRun(true);
            out.add(write("ResetDisk", Product.ECS, reset));
            // A restore to a new server makes an image of a snapshot and deletes it after; neither action has DryRun,
            // so each is asked about a snapshot or image that cannot exist (DeleteImage ignores one it does not find).
            CreateImageRequest image = new CreateImageRequest();
            image.setSnapshotId(PROBE_SNAPSHOT);
            out.add(write("CreateImage", Product.ECS, image));
            DeleteImageRequest deleteImage = new DeleteImageRequest();
            deleteImage.setImageId(PROBE_IMAGE);
            out.add(write("DeleteImage", Product.ECS, deleteImage));
        }
    }
}

package com.ecsprovisioner.cloud.alibaba;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The permission check: one probe per create action the product needs, none of which can create anything. Part of {@link AlibabaRegion}; every call goes through {@link RegionCalls}. */
final class PermissionApi {

    /** Ids of resources that cannot exist: permission probes name them so that nothing is ever created. */
    private static final String PROBE_VPC = "vpc-permissionprobe000000000";
    private static final String PROBE_VSWITCH = "vsw-permissionprobe000000000";
    private static final String PROBE_SECURITY_GROUP = "sg-permissionprobe0000000000";

    private final RegionCalls calls;

    PermissionApi(RegionCalls calls) {
        this.calls = calls;
    }

    /**
     * Each probe is a call that cannot create anything: DryRun where the request class has it, and always ids of
     * resources that do not exist. RAM is checked before parameters, so "not found" or "invalid" still proves the
     * permission; only a RAM denial says it is missing. Credentials and transport failures end the check.
     */
    List<CloudTypes.PermissionCheck> checkPermissions(CloudTypes.PermissionProbe probe) {
        Objects.requireNonNull(probe, "probe");
        List<CloudTypes.PermissionCheck> out = new ArrayList<>();

        CreateVpcRequest vpc = new CreateVpcRequest();
        vpc.setCidrBlock("172.16.0.0/12");
        vpc.setDryRun(true);
        out.add(probe("CreateVpc", Product.VPC, vpc));

        CreateVSwitchRequest vsw = new CreateVSwitchRequest();
        vsw.setVpcId(PROBE_VPC);
        vsw.setZoneId(probe.zoneId() == null ? calls.regionId() + "-a" : probe.zoneId());
        vsw.setCidrBlock("172.16.0.0/24");
        vsw.putQueryParameter("DryRun", "true"); // newer API versions accept it; the 3.2.4 class predates it
        out.add(probe("CreateVSwitch", Product.VPC, vsw));

        CreateSecurityGroupRequest sg = new CreateSecurityGroupRequest();
        sg.setVpcId(PROBE_VPC);
        sg.putQueryParameter("DryRun", "true");
        out.add(probe("CreateSecurityGroup", Product.ECS, sg));

        RunInstancesRequest run = new RunInstancesRequest();
        run.setDryRun(true);
        run.setZoneId(probe.zoneId());
        run.setInstanceType(probe.instanceType());
        run.setImageId(probe.imageId());
        run.setVSwitchId(PROBE_VSWITCH);
        run.setSecurityGroupId(PROBE_SECURITY_GROUP);
        run.setAmount(1);
        out.add(probe("RunInstances", Product.ECS, run));
        return out;
    }

    private CloudTypes.PermissionCheck probe(String action, Product product, AcsRequest<?> request) {
        String policy = product.grantingPolicy;
        try {
            calls.call(product, request);
            return new CloudTypes.PermissionCheck(action, true, policy, null);
        } catch (CloudException e) {
            if ("DryRunOperation".equals(e.code()) || "DRYRUN.SUCCESS".equals(e.code())) {
                return new CloudTypes.PermissionCheck(action, true, policy, null);
            }
            if (e.kind() == Kind.FORBIDDEN && e.missingPolicy() != null) {
                return new CloudTypes.PermissionCheck(action, false, e.missingPolicy(), e.getMessage());
            }
            if (e.kind() == Kind.BAD_CREDENTIALS || e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.THROTTLED) {
                throw e;
            }
            // Past the RAM check: the probe's made-up ids were rejected, which is what it expects.
            return new CloudTypes.PermissionCheck(action, true, policy, null);
        }
    }
}

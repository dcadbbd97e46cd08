package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsResponse;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VPCs and vSwitches through the real VPC SDK: async states, quotas, dependency order, idempotency, dry run. */
class VpcSdkTest {

    private final MutableClock clock = new MutableClock();
    private Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture(SandboxConfig.builder()
                .durations(new Durations(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, Duration.ofSeconds(3), Duration.ZERO))
                .quotas(new Quotas(3, 150, 100, 200, 500, 100))
                .clock(clock).build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String createVpc(String cidr) throws Exception {
        CreateVpcRequest r = new CreateVpcRequest();
        r.setCidrBlock(cidr);
        r.setVpcName("wp-net");
        return f.full.getAcsResponse(r).getVpcId();
    }

    private DescribeVpcsResponse.Vpc describe(String vpcId) throws Exception {
        DescribeVpcsRequest d = new DescribeVpcsRequest();
        d.setVpcId(vpcId);
        DescribeVpcsResponse r = f.full.getAcsResponse(d);
        return r.getVpcs().isEmpty() ? null : r.getVpcs().get(0);
    }

    @Test
    void vpcAndVSwitchGoPendingThenAvailableAndDeleteInDependencyOrder() throws Exception {
        String vpcId = createVpc("10.0.0.0/16");
        assertEquals("Pending", describe(vpcId).getStatus());
        CreateVSwitchRequest vsw = new CreateVSwitchRequest();
        vsw.setVpcId(vpcId);
        vsw.setZoneId("cn-hangzhou-j");
        vsw.setCidrBlock("10.0.1.0/24");
        Fixture.fails("IncorrectVpcStatus", f.full, vsw);
        clock.advance(Duration.ofSeconds(2));
        assertEquals("Available", describe(vpcId).getStatus());
        assertEquals("10.0.0.0/16", describe(vpcId).getCidrBlock());
        String vSwitchId = f.full.getAcsResponse(vsw).getVSwitchId();
        CreateVSwitchRequest overlap = new CreateVSwitchRequest();
        overlap.setVpcId(vpcId);
        overlap.setZoneId("cn-hangzhou-j");
        overlap.setCidrBlock("10.0.1.128/25");
        Fixture.fails("InvalidCidrBlock.Overlapped", f.full, overlap);
        CreateVSwitchRequest outside = new CreateVSwitchRequest();
        outside.setVpcId(vpcId);
        outside.setZoneId("cn-hangzhou-j");
        outside.setCidrBlock("192.168.1.0/24");
        Fixture.fails("InvalidParameter", f.full, outside);
        CreateVSwitchRequest badZone = new CreateVSwitchRequest();
        badZone.setVpcId(vpcId);
        badZone.setZoneId("cn-shanghai-e");
        badZone.setCidrBlock("10.0.2.0/24");
        Fixture.fails("InvalidZoneId.NotFound", f.full, badZone);

        DescribeVSwitchesRequest dv = new DescribeVSwitchesRequest();
        dv.setVpcId(vpcId);
        DescribeVSwitchesResponse.VSwitch s = f.full.getAcsResponse(dv).getVSwitches().get(0);
        assertEquals("Pending", s.getStatus());
        assertEquals(252L, s.getAvailableIpAddressCount());
        clock.advance(Duration.ofSeconds(2));
        assertEquals("Available", f.full.getAcsResponse(dv).getVSwitches().get(0).getStatus());
        assertEquals(vSwitchId, describe(vpcId).getVSwitchIds().get(0));

        CreateSecurityGroupRequest sg = new CreateSecurityGroupRequest();
        sg.setVpcId(vpcId);
        String sgId = f.full.getAcsResponse(sg).getSecurityGroupId();
        RunInstancesRequest run = new RunInstancesRequest();
        run.setImageId("debian_12_5_x64_20G_alibase_20240325.vhd");
        run.setInstanceType("ecs.e-c1m1.large");
        run.setSecurityGroupId(sgId);
        run.setVSwitchId(vSwitchId);
        String instanceId = f.full.getAcsResponse(run).getInstanceIdSets().get(0);

        DeleteVpcRequest delVpc = new DeleteVpcRequest();
        delVpc.setVpcId(vpcId);
        Fixture.fails("DependencyViolation.VSwitch", f.full, delVpc);
        DeleteVSwitchRequest delVsw = new DeleteVSwitchRequest();
        delVsw.setVSwitchId(vSwitchId);
        Fixture.fails("DependencyViolation", f.full, delVsw);

        DeleteInstanceRequest delI = new DeleteInstanceRequest();
        delI.setInstanceId(instanceId);
        delI.setForce(true);
        f.full.getAcsResponse(delI);
        Fixture.fails("DependencyViolation", f.full, delVsw); // the instance is still being released
        clock.advance(Duration.ofSeconds(3));
        f.full.getAcsResponse(delVsw);
        Fixture.fails("DependencyViolation.VSwitch", f.full, delVpc); // and now the vSwitch is
        clock.advance(Duration.ofSeconds(3));
        Fixture.fails("DependencyViolation.SecurityGroup", f.full, delVpc);
        DeleteSecurityGroupRequest delSg = new DeleteSecurityGroupRequest();
        delSg.setSecurityGroupId(sgId);
        f.full.getAcsResponse(delSg);
        f.full.getAcsResponse(delVpc);
        assertEquals("Pending", describe(vpcId).getStatus());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(null, describe(vpcId));
        Fixture.fails("InvalidVpcId.NotFound", f.full, delVpc);
    }

    @Test
    void quotaDryRunAndClientToken() throws Exception {
        CreateVpcRequest tokened = new CreateVpcRequest();
        tokened.setClientToken("vpc-token-1");
        String first = f.full.getAcsResponse(tokened).getVpcId();
        assertEquals(first, f.full.getAcsResponse(tokened).getVpcId());
        CreateVpcRequest mismatch = new CreateVpcRequest();
        mismatch.setClientToken("vpc-token-1");
        mismatch.setCidrBlock("10.0.0.0/8");
        Fixture.fails("IdempotentParameterMismatch", f.full, mismatch);
        CreateVpcRequest dry = new CreateVpcRequest();
        dry.setDryRun(true);
        Fixture.fails("DryRunOperation", f.full, dry);
        createVpc("192.168.0.0/16");
        createVpc("10.0.0.0/8");
        Fixture.fails("QuotaExceeded.Vpc", f.full, new CreateVpcRequest());
        Fixture.fails("QuotaExceeded.Vpc", f.full, dry); // a dry run checks quotas too
        DescribeVpcsRequest all = new DescribeVpcsRequest();
        assertEquals(3, f.full.getAcsResponse(all).getTotalCount());
        CreateVpcRequest bad = new CreateVpcRequest();
        bad.setCidrBlock("8.8.8.0/24");
        Fixture.fails("InvalidCidrBlock.Malformed", f.full, bad);
    }

    @Test
    void pagesOfVpcsCoverEachOnce() throws Exception {
        Set<String> created = new HashSet<>();
        created.add(createVpc("10.0.0.0/16"));
        created.add(createVpc("10.1.0.0/16"));
        created.add(createVpc("10.2.0.0/16"));
        Set<String> seen = new HashSet<>();
        for (int page = 1; page <= 2; page++) {
            DescribeVpcsRequest d = new DescribeVpcsRequest();
            d.setPageSize(2);
            d.setPageNumber(page);
            DescribeVpcsResponse r = f.full.getAcsResponse(d);
            assertEquals(3, r.getTotalCount());
            r.getVpcs().forEach(v -> assertTrue(seen.add(v.getVpcId())));
        }
        assertEquals(created, seen);
    }

    @Test
    void unknownRegionOnVpcApi() {
        DescribeVpcsRequest d = new DescribeVpcsRequest();
        d.setSysRegionId("xx-nowhere-1");
        Fixture.fails("InvalidRegionId.NotFound", f.full, d);
    }
}

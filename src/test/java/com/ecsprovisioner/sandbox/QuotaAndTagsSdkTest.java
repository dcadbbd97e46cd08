package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.ecs.model.v20140526.CreateKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.ecs.model.v20140526.ListTagResourcesRequest;
import com.aliyuncs.ecs.model.v20140526.ListTagResourcesResponse;
import com.aliyuncs.ecs.model.v20140526.ModifyInstanceSpecRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.UntagResourcesRequest;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.cloud.Quotas;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ECS quotas with their real codes, and tags set at creation, listed and removed. */
class QuotaAndTagsSdkTest {

    private Fixture f;
    private Fixture.Network net;

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .quotas(new Quotas(10, 150, 2, 200, 1, 3)).build());
        net = f.network("cn-hangzhou-h", "172.16.3.0/24");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void ecsQuotas() throws Exception {
        CreateSecurityGroupRequest sg = new CreateSecurityGroupRequest();
        sg.setVpcId(net.vpcId());
        f.full.getAcsResponse(sg); // the fixture made the first
        Fixture.fails("QuotaExceed.SecurityGroup", f.full, sg);
        CreateKeyPairRequest kp = new CreateKeyPairRequest();
        kp.setKeyPairName("only-one");
        f.full.getAcsResponse(kp);
        kp.setKeyPairName("second");
        Fixture.fails("QuotaExceed.KeyPair", f.full, kp);
        RunInstancesRequest run = run();
        run.setAmount(4);
        Fixture.fails("QuotaExceed.ElasticQuota", f.full, run);
        run.setAmount(3);
        assertEquals(3, f.full.getAcsResponse(run).getInstanceIdSets().size());
        CreateSecurityGroupRequest noVpc = new CreateSecurityGroupRequest();
        noVpc.setVpcId("vpc-doesnotexist");
        Fixture.fails("InvalidVpcId.NotFound", f.full, noVpc);
        ModifyInstanceSpecRequest m = new ModifyInstanceSpecRequest();
        m.setInstanceId(f.full.getAcsResponse(new com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest())
                .getInstances().get(0).getInstanceId());
        m.setInstanceType("ecs.g7.xlarge");
        Fixture.fails("IncorrectInstanceStatus", f.full, m); // type changes need a Stopped instance
    }

    private RunInstancesRequest run() {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setImageId("ubuntu_22_04_x64_20G_alibase_20240130.vhd");
        r.setInstanceType("ecs.t6-c1m1.large");
        r.setSecurityGroupId(net.securityGroupId());
        r.setVSwitchId(net.vSwitchId());
        return r;
    }

    @Test
    void tagsAtCreationListAndUntag() throws Exception {
        RunInstancesRequest r = run();
        RunInstancesRequest.Tag t = new RunInstancesRequest.Tag();
        t.setKey("server");
        t.setValue("blog-1");
        r.setTags(List.of(t));
        String id = f.full.getAcsResponse(r).getInstanceIdSets().get(0);
        CreateSecurityGroupRequest sg = new CreateSecurityGroupRequest();
        sg.setVpcId(net.vpcId());
        CreateSecurityGroupRequest.Tag st = new CreateSecurityGroupRequest.Tag();
        st.setKey("server");
        st.setValue("blog-1");
        sg.setTags(List.of(st));
        String sgId = f.full.getAcsResponse(sg).getSecurityGroupId();
        DescribeSecurityGroupsRequest ds = new DescribeSecurityGroupsRequest();
        DescribeSecurityGroupsRequest.Tag dt = new DescribeSecurityGroupsRequest.Tag();
        dt.setKey("server");
        dt.setValue("blog-1");
        ds.setTags(List.of(dt));
        assertEquals(sgId, f.full.getAcsResponse(ds).getSecurityGroups().get(0).getSecurityGroupId());

        ListTagResourcesRequest l = new ListTagResourcesRequest();
        l.setResourceType("instance");
        l.setResourceIds(List.of(id));
        ListTagResourcesResponse lr = f.full.getAcsResponse(l);
        assertEquals(1, lr.getTagResources().size());
        assertEquals("blog-1", lr.getTagResources().get(0).getTagValue());
        UntagResourcesRequest u = new UntagResourcesRequest();
        u.setResourceType("instance");
        u.setResourceIds(List.of(id));
        u.setTagKeys(List.of("server"));
        f.full.getAcsResponse(u);
        assertTrue(f.full.getAcsResponse(l).getTagResources().isEmpty());

        RunInstancesRequest bad = run();
        RunInstancesRequest.Tag reserved = new RunInstancesRequest.Tag();
        reserved.setKey("aliyun-owned");
        reserved.setValue("x");
        bad.setTags(List.of(reserved));
        Fixture.fails("InvalidTagKey.Malformed", f.full, bad);
    }
}

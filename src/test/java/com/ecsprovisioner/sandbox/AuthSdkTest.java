package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.ecsprovisioner.sandbox.cloud.Durations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Authentication and RAM permissions as the real SDK reports them. */
class AuthSdkTest {

    private Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void wrongSecretIsReportedByTheSdkAsInvalidSecret() {
        IAcsClient wrong = SdkClients.client(f.sandbox, "LTAI5tSandboxFullAccess1", "not-the-secret", "cn-hangzhou");
        // The SDK recognises the echoed string to sign and reports the secret as wrong (reference §1.4).
        Fixture.fails("SDK.InvalidAccessKeySecret", wrong, new DescribeRegionsRequest());
    }

    @Test
    void unknownAccessKeyIsNotFound() {
        IAcsClient unknown = SdkClients.client(f.sandbox, "LTAI5tNobodyHasThisKey00", "x", "cn-hangzhou");
        ClientException e = Fixture.fails("InvalidAccessKeyId.NotFound", unknown, new DescribeRegionsRequest());
        assertNotNull(e.getRequestId());
    }

    @Test
    void ecsOnlyAccountGetsTheVpcPermissionErrorAndCanStillUseEcs() throws Exception {
        Fixture.fails("Forbbiden", f.ecsOnly, new CreateVpcRequest());
        Fixture.fails("Forbbiden", f.ecsOnly, new DescribeVpcsRequest());
        assertEquals(0, f.ecsOnly.getAcsResponse(new DescribeInstancesRequest()).getTotalCount());
    }

    @Test
    void vpcOnlyUserSeesNoInstancesUnlessItAsksWithDryRun() throws Exception {
        f.close();
        f = new Fixture(SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .accounts(SandboxConfig.defaultAccounts().toArray(new com.ecsprovisioner.sandbox.cloud.AccessKey[0]))
                .account(new com.ecsprovisioner.sandbox.cloud.AccessKey("LTAI5tVpcOnly", "vpc-secret", "1234567890123456",
                        "vpc-only", java.util.Set.of(com.ecsprovisioner.sandbox.cloud.Policy.VPC_FULL)))
                .build());
        IAcsClient vpcOnly = SdkClients.client(f.sandbox, "LTAI5tVpcOnly", "vpc-secret", "cn-hangzhou");
        assertEquals(0, vpcOnly.getAcsResponse(new DescribeInstancesRequest()).getInstances().size());
        DescribeInstancesRequest dry = new DescribeInstancesRequest();
        dry.setDryRun(true);
        Fixture.fails("Forbidden.RAM", vpcOnly, dry);
        Fixture.fails("DryRunOperation", f.full, dry);
    }

    @Test
    void readOnlyAccountGetsForbiddenRamOnEcsWritesWithDetail() throws Exception {
        RunInstancesRequest run = new RunInstancesRequest();
        run.setImageId("ubuntu_22_04_x64_20G_alibase_20240130.vhd");
        run.setInstanceType("ecs.t6-c1m1.large");
        run.setDryRun(true);
        ClientException e = Fixture.fails("Forbidden.RAM", f.readOnly, run);
        assertEquals("ecs:RunInstances", e.getAccessDeniedDetail().get("AuthAction"));
        Fixture.fails("Forbbiden", f.readOnly, new CreateVpcRequest());
        assertEquals(0, f.readOnly.getAcsResponse(new DescribeVpcsRequest()).getTotalCount());
    }
}

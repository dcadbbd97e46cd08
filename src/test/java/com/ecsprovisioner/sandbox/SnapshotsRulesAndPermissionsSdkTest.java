package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aliyuncs.ecs.model.v20140526.AuthorizeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateImageRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesResponse;
import com.aliyuncs.ecs.model.v20140526.DeleteSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsRequest;
import com.aliyuncs.ecs.model.v20140526.ResetDiskRequest;
import com.aliyuncs.ecs.model.v20140526.RevokeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.IAcsClient;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.CloudSnapshot;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshot deletion with its states, rule revocation, and RAM-like rights granted per action; the real SDK v1. */
class SnapshotsRulesAndPermissionsSdkTest {

    private static final String UBUNTU = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";
    private static final Duration SNAPSHOT = Duration.ofSeconds(5);
    private final MutableClock clock = new MutableClock();
    private Fixture f;
    private Fixture.Network net;

    @BeforeEach
    void start() throws Exception {
        List<AccessKey> keys = new ArrayList<>(SandboxConfig.defaultAccounts());
        keys.add(SandboxConfig.parseAccount("LTAI5tSandboxStarter0001:SandboxStarterSecret00000000000001:"
                + keys.get(0).accountId() + ":starter:AliyunECSReadOnlyAccess+ecs:StartInstance"));
        f = new Fixture(SandboxConfig.builder().accounts(keys.toArray(new AccessKey[0]))
                .durations(new Durations(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, SNAPSHOT)).clock(clock).build());
        net = f.network("cn-hangzhou-i", "172.16.1.0/24");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String instance() throws Exception {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setImageId(UBUNTU);
        r.setInstanceType("ecs.t6-c1m1.large");
        r.setSecurityGroupId(net.securityGroupId());
        r.setVSwitchId(net.vSwitchId());
        return f.full.getAcsResponse(r).getInstanceIdSets().get(0);
    }

    @Test
    void aSnapshotIsDeletedOnceAccomplishedAndThenIsGone() throws Exception {
        String id = instance();
        DescribeDisksRequest disks = new DescribeDisksRequest();
        disks.setInstanceId(id);
        CreateSnapshotRequest create = new CreateSnapshotRequest();
        create.setDiskId(f.full.getAcsResponse(disks).getDisks().get(0).getDiskId());
        String snapshotId = f.full.getAcsResponse(create).getSnapshotId();
        DescribeSnapshotsRequest list = new DescribeSnapshotsRequest();
        assertEquals("progressing", f.full.getAcsResponse(list).getSnapshots().get(0).getStatus());
        DeleteSnapshotRequest delete = new DeleteSnapshotRequest();
        delete.setSnapshotId(snapshotId);
        Fixture.fails("IncorrectSnapshotStatus", f.full, delete);
        clock.advance(SNAPSHOT);
        assertEquals("accomplished", f.full.getAcsResponse(list).getSnapshots().get(0).getStatus());
        f.full.getAcsResponse(delete);
        assertEquals(0, f.full.getAcsResponse(list).getTotalCount());
        Fixture.fails("InvalidSnapshotId.NotFound", f.full, delete);
    }

    private String snapshotOf(String instanceId) throws Exception {
        DescribeDisksRequest disks = new DescribeDisksRequest();
        disks.setInstanceId(instanceId);
        CreateSnapshotRequest create = new CreateSnapshotRequest();
        create.setDiskId(f.full.getAcsResponse(disks).getDisks().get(0).getDiskId());
        return f.full.getAcsResponse(create).getSnapshotId();
    }

    @Test
    void anImageFromASnapshotBootsNewInstancesOnceAvailableAndKeepsItsSnapshot() throws Exception {
        String snapshotId = snapshotOf(instance());
        CreateImageRequest image = new CreateImageRequest();
        image.setSnapshotId(snapshotId);
        image.setImageName("wordpress-golden");
        Fixture.fails("InvalidSnapshotId.NotReady", f.full, image);
        clock.advance(SNAPSHOT);
        String imageId = f.full.getAcsResponse(image).getImageId();

        DescribeImagesRequest mine = new DescribeImagesRequest();
        mine.setImageOwnerAlias("self");
        mine.setStatus("Creating,Available");
        DescribeImagesResponse.Image listed = f.full.getAcsResponse(mine).getImages().get(0);
        assertEquals(imageId, listed.getImageId());
        assertEquals("Creating", listed.getStatus());
        assertEquals("wordpress-golden", listed.getImageName());

        RunInstancesRequest run = new RunInstancesRequest();
        run.setImageId(imageId);
        run.setInstanceType("ecs.t6-c1m1.large");
        run.setSecurityGroupId(net.securityGroupId());
        run.setVSwitchId(net.vSwitchId());
        Fixture.fails("IncorrectImageStatus", f.full, run);
        clock.advance(SNAPSHOT);
        assertEquals("Available", f.full.getAcsResponse(mine).getImages().get(0).getStatus());
        String fromImage = f.full.getAcsResponse(run).getInstanceIdSets().get(0);
        DescribeInstancesRequest d = new DescribeInstancesRequest();
        d.setInstanceIds("[\"" + fromImage + "\"]");
        com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse.Instance booted =
                f.full.getAcsResponse(d).getInstances().get(0);
        assertEquals(imageId, booted.getImageId());
        assertEquals("Ubuntu  24.04 64 bit", booted.getOSNameEn(), "the operating system of the snapshotted disk");

        DeleteSnapshotRequest delete = new DeleteSnapshotRequest();
        delete.setSnapshotId(snapshotId);
        Fixture.fails("SnapshotCreatedImage", f.full, delete);
        DescribeImagesRequest system = new DescribeImagesRequest();
        system.setImageOwnerAlias("system");
        org.junit.jupiter.api.Assertions.assertTrue(f.full.getAcsResponse(system).getImages().stream()
                .noneMatch(i -> i.getImageId().equals(imageId)), "a custom image is not a public one");
    }

    @Test
    void aDiskIsResetOnlyToItsOwnAccomplishedSnapshotWhileItsInstanceIsStopped() throws Exception {
        String id = instance();
        String other = instance();
        String snapshotId = snapshotOf(id);
        String otherSnapshot = snapshotOf(other);
        DescribeDisksRequest disks = new DescribeDisksRequest();
        disks.setInstanceId(id);
        ResetDiskRequest reset = new ResetDiskRequest();
        reset.setDiskId(f.full.getAcsResponse(disks).getDisks().get(0).getDiskId());
        reset.setSnapshotId(snapshotId);
        Fixture.fails("InvalidSnapshotId.NotReady", f.full, reset);
        clock.advance(SNAPSHOT);
        Fixture.fails("IncorrectInstanceStatus", f.full, reset); // Running
        StopInstanceRequest stop = new StopInstanceRequest();
        stop.setInstanceId(id);
        f.full.getAcsResponse(stop);
        reset.setSnapshotId(otherSnapshot);
        Fixture.fails("InvalidSnapshotId.NotDiskSnapshot", f.full, reset);
        reset.setSnapshotId(snapshotId);
        f.full.getAcsResponse(reset);
        reset.setSnapshotId("s-bp1doesnotexist0000");
        Fixture.fails("InvalidSnapshotId.NotFound", f.full, reset);
    }

    private String rules() {
        for (CloudSnapshot.Account a : f.sandbox.inspect().accounts()) {
            for (CloudSnapshot.Region r : a.regions()) {
                for (CloudSnapshot.Resource res : r.resources()) {
                    if (res.id().equals(net.securityGroupId())) {
                        return res.details().get("Rules");
                    }
                }
            }
        }
        throw new AssertionError("group not found");
    }

    @Test
    void revokingRemovesTheMatchingRuleOnlyAndARuleNotThereIsNoError() throws Exception {
        for (String port : List.of("22/22", "443/443")) {
            AuthorizeSecurityGroupRequest a = new AuthorizeSecurityGroupRequest();
            a.setSecurityGroupId(net.securityGroupId());
            a.setIpProtocol("tcp");
            a.setPortRange(port);
            a.setSourceCidrIp("0.0.0.0/0");
            a.setDescription("open " + port);
            f.full.getAcsResponse(a);
        }
        assertEquals("2", rules());
        RevokeSecurityGroupRequest revoke = new RevokeSecurityGroupRequest();
        revoke.setSecurityGroupId(net.securityGroupId());
        revoke.setIpProtocol("TCP");
        revoke.setPortRange("22/22");
        revoke.setSourceCidrIp("0.0.0.0/0");
        f.full.getAcsResponse(revoke);
        assertEquals("1", rules());
        f.full.getAcsResponse(revoke);
        assertEquals("1", rules());
        revoke.setSourceCidrIp("10.0.0.0/8");
        revoke.setPortRange("443/443");
        f.full.getAcsResponse(revoke); // another source: not the rule that is there
        assertEquals("1", rules());
        Fixture.fails("Forbidden.RAM", f.readOnly, revoke);
    }

    @Test
    void describeSecurityGroupAttributeListsTheRulesInThePublishedShape() throws Exception {
        AuthorizeSecurityGroupRequest a = new AuthorizeSecurityGroupRequest();
        a.setSecurityGroupId(net.securityGroupId());
        AuthorizeSecurityGroupRequest.Permissions p = new AuthorizeSecurityGroupRequest.Permissions();
        p.setIpProtocol("TCP");
        p.setPortRange("8080/8080");
        p.setSourceCidrIp("203.0.113.0/24");
        p.setNicType("intranet");
        p.setDescription("office");
        a.setPermissions(List.of(p));
        f.full.getAcsResponse(a);

        com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupAttributeRequest d =
                new com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupAttributeRequest();
        d.setSecurityGroupId(net.securityGroupId());
        d.setDirection("ingress");
        com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupAttributeResponse r = f.readOnly.getAcsResponse(d);
        assertEquals(net.securityGroupId(), r.getSecurityGroupId());
        assertEquals("cn-hangzhou", r.getRegionId());
        assertEquals(1, r.getPermissions().size());
        com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupAttributeResponse.Permission rule = r.getPermissions().get(0);
        assertEquals("ingress", rule.getDirection());
        assertEquals("TCP", rule.getIpProtocol());
        assertEquals("8080/8080", rule.getPortRange());
        assertEquals("203.0.113.0/24", rule.getSourceCidrIp());
        assertEquals("Accept", rule.getPolicy());
        assertEquals("1", rule.getPriority());
        assertEquals("intranet", rule.getNicType());
        assertEquals("office", rule.getDescription());

        d.setDirection("egress");
        assertEquals(0, f.readOnly.getAcsResponse(d).getPermissions().size(), "the sandbox's rules are all inbound");
        d.setSecurityGroupId("sg-missing");
        Fixture.fails("InvalidSecurityGroupId.NotFound", f.readOnly, d);
    }

    @Test
    void aKeyGrantedOneActionRunsThatActionOnlyBesidesItsPolicies() throws Exception {
        String id = instance();
        StopInstanceRequest stop = new StopInstanceRequest();
        stop.setInstanceId(id);
        f.full.getAcsResponse(stop);
        IAcsClient starter = SdkClients.client(f.sandbox, f.key("starter"), "cn-hangzhou");
        assertEquals(1, starter.getAcsResponse(new DescribeInstancesRequest()).getTotalCount(), "its read-only policy");
        StartInstanceRequest start = new StartInstanceRequest();
        start.setInstanceId(id);
        starter.getAcsResponse(start);
        Fixture.fails("Forbidden.RAM", starter, stop);
        Fixture.fails("Forbidden.RAM", starter, new RunInstancesRequest());
    }

    @Test
    void aGrantedActionMustBeSpelledAsARamAction() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SandboxConfig.parseAccount("LTAI5tX:secret:1:u:ecs:Start Instance"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("ecs:Start Instance"), e.getMessage());
        AccessKey wildcard = SandboxConfig.parseAccount("LTAI5tX:secret:1:u:ecs:Describe*+AliyunVPCReadOnlyAccess");
        org.junit.jupiter.api.Assertions.assertTrue(wildcard.allows("Ecs", "DescribeDisks"));
        org.junit.jupiter.api.Assertions.assertFalse(wildcard.allows("Ecs", "StopInstance"));
        org.junit.jupiter.api.Assertions.assertTrue(wildcard.allows("Vpc", "DescribeVpcs"));
    }
}

package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.ecs.model.v20140526.AuthorizeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateImageRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeImagesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsRequest;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.ModifyInstanceSpecRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.DeleteVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transient answers that come from the sandbox's state rather than from fault injection: a second operation on
 * an instance mid-operation, a vSwitch still Pending, a ClientToken still processing, dependencies per kind, and
 * describes that do not see a resource just created yet. Driven by the real SDK v1.
 */
class StateDrivenAnswersSdkTest {

    private static final String UBUNTU = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";
    private static final Duration PENDING = Duration.ofSeconds(3);
    private static final Duration STARTING = Duration.ofSeconds(5);
    private static final Duration STOPPING = Duration.ofSeconds(5);
    private static final Duration RELEASE = Duration.ofSeconds(3);
    private final MutableClock clock = new MutableClock();
    private Fixture f;

    private Fixture start(Durations durations) {
        f = new Fixture(SandboxConfig.builder().durations(durations).clock(clock).build());
        return f;
    }

    private static Durations instanceTimes() {
        return new Durations(Duration.ZERO, Duration.ZERO, PENDING, STARTING, STOPPING, RELEASE, Duration.ZERO);
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private RunInstancesRequest run(Fixture.Network net) {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setImageId(UBUNTU);
        r.setInstanceType("ecs.t6-c1m1.large");
        r.setSecurityGroupId(net.securityGroupId());
        r.setVSwitchId(net.vSwitchId());
        r.setInternetMaxBandwidthOut(5);
        return r;
    }

    @Test
    void aSecondOperationOnAnInstanceMidOperationConflictsWithTheFirst() throws Exception {
        start(instanceTimes());
        Fixture.Network net = f.network("cn-hangzhou-i", "172.16.1.0/24");
        String id = f.full.getAcsResponse(run(net)).getInstanceIdSets().get(0);
        clock.advance(PENDING.plus(STARTING));

        f.full.getAcsResponse(Fixture.stopRequest(id)); // Stopping
        ClientException conflict = Fixture.fails("OperationConflict", f.full, Fixture.startRequest(id));
        assertEquals("Request was denied due to conflict with a previous request.", conflict.getErrMsg());
        Fixture.fails("OperationConflict", f.full, Fixture.stopRequest(id));
        Fixture.fails("OperationConflict", f.full, Fixture.deleteRequest(id, true));
        ModifyInstanceSpecRequest resize = new ModifyInstanceSpecRequest();
        resize.setInstanceId(id);
        resize.setInstanceType("ecs.t6-c1m2.large");
        Fixture.fails("OperationConflict", f.full, resize);

        clock.advance(STOPPING); // Stopped: a wrong request is now plainly in the wrong status, not in conflict
        Fixture.fails("IncorrectInstanceStatus", f.full, Fixture.stopRequest(id));
        f.full.getAcsResponse(Fixture.startRequest(id)); // Starting
        Fixture.fails("OperationConflict", f.full, Fixture.rebootRequest(id));
        clock.advance(STARTING);
        f.full.getAcsResponse(Fixture.rebootRequest(id));
        Fixture.fails("OperationConflict", f.full, Fixture.stopRequest(id));
        clock.advance(STARTING);
        f.full.getAcsResponse(Fixture.stopRequest(id));
    }

    @Test
    void anInstanceStillBeingCreatedIsInitializingToDeleteAndInTheWrongStatusToOthers() throws Exception {
        start(instanceTimes());
        Fixture.Network net = f.network("cn-hangzhou-i", "172.16.1.0/24");
        String id = f.full.getAcsResponse(run(net)).getInstanceIdSets().get(0);
        Fixture.fails("IncorrectInstanceStatus.Initializing", f.full, Fixture.deleteRequest(id, true));
        Fixture.fails("IncorrectInstanceStatus", f.full, Fixture.stopRequest(id));
        clock.advance(PENDING); // the launch's own Starting is no earlier request to conflict with
        Fixture.fails("IncorrectInstanceStatus", f.full, Fixture.stopRequest(id));
        clock.advance(STARTING);
        f.full.getAcsResponse(Fixture.deleteRequest(id, true));
    }

    @Test
    void runInstancesIntoAPendingVSwitchIsRefusedUntilItIsAvailable() throws Exception {
        Duration vSwitchPending = Duration.ofSeconds(2);
        start(new Durations(Duration.ZERO, vSwitchPending, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO));
        Fixture.Network net = f.network("cn-hangzhou-i", "172.16.1.0/24");
        ClientException e = Fixture.fails("IncorrectVSwitchStatus", f.full, run(net));
        assertEquals("The current status of virtual switch does not support this operation.", e.getErrMsg());
        clock.advance(vSwitchPending);
        assertEquals(1, f.full.getAcsResponse(run(net)).getInstanceIdSets().size());
    }

    @Test
    void theSameClientTokenWhileItsFirstRequestIsProcessingIsAnsweredLastTokenProcessing() throws Exception {
        Duration processing = Duration.ofSeconds(2);
        start(Durations.IMMEDIATE.withTokenProcessing(processing));
        CreateVpcRequest vpc = new CreateVpcRequest();
        vpc.setCidrBlock("10.0.0.0/8");
        vpc.setClientToken("token-vpc-1");
        String vpcId = f.full.getAcsResponse(vpc).getVpcId();
        ClientException e = Fixture.fails("LastTokenProcessing", f.full, vpc);
        assertEquals("The last token request is processing.", e.getErrMsg());
        clock.advance(processing);
        assertEquals(vpcId, f.full.getAcsResponse(vpc).getVpcId(), "afterwards the first answer is replayed");
        assertEquals(1, f.full.getAcsResponse(new DescribeVpcsRequest()).getTotalCount(), "and no second VPC made");

        Fixture.Network net = f.network("cn-hangzhou-i", "172.16.1.0/24");
        RunInstancesRequest r = run(net);
        r.setClientToken("token-run-1");
        String id = f.full.getAcsResponse(r).getInstanceIdSets().get(0);
        Fixture.fails("LastTokenProcessing", f.full, r);
        RunInstancesRequest changed = run(net);
        changed.setClientToken("token-run-1");
        changed.setInstanceName("changed");
        Fixture.fails("IdempotentParameterMismatch", f.full, changed); // other parameters are refused outright
        clock.advance(processing);
        assertEquals(id, f.full.getAcsResponse(r).getInstanceIdSets().get(0));
    }

    @Test
    void eachKindOfDependencyIsNamedAndLastsUntilTheChildIsReleased() throws Exception {
        start(new Durations(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, RELEASE,
                Duration.ZERO));
        Fixture.Network net = f.network("cn-hangzhou-i", "172.16.1.0/24");
        String id = f.full.getAcsResponse(run(net)).getInstanceIdSets().get(0);

        DeleteVpcRequest deleteVpc = new DeleteVpcRequest();
        deleteVpc.setVpcId(net.vpcId());
        Fixture.fails("DependencyViolation.VSwitch", f.full, deleteVpc);
        DeleteVSwitchRequest deleteVSwitch = new DeleteVSwitchRequest();
        deleteVSwitch.setVSwitchId(net.vSwitchId());
        Fixture.fails("DependencyViolation", f.full, deleteVSwitch);
        DeleteSecurityGroupRequest deleteGroup = new DeleteSecurityGroupRequest();
        deleteGroup.setSecurityGroupId(net.securityGroupId());
        ClientException members = Fixture.fails("DependencyViolation", f.full, deleteGroup);
        assertEquals("There is still instance(s) in the specified security group.", members.getErrMsg());

        f.full.getAcsResponse(Fixture.deleteRequest(id, true));
        Fixture.fails("DependencyViolation", f.full, deleteVSwitch); // the instance is still being released
        Fixture.fails("DependencyViolation", f.full, deleteGroup);
        clock.advance(RELEASE);

        CreateSecurityGroupRequest other = new CreateSecurityGroupRequest();
        other.setVpcId(net.vpcId());
        String otherId = f.full.getAcsResponse(other).getSecurityGroupId();
        AuthorizeSecurityGroupRequest fromGroup = new AuthorizeSecurityGroupRequest();
        fromGroup.setSecurityGroupId(otherId);
        fromGroup.setIpProtocol("tcp");
        fromGroup.setPortRange("3306/3306");
        fromGroup.setSourceGroupId(net.securityGroupId());
        f.full.getAcsResponse(fromGroup);
        ClientException authorized = Fixture.fails("DependencyViolation", f.full, deleteGroup);
        assertEquals("The specified security group has been authorized in another one.", authorized.getErrMsg());
        DeleteSecurityGroupRequest deleteOther = new DeleteSecurityGroupRequest();
        deleteOther.setSecurityGroupId(otherId);
        f.full.getAcsResponse(deleteOther);

        f.full.getAcsResponse(deleteVSwitch);
        Fixture.fails("DependencyViolation.VSwitch", f.full, deleteVpc); // released only after RELEASE
        clock.advance(RELEASE);
        Fixture.fails("DependencyViolation.SecurityGroup", f.full, deleteVpc);
        f.full.getAcsResponse(deleteGroup);
        f.full.getAcsResponse(deleteVpc);
    }

    @Test
    void withAConsistencyDelayDescribesDoNotSeeAResourceJustCreated() throws Exception {
        Duration delay = Duration.ofSeconds(2);
        start(Durations.IMMEDIATE.withConsistencyDelay(delay));
        Fixture.Network net = f.network("cn-hangzhou-i", "172.16.1.0/24");
        String id = f.full.getAcsResponse(run(net)).getInstanceIdSets().get(0);

        DescribeVpcsRequest vpcs = new DescribeVpcsRequest();
        vpcs.setVpcId(net.vpcId());
        DescribeVSwitchesRequest vSwitches = new DescribeVSwitchesRequest();
        vSwitches.setVSwitchId(net.vSwitchId());
        DescribeSecurityGroupsRequest groups = new DescribeSecurityGroupsRequest();
        groups.setSecurityGroupIds("[\"" + net.securityGroupId() + "\"]");
        DescribeInstancesRequest instances = new DescribeInstancesRequest();
        instances.setInstanceIds("[\"" + id + "\"]");
        assertEquals(0, f.full.getAcsResponse(vpcs).getTotalCount());
        assertEquals(0, f.full.getAcsResponse(vSwitches).getTotalCount());
        assertEquals(0, f.full.getAcsResponse(groups).getTotalCount());
        assertEquals(0, f.full.getAcsResponse(instances).getTotalCount());

        clock.advance(delay);
        assertEquals(1, f.full.getAcsResponse(vpcs).getTotalCount());
        assertEquals(1, f.full.getAcsResponse(vSwitches).getTotalCount());
        assertEquals(1, f.full.getAcsResponse(groups).getTotalCount());
        assertEquals(1, f.full.getAcsResponse(instances).getTotalCount());
    }

    @Test
    void withAConsistencyDelayDescribesDoNotSeeASnapshotAnImageOrAKeyPairJustCreatedEither() throws Exception {
        Duration delay = Duration.ofSeconds(2);
        start(Durations.IMMEDIATE.withConsistencyDelay(delay));
        Fixture.Network net = f.network("cn-hangzhou-i", "172.16.1.0/24");
        String id = f.full.getAcsResponse(run(net)).getInstanceIdSets().get(0);
        clock.advance(delay);

        DescribeDisksRequest disks = new DescribeDisksRequest();
        disks.setInstanceId(id);
        CreateSnapshotRequest snapshot = new CreateSnapshotRequest();
        snapshot.setDiskId(f.full.getAcsResponse(disks).getDisks().get(0).getDiskId());
        String snapshotId = f.full.getAcsResponse(snapshot).getSnapshotId();
        CreateImageRequest image = new CreateImageRequest();
        image.setSnapshotId(snapshotId);
        String imageId = f.full.getAcsResponse(image).getImageId();
        ImportKeyPairRequest key = new ImportKeyPairRequest();
        key.setKeyPairName("deploy");
        key.setPublicKeyBody("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICnohXTUUfXuOB9hVBLHApw2a2YpJD61UF19I5kqAARQ t");
        f.full.getAcsResponse(key);

        DescribeSnapshotsRequest snapshots = new DescribeSnapshotsRequest();
        snapshots.setSnapshotIds("[\"" + snapshotId + "\"]");
        DescribeImagesRequest images = new DescribeImagesRequest();
        images.setImageId(imageId);
        images.setStatus("Creating,Available");
        DescribeKeyPairsRequest keys = new DescribeKeyPairsRequest();
        assertEquals(0, f.full.getAcsResponse(snapshots).getTotalCount());
        assertEquals(0, f.full.getAcsResponse(images).getTotalCount());
        assertEquals(0, f.full.getAcsResponse(keys).getTotalCount());

        clock.advance(delay);
        assertEquals(1, f.full.getAcsResponse(snapshots).getTotalCount());
        assertEquals(1, f.full.getAcsResponse(images).getTotalCount());
        assertEquals(1, f.full.getAcsResponse(keys).getTotalCount());
    }

    @Test
    void theDelayAndTheTokenWindowAreSettingsOffByDefault() {
        Durations defaults = SandboxConfig.fromProperties(Map.of()).durations();
        assertEquals(Duration.ZERO, defaults.consistencyDelay());
        assertEquals(Duration.ZERO, defaults.tokenProcessing());
        Durations set = SandboxConfig.fromProperties(Map.of("ecs.sandbox.consistency-delay", "PT2S",
                "ecs.sandbox.duration.token-processing", "1500")).durations();
        assertEquals(Duration.ofSeconds(2), set.consistencyDelay());
        assertEquals(Duration.ofMillis(1500), set.tokenProcessing());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SandboxConfig.fromProperties(Map.of("ecs.sandbox.consistency-delay", "soon")));
        assertTrue(bad.getMessage().contains("ecs.sandbox.consistency-delay"), bad.getMessage());
    }
}

package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.ecs.model.v20140526.AllocatePublicIpAddressRequest;
import com.aliyuncs.ecs.model.v20140526.AuthorizeSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.CreateKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.CreateKeyPairResponse;
import com.aliyuncs.ecs.model.v20140526.CreateSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceStatusRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceStatusResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeKeyPairsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeKeyPairsResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSnapshotsResponse;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairResponse;
import com.aliyuncs.ecs.model.v20140526.ModifyInstanceSpecRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.TagResourcesRequest;
import com.aliyuncs.exceptions.ClientException;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key pairs, security groups, instances and their lifecycle, driven by the real ECS SDK. */
class InstanceLifecycleSdkTest {

    private static final String UBUNTU = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";
    private final MutableClock clock = new MutableClock();
    private Fixture f;
    private Fixture.Network net;

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(SandboxConfig.builder()
                .durations(new Durations(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(5)))
                .clock(clock).stock("cn-hangzhou-i", "ecs.g7.large", 1).build());
        net = f.network("cn-hangzhou-i", "172.16.1.0/24");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private RunInstancesRequest run(int amount) {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setImageId(UBUNTU);
        r.setInstanceType("ecs.t6-c1m1.large");
        r.setSecurityGroupId(net.securityGroupId());
        r.setVSwitchId(net.vSwitchId());
        r.setInternetMaxBandwidthOut(5);
        r.setAmount(amount);
        return r;
    }

    private String status(String id) throws ClientException {
        DescribeInstancesRequest d = new DescribeInstancesRequest();
        d.setInstanceIds("[\"" + id + "\"]");
        List<DescribeInstancesResponse.Instance> list = f.full.getAcsResponse(d).getInstances();
        return list.isEmpty() ? "gone" : list.get(0).getStatus();
    }

    @Test
    void runInstancesWalksPendingStartingRunningAndStopsAndDeletes() throws Exception {
        RunInstancesResponse r = f.full.getAcsResponse(run(1));
        String id = r.getInstanceIdSets().get(0);
        assertTrue(id.startsWith("i-bp1"));
        assertEquals("Pending", status(id));
        clock.advance(Duration.ofSeconds(3));
        assertEquals("Starting", status(id));
        Fixture.fails("IncorrectInstanceStatus", f.full, Fixture.stopRequest(id));
        clock.advance(Duration.ofSeconds(5));
        assertEquals("Running", status(id));

        DescribeInstancesRequest d = new DescribeInstancesRequest();
        d.setInstanceIds("[\"" + id + "\"]");
        DescribeInstancesResponse.Instance i = f.full.getAcsResponse(d).getInstances().get(0);
        assertEquals(2, i.getCpu());
        assertEquals(2048, i.getMemory());
        assertTrue(i.getPublicIpAddress().get(0).startsWith("127.1."));
        assertTrue(i.getVpcAttributes().getPrivateIpAddress().get(0).startsWith("172.16.1."));
        assertEquals(net.securityGroupId(), i.getSecurityGroupIds().get(0));
        assertEquals("Ubuntu  24.04 64 bit", i.getOSNameEn());

        Fixture.fails("IncorrectInstanceStatus", f.full, Fixture.deleteRequest(id, false));
        f.full.getAcsResponse(Fixture.stopRequest(id));
        assertEquals("Stopping", status(id));
        clock.advance(Duration.ofSeconds(5));
        assertEquals("Stopped", status(id));
        StartInstanceRequest start = new StartInstanceRequest();
        start.setInstanceId(id);
        f.full.getAcsResponse(start);
        assertEquals("Starting", status(id));
        clock.advance(Duration.ofSeconds(5));
        RebootInstanceRequest reboot = new RebootInstanceRequest();
        reboot.setInstanceId(id);
        f.full.getAcsResponse(reboot);
        assertEquals("Starting", status(id));
        clock.advance(Duration.ofSeconds(5));
        f.full.getAcsResponse(Fixture.deleteRequest(id, true));
        assertEquals("gone", status(id));
        Fixture.fails("InvalidInstanceId.NotFound", f.full, Fixture.deleteRequest(id, true));
    }

    @Test
    void createInstanceStaysStoppedWithoutPublicIpUntilAllocated() throws Exception {
        CreateInstanceRequest c = new CreateInstanceRequest();
        c.setImageId(UBUNTU);
        c.setInstanceType("ecs.c7.xlarge");
        c.setSecurityGroupId(net.securityGroupId());
        c.setVSwitchId(net.vSwitchId());
        c.setInternetMaxBandwidthOut(10);
        String id = f.full.getAcsResponse(c).getInstanceId();
        AllocatePublicIpAddressRequest a = new AllocatePublicIpAddressRequest();
        a.setInstanceId(id);
        Fixture.fails("IncorrectInstanceStatus", f.full, a); // still Pending
        clock.advance(Duration.ofSeconds(3));
        assertEquals("Stopped", status(id));
        String ip = f.full.getAcsResponse(a).getIpAddress();
        assertTrue(ip.startsWith("127.1."));
        Fixture.fails("AllocatedAlready", f.full, a);
        Optional<SandboxHostDirectory.SandboxHost> host = f.sandbox.directory().hostAt(ip);
        assertTrue(host.isPresent());
        assertEquals(false, host.get().answering());

        ModifyInstanceSpecRequest m = new ModifyInstanceSpecRequest();
        m.setInstanceId(id);
        m.setInstanceType("ecs.g7.large");
        f.full.getAcsResponse(m);
        DescribeInstancesRequest d = new DescribeInstancesRequest();
        d.setInstanceIds("[\"" + id + "\"]");
        assertEquals("ecs.g7.large", f.full.getAcsResponse(d).getInstances().get(0).getInstanceType());
        assertEquals(8192, f.full.getAcsResponse(d).getInstances().get(0).getMemory());
        // The zone held one g7.large, and this instance now has it.
        RunInstancesRequest more = run(1);
        more.setInstanceType("ecs.g7.large");
        Fixture.fails("OperationDenied.NoStock", f.full, more);
    }

    @Test
    void keyPairsImportCreateDescribeDeleteWithRfc4716Fingerprints() throws Exception {
        KeyPair kp = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048);
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        kp.writePublicKey(pub, "me@example");
        String line = pub.toString(StandardCharsets.US_ASCII).trim();
        ImportKeyPairRequest imp = new ImportKeyPairRequest();
        imp.setKeyPairName("imported");
        imp.setPublicKeyBody(line);
        ImportKeyPairResponse ir = f.full.getAcsResponse(imp);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(Base64.getDecoder().decode(line.split(" ")[1])));
        assertEquals(expected, ir.getKeyPairFingerPrint());
        Fixture.fails("KeyPair.AlreadyExist", f.full, imp);
        ImportKeyPairRequest bad = new ImportKeyPairRequest();
        bad.setKeyPairName("bad");
        bad.setPublicKeyBody("ssh-rsa notbase64!!");
        Fixture.fails("InvalidPublicKeyBody.Malformed", f.full, bad);

        CreateKeyPairRequest cr = new CreateKeyPairRequest();
        cr.setKeyPairName("created");
        CreateKeyPairResponse created = f.full.getAcsResponse(cr);
        // The private key is usable: JSch loads it and derives the same public key the cloud keeps.
        KeyPair loaded = KeyPair.load(new JSch(), created.getPrivateKeyBody().getBytes(StandardCharsets.US_ASCII), null);
        String derived = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(loaded.getPublicKeyBlob()));
        assertEquals(created.getKeyPairFingerPrint(), derived);

        DescribeKeyPairsRequest dk = new DescribeKeyPairsRequest();
        dk.setKeyPairName("*ted");
        dk.setIncludePublicKey(true);
        DescribeKeyPairsResponse kps = f.full.getAcsResponse(dk);
        assertEquals(2, kps.getTotalCount());
        assertTrue(kps.getKeyPairs().get(0).getPublicKey().startsWith("ssh-rsa "));
        DescribeKeyPairsRequest byFp = new DescribeKeyPairsRequest();
        byFp.setKeyPairFingerPrint(colons(expected));
        assertEquals("imported", f.full.getAcsResponse(byFp).getKeyPairs().get(0).getKeyPairName());

        RunInstancesRequest r = run(1);
        r.setKeyPairName("created");
        String id = f.full.getAcsResponse(r).getInstanceIdSets().get(0);
        clock.advance(Duration.ofSeconds(8));
        DescribeInstancesRequest d = new DescribeInstancesRequest();
        d.setInstanceIds("[\"" + id + "\"]");
        String ip = f.full.getAcsResponse(d).getInstances().get(0).getPublicIpAddress().get(0);
        SandboxHostDirectory.SandboxHost host = f.sandbox.directory().hostAt(ip).orElseThrow();
        assertTrue(host.answering());
        assertTrue(host.authorizedKey().startsWith("ssh-rsa "));
        assertEquals(id, host.instanceId());

        DeleteKeyPairsRequest del = new DeleteKeyPairsRequest();
        del.setKeyPairNames("[\"imported\",\"created\"]");
        f.full.getAcsResponse(del);
        assertEquals(0, f.full.getAcsResponse(new DescribeKeyPairsRequest()).getTotalCount());
        RunInstancesRequest missing = run(1);
        missing.setKeyPairName("created");
        Fixture.fails("InvalidKeyPairName.NotFound", f.full, missing);
    }

    private static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            sb.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return sb.toString().toUpperCase();
    }

    @Test
    void securityGroupRulesAndDependencyOnDelete() throws Exception {
        AuthorizeSecurityGroupRequest a = new AuthorizeSecurityGroupRequest();
        a.setSecurityGroupId(net.securityGroupId());
        a.setIpProtocol("tcp");
        a.setPortRange("22/22");
        a.setSourceCidrIp("0.0.0.0/0");
        f.full.getAcsResponse(a);
        f.full.getAcsResponse(a); // identical rule again: accepted, no duplicate
        AuthorizeSecurityGroupRequest bad = new AuthorizeSecurityGroupRequest();
        bad.setSecurityGroupId(net.securityGroupId());
        bad.setIpProtocol("tcp");
        bad.setPortRange("80");
        bad.setSourceCidrIp("0.0.0.0/0");
        Fixture.fails("InvalidPortRange.Malformed", f.full, bad);
        DescribeSecurityGroupsRequest d = new DescribeSecurityGroupsRequest();
        d.setVpcId(net.vpcId());
        assertEquals(1, f.full.getAcsResponse(d).getSecurityGroups().size());

        String id = f.full.getAcsResponse(run(1)).getInstanceIdSets().get(0);
        DeleteSecurityGroupRequest del = new DeleteSecurityGroupRequest();
        del.setSecurityGroupId(net.securityGroupId());
        Fixture.fails("DependencyViolation", f.full, del);
        clock.advance(Duration.ofSeconds(8));
        f.full.getAcsResponse(Fixture.deleteRequest(id, true));
        Fixture.fails("DependencyViolation", f.full, del); // the instance is still being released
        clock.advance(Duration.ofSeconds(3));
        f.full.getAcsResponse(del);
        Fixture.fails("InvalidSecurityGroupId.NotFound", f.full, del);
    }

    @Test
    void describeInstancesPagesConsistentlyAndTakesUpToHundredIds() throws Exception {
        RunInstancesRequest r = run(25);
        List<String> ids = f.full.getAcsResponse(r).getInstanceIdSets();
        assertEquals(25, ids.size());
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            DescribeInstancesRequest d = new DescribeInstancesRequest();
            d.setPageSize(10);
            d.setPageNumber(page);
            DescribeInstancesResponse resp = f.full.getAcsResponse(d);
            assertEquals(25, resp.getTotalCount());
            resp.getInstances().forEach(i -> seen.add(i.getInstanceId()));
        }
        assertEquals(ids, seen);
        DescribeInstancesRequest byIds = new DescribeInstancesRequest();
        byIds.setInstanceIds(toJson(ids.subList(0, 20)));
        byIds.setPageSize(100);
        assertEquals(20, f.full.getAcsResponse(byIds).getInstances().size());
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add("i-x" + i);
        }
        DescribeInstancesRequest over = new DescribeInstancesRequest();
        over.setInstanceIds(toJson(tooMany));
        Fixture.fails("InvalidParameter", f.full, over);

        DescribeInstanceStatusRequest st = new DescribeInstanceStatusRequest();
        st.setPageSize(50);
        DescribeInstanceStatusResponse sr = f.full.getAcsResponse(st);
        assertEquals(25, sr.getInstanceStatuses().size());
        assertEquals("Pending", sr.getInstanceStatuses().get(0).getStatus());

        DescribeInstancesRequest dry = new DescribeInstancesRequest();
        dry.setDryRun(true);
        Fixture.fails("DryRunOperation", f.readOnly, dry);

        clock.advance(Duration.ofSeconds(8));
        DeleteInstancesRequest del = new DeleteInstancesRequest();
        del.setInstanceIds(ids.subList(0, 5));
        Fixture.fails("IncorrectInstanceStatus", f.full, del);
        del.setForce(true);
        f.full.getAcsResponse(del);
        assertEquals(20, f.full.getAcsResponse(new DescribeInstancesRequest()).getTotalCount());
    }

    private static String toJson(List<String> ids) {
        return "[" + String.join(",", ids.stream().map(i -> "\"" + i + "\"").toList()) + "]";
    }

    @Test
    void clientTokenMakesRunInstancesIdempotentAndDryRunCreatesNothing() throws Exception {
        RunInstancesRequest r = run(2);
        r.setClientToken("job-42-step-3");
        List<String> first = f.full.getAcsResponse(r).getInstanceIdSets();
        RunInstancesRequest again = run(2);
        again.setClientToken("job-42-step-3");
        assertEquals(first, f.full.getAcsResponse(again).getInstanceIdSets());
        RunInstancesRequest changed = run(3);
        changed.setClientToken("job-42-step-3");
        Fixture.fails("IdempotentParameterMismatch", f.full, changed);
        RunInstancesRequest dry = run(1);
        dry.setDryRun(true);
        Fixture.fails("DryRunOperation", f.full, dry);
        assertEquals(2, f.full.getAcsResponse(new DescribeInstancesRequest()).getTotalCount());
        RunInstancesRequest badImage = run(1);
        badImage.setImageId("m-doesnotexist");
        badImage.setDryRun(true);
        Fixture.fails("InvalidImageId.NotFound", f.full, badImage);
    }

    @Test
    void snapshotsAndTags() throws Exception {
        String id = f.full.getAcsResponse(run(1)).getInstanceIdSets().get(0);
        clock.advance(Duration.ofSeconds(8));
        TagResourcesRequest t = new TagResourcesRequest();
        t.setResourceType("instance");
        t.setResourceIds(List.of(id));
        TagResourcesRequest.Tag tag = new TagResourcesRequest.Tag();
        tag.setKey("managed-by");
        tag.setValue("ecs-provisioner");
        t.setTags(List.of(tag));
        f.full.getAcsResponse(t);
        DescribeInstancesRequest byTag = new DescribeInstancesRequest();
        DescribeInstancesRequest.Tag filter = new DescribeInstancesRequest.Tag();
        filter.setKey("managed-by");
        filter.setValue("ecs-provisioner");
        byTag.setTags(List.of(filter));
        DescribeInstancesResponse tagged = f.full.getAcsResponse(byTag);
        assertEquals(1, tagged.getTotalCount());
        assertEquals("ecs-provisioner", tagged.getInstances().get(0).getTags().get(0).getTagValue());

        DescribeDisksRequest dd = new DescribeDisksRequest();
        dd.setInstanceId(id);
        DescribeDisksResponse.Disk disk = f.full.getAcsResponse(dd).getDisks().get(0);
        assertEquals("system", disk.getType());
        CreateSnapshotRequest cs = new CreateSnapshotRequest();
        cs.setDiskId(disk.getDiskId());
        cs.setSnapshotName("before-upgrade");
        String snapshotId = f.full.getAcsResponse(cs).getSnapshotId();
        DescribeSnapshotsRequest ds = new DescribeSnapshotsRequest();
        ds.setInstanceId(id);
        DescribeSnapshotsResponse.Snapshot snap = f.full.getAcsResponse(ds).getSnapshots().get(0);
        assertEquals(snapshotId, snap.getSnapshotId());
        assertEquals("progressing", snap.getStatus());
        clock.advance(Duration.ofSeconds(5));
        assertEquals("accomplished", f.full.getAcsResponse(ds).getSnapshots().get(0).getStatus());
        assertEquals("100%", f.full.getAcsResponse(ds).getSnapshots().get(0).getProgress());
        CreateSnapshotRequest bad = new CreateSnapshotRequest();
        bad.setDiskId("d-missing");
        Fixture.fails("InvalidDiskId.NotFound", f.full, bad);
    }
}

package com.ecsprovisioner.sandbox.ssh;

import static com.ecsprovisioner.sandbox.ssh.SshClientKit.connect;
import static com.ecsprovisioner.sandbox.ssh.SshClientKit.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.CreateImageRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.CreateSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteSnapshotRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeDisksRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.ImportKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.ResetDiskRequest;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vpc.model.v20160428.CreateVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.ecsprovisioner.sandbox.Sandbox;
import com.ecsprovisioner.sandbox.SandboxConfig;
import com.ecsprovisioner.sandbox.SdkClients;
import com.ecsprovisioner.sandbox.cloud.Durations;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import com.ecsprovisioner.testsupport.FreePort;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox cloud and its SSH hosts together, driven by the real SDK and JSch: ResetDisk puts back the files and
 * firewall rules an instance had when the snapshot was taken, an image made from that snapshot boots with them, and a
 * snapshot taken before anyone logged in resets the disk to what the image left.
 */
class DiskResetOverSshTest {

    private static final String IMAGE = "ubuntu_24_04_x64_20G_alibase_20240923.vhd";
    private final ClientKey key = ClientKey.generate(KeyPair.ED25519);
    private Sandbox sandbox;
    private SandboxSshHosts hosts;
    private IAcsClient ecs;
    private int port;
    private String vSwitchId;
    private String securityGroupId;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.builder().durations(Durations.IMMEDIATE).build());
        port = FreePort.next();
        hosts = SandboxSshHosts.start(sandbox.directory(), SshHostsConfig.defaults().withPort(port));
        ecs = SdkClients.client(sandbox, sandbox.accounts().get(0), "cn-hangzhou");
        ImportKeyPairRequest importKey = new ImportKeyPairRequest();
        importKey.setKeyPairName("deploy");
        importKey.setPublicKeyBody(key.publicLine());
        ecs.getAcsResponse(importKey);
        CreateVpcRequest vpc = new CreateVpcRequest();
        vpc.setCidrBlock("172.16.0.0/12");
        String vpcId = ecs.getAcsResponse(vpc).getVpcId();
        CreateVSwitchRequest vsw = new CreateVSwitchRequest();
        vsw.setVpcId(vpcId);
        vsw.setZoneId("cn-hangzhou-i");
        vsw.setCidrBlock("172.16.1.0/24");
        vSwitchId = ecs.getAcsResponse(vsw).getVSwitchId();
        CreateSecurityGroupRequest sg = new CreateSecurityGroupRequest();
        sg.setVpcId(vpcId);
        securityGroupId = ecs.getAcsResponse(sg).getSecurityGroupId();
    }

    @AfterEach
    void stop() {
        hosts.close();
        sandbox.close();
    }

    private String run(String imageId) throws ClientException {
        RunInstancesRequest r = new RunInstancesRequest();
        r.setImageId(imageId);
        r.setInstanceType("ecs.t6-c1m1.large");
        r.setVSwitchId(vSwitchId);
        r.setSecurityGroupId(securityGroupId);
        r.setKeyPairName("deploy");
        r.setInternetMaxBandwidthOut(5);
        return ecs.getAcsResponse(r).getInstanceIdSets().get(0);
    }

    private String publicIp(String instanceId) throws ClientException {
        DescribeInstancesRequest d = new DescribeInstancesRequest();
        d.setInstanceIds("[\"" + instanceId + "\"]");
        return ecs.getAcsResponse(d).getInstances().get(0).getPublicIpAddress().get(0);
    }

    private String snapshot(String instanceId) throws ClientException {
        DescribeDisksRequest disks = new DescribeDisksRequest();
        disks.setInstanceId(instanceId);
        CreateSnapshotRequest create = new CreateSnapshotRequest();
        create.setDiskId(ecs.getAcsResponse(disks).getDisks().get(0).getDiskId());
        return ecs.getAcsResponse(create).getSnapshotId();
    }

    private void resetTo(String instanceId, String snapshotId) throws ClientException {
        resetTo(instanceId, snapshotId, false);
    }

    /** Stops the instance, resets its disk, deletes the snapshot if asked (the disk keeps its data), starts it. */
    private void resetTo(String instanceId, String snapshotId, boolean deleteSnapshot) throws ClientException {
        StopInstanceRequest stop = new StopInstanceRequest();
        stop.setInstanceId(instanceId);
        ecs.getAcsResponse(stop);
        DescribeDisksRequest disks = new DescribeDisksRequest();
        disks.setInstanceId(instanceId);
        ResetDiskRequest reset = new ResetDiskRequest();
        reset.setDiskId(ecs.getAcsResponse(disks).getDisks().get(0).getDiskId());
        reset.setSnapshotId(snapshotId);
        ecs.getAcsResponse(reset);
        if (deleteSnapshot) {
            DeleteSnapshotRequest delete = new DeleteSnapshotRequest();
            delete.setSnapshotId(snapshotId);
            ecs.getAcsResponse(delete);
        }
        StartInstanceRequest start = new StartInstanceRequest();
        start.setInstanceId(instanceId);
        ecs.getAcsResponse(start);
    }

    /** Runs commands in one session and answers the output of the last. */
    private String ssh(String ip, String... commands) throws Exception {
        Session session = connect(ip, port, key);
        try {
            String out = null;
            for (String command : commands) {
                out = exec(session, command).stdout();
            }
            return out;
        } finally {
            session.disconnect();
        }
    }

    private int exitCode(String ip, String command) throws Exception {
        Session session = connect(ip, port, key);
        try {
            return exec(session, command).exitCode();
        } finally {
            session.disconnect();
        }
    }

    private void upload(String ip, String path, String content) throws Exception {
        Session session = connect(ip, port, key);
        try {
            SshClientKit.sftpUpload(session, path, content.getBytes(StandardCharsets.UTF_8));
        } finally {
            session.disconnect();
        }
    }

    @Test
    void resetDiskPutsBackTheFilesAndFirewallRulesOfTheSnapshotAndAnImageFromItBootsWithThem() throws Exception {
        String id = run(IMAGE);
        String ip = publicIp(id);
        upload(ip, "/var/www/index.php", "version 1");
        ssh(ip, "ufw allow 22/tcp", "ufw --force enable");
        String v1 = snapshot(id);

        upload(ip, "/var/www/index.php", "version 2");
        upload(ip, "/root/later.txt", "made after the snapshot");
        ssh(ip, "ufw allow 8080/tcp");
        assertEquals("version 2", ssh(ip, "cat /var/www/index.php"));

        resetTo(id, v1);
        assertEquals(ip, publicIp(id), "the address stays through the stop");
        assertEquals("version 1", ssh(ip, "cat /var/www/index.php"));
        assertNotEquals(0, exitCode(ip, "test -e /root/later.txt"), "made after the snapshot: gone");
        String rules = ssh(ip, "ufw status");
        assertTrue(rules.contains("22/tcp") && !rules.contains("8080"), rules);
        assertTrue(ssh(ip, "cat /etc/os-release").contains("Ubuntu"), "the image's own files are there too");

        CreateImageRequest image = new CreateImageRequest();
        image.setSnapshotId(v1);
        image.setImageName("site-v1");
        String fromImage = run(ecs.getAcsResponse(image).getImageId());
        String other = publicIp(fromImage);
        assertEquals("version 1", ssh(other, "cat /var/www/index.php"), "a new instance of the image has the snapshot's files");
        assertTrue(ssh(other, "ufw status").contains("22/tcp"));
        upload(other, "/var/www/index.php", "version 3");
        assertEquals("version 1", ssh(ip, "cat /var/www/index.php"), "each instance has its own copy");
    }

    @Test
    void aSnapshotTakenBeforeAnyLoginResetsTheDiskToWhatTheImageLeft() throws Exception {
        String id = run(IMAGE);
        String fresh = snapshot(id);
        String ip = publicIp(id);
        upload(ip, "/root/notes.txt", "written later");
        String bootBefore = ssh(ip, "cat /proc/sys/kernel/random/boot_id");

        resetTo(id, fresh);
        assertNotEquals(0, exitCode(ip, "test -e /root/notes.txt"));
        assertFalse(ssh(ip, "ls /root").contains("notes.txt"));
        assertTrue(ssh(ip, "cat /etc/hostname").startsWith("iZ"), "a fresh image's files");
        assertNotEquals(bootBefore, ssh(ip, "cat /proc/sys/kernel/random/boot_id"), "and a new boot");
    }

    @Test
    void aDiskResetToASnapshotKeepsItsFilesWhenTheSnapshotIsDeletedBeforeItStarts() throws Exception {
        String id = run(IMAGE);
        String ip = publicIp(id);
        upload(ip, "/root/kept.txt", "as snapshotted");
        String snapshot = snapshot(id);
        upload(ip, "/root/kept.txt", "changed later");

        resetTo(id, snapshot, true);
        assertEquals("as snapshotted", ssh(ip, "cat /root/kept.txt"));
    }
}

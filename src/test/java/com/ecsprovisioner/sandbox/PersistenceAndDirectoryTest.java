package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.CreateKeyPairRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.RunInstancesRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud survives a restart from its data folder; the SSH side hears about addresses. */
class PersistenceAndDirectoryTest {

    private static final String UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";

    @TempDir
    Path dataDir;

    private SandboxConfig config() {
        return SandboxConfig.builder().dataDir(dataDir).durations(Durations.IMMEDIATE).build();
    }

    @Test
    void restartFindsTheSameCloudAndNewAddressesDoNotCollide() throws Exception {
        String instanceId;
        String publicIp;
        String vpcId;
        List<String> assigned = new CopyOnWriteArrayList<>();
        List<String> released = new CopyOnWriteArrayList<>();
        try (Fixture f = new Fixture(config())) {
            f.sandbox.directory().addAddressListener(new SandboxHostDirectory.AddressListener() {
                @Override
                public void assigned(String ip) {
                    assigned.add(ip);
                }

                @Override
                public void released(String ip) {
                    released.add(ip);
                }
            });
            Fixture.Network net = f.network("cn-hangzhou-k", "172.16.9.0/24");
            vpcId = net.vpcId();
            CreateKeyPairRequest kp = new CreateKeyPairRequest();
            kp.setKeyPairName("deploy");
            f.full.getAcsResponse(kp);
            RunInstancesRequest run = new RunInstancesRequest();
            run.setImageId(UBUNTU);
            run.setInstanceType("ecs.t6-c1m1.large");
            run.setSecurityGroupId(net.securityGroupId());
            run.setVSwitchId(net.vSwitchId());
            run.setInternetMaxBandwidthOut(1);
            run.setKeyPairName("deploy");
            run.setClientToken("restart-token");
            instanceId = f.full.getAcsResponse(run).getInstanceIdSets().get(0);
            publicIp = describe(f.full, instanceId).getPublicIpAddress().get(0);
            assertEquals(List.of(publicIp), assigned);
        }
        assertTrue(Files.exists(dataDir.resolve("sandbox/state.json")));

        try (Fixture f = new Fixture(config())) {
            DescribeInstancesResponse.Instance i = describe(f.full, instanceId);
            assertEquals("Running", i.getStatus());
            assertEquals(publicIp, i.getPublicIpAddress().get(0));
            assertEquals("deploy", i.getKeyPairName());
            DescribeVpcsRequest dv = new DescribeVpcsRequest();
            dv.setVpcId(vpcId);
            assertEquals(1, f.full.getAcsResponse(dv).getVpcs().size());
            SandboxHostDirectory.SandboxHost host = f.sandbox.directory().hostAt(publicIp).orElseThrow();
            assertTrue(host.answering());
            assertTrue(host.authorizedKey().startsWith("ssh-rsa "));
            assertEquals("Ubuntu  22.04 64 bit", host.osName());

            // A listener added after a restart hears about the addresses that already exist.
            List<String> replayed = new CopyOnWriteArrayList<>();
            List<String> gone = new CopyOnWriteArrayList<>();
            f.sandbox.directory().addAddressListener(new SandboxHostDirectory.AddressListener() {
                @Override
                public void assigned(String ip) {
                    replayed.add(ip);
                }

                @Override
                public void released(String ip) {
                    gone.add(ip);
                }
            });
            assertEquals(List.of(publicIp), replayed);

            // The ClientToken survives too: the retry gets the same instance.
            RunInstancesRequest retry = new RunInstancesRequest();
            retry.setImageId(UBUNTU);
            retry.setInstanceType("ecs.t6-c1m1.large");
            String sg = f.sandbox.inspect().accounts().get(0).regions().get(0).resources().stream()
                    .filter(r -> r.type().equals("SecurityGroup")).findFirst().orElseThrow().id();
            String vsw = f.sandbox.inspect().accounts().get(0).regions().get(0).resources().stream()
                    .filter(r -> r.type().equals("VSwitch")).findFirst().orElseThrow().id();
            retry.setSecurityGroupId(sg);
            retry.setVSwitchId(vsw);
            retry.setInternetMaxBandwidthOut(1);
            retry.setKeyPairName("deploy");
            retry.setClientToken("restart-token");
            assertEquals(instanceId, f.full.getAcsResponse(retry).getInstanceIdSets().get(0));
            retry.setClientToken("another-token");
            String second = f.full.getAcsResponse(retry).getInstanceIdSets().get(0);
            String secondIp = describe(f.full, second).getPublicIpAddress().get(0);
            assertNotEquals(publicIp, secondIp);
            assertEquals(List.of(publicIp, secondIp), replayed);

            DeleteInstanceRequest del = new DeleteInstanceRequest();
            del.setInstanceId(instanceId);
            del.setForce(true);
            f.full.getAcsResponse(del);
            assertEquals(List.of(publicIp), gone);
            assertFalse(f.sandbox.directory().hostAt(publicIp).isPresent());
        }
    }

    /**
     * The Quick start runs the sandbox in the product's process, so a SIGKILL of the product kills the sandbox too: what
     * the sandbox answered must already be in its file, as a real cloud keeps what it acknowledged. (Saved a moment
     * later, a VPC created just before a kill was gone after the restart and its deployment waited for it in vain.)
     */
    @Test
    void aCreatedResourceIsInTheFileWhenTheCallIsAnswered() throws Exception {
        try (Fixture f = new Fixture(config())) {
            // Several in a row: any one of them answered before it was written fails the test.
            for (int i = 0; i < 10; i++) {
                CreateVpcRequest create = new CreateVpcRequest();
                create.setClientToken("kill-token-" + i);
                String vpcId = f.full.getAcsResponse(create).getVpcId();
                // Read as the next start would, while this sandbox still runs (a killed one never closes).
                String file = Files.readString(dataDir.resolve("sandbox/state.json"));
                assertTrue(file.contains(vpcId), "VPC " + i + " is saved when it is answered");
                assertTrue(file.contains("kill-token-" + i), "its ClientToken too, so that a retry finds it");
            }
        }
    }

    @Test
    void resetEmptiesTheCloudAndTheFile() throws Exception {
        try (Fixture f = new Fixture(config())) {
            f.full.getAcsResponse(new CreateVpcRequest());
            f.sandbox.reset();
            assertEquals(0, f.full.getAcsResponse(new DescribeVpcsRequest()).getTotalCount());
        }
        try (Fixture f = new Fixture(config())) {
            assertEquals(0, f.full.getAcsResponse(new DescribeVpcsRequest()).getTotalCount());
        }
    }

    @Test
    void corruptStateFileIsReportedClearly() throws Exception {
        Files.createDirectories(dataDir.resolve("sandbox"));
        Files.writeString(dataDir.resolve("sandbox/state.json"), "{\"regions\": [");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Sandbox.start(config()));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    private static DescribeInstancesResponse.Instance describe(IAcsClient c, String id) throws Exception {
        DescribeInstancesRequest d = new DescribeInstancesRequest();
        d.setInstanceIds("[\"" + id + "\"]");
        return c.getAcsResponse(d).getInstances().get(0);
    }
}

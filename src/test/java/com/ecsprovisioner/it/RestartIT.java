package com.ecsprovisioner.it;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.it.support.AppProcess;
import com.ecsprovisioner.it.support.ConsoleClient;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.ecsprovisioner.launch.BrokerCredentials;
import com.ecsprovisioner.sandbox.SandboxKeys;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping and starting the product loses nothing: the database rows, the persistent messages not yet consumed and
 * the sandbox cloud's resources are there after the restart. Runs the product as the Quick start does, twice, on one data folder.
 */
class RestartIT {

    @Test
    void rowsAndUnconsumedMessagesSurviveARestart() throws Exception {
        Path data = Path.of(System.getProperty("build.directory", "target"), "restart-it-data");
        deleteRecursively(data);
        int http = FreePort.next();
        int brokerPort = FreePort.next();
        int sandboxPort = FreePort.next();
        String payload = "survives-restart-" + UUID.randomUUID();
        String vpcId;

        try (AppProcess first = AppProcess.start(data, http, brokerPort, Map.of("ecs.admin.password", "first-password-1",
                "ecs.sandbox.port", String.valueOf(sandboxPort)))) {
            first.awaitReady(Duration.ofMinutes(4));
            // The one line a person following the Quick start looks for among Payara's hundreds.
            first.awaitLog("ECS Provisioner ready in", Duration.ofSeconds(60));
            assertTrue(first.logText().matches("(?s).*ECS Provisioner ready in [0-9.,]+ s: console on http://localhost:"
                    + http + "/\\R.*"), first.tail());
            // The Quick start deploys the thin WAR with its libraries beside it; the full WAR would start, only slower.
            assertTrue(first.logText().contains("ECS Provisioner: deploying ecs-provisioner-thin.war with "), first.tail());
            assertEquals(302, new ConsoleClient(first.base()).login("admin", "first-password-1").statusCode());
            try (JMSContext jms = connectionFactory(data, brokerPort).createContext()) {
                Queue queue = jms.createQueue(RESTART_CHECK_QUEUE);
                jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(queue, payload);
            }
            CreateVpcRequest create = new CreateVpcRequest();
            create.setCidrBlock("192.168.0.0/16");
            create.setVpcName("survives-restart");
            vpcId = sandbox(data, sandboxPort).getAcsResponse(create).getVpcId();
        }

        // A different configured password on the second start must not matter: the admin already exists.
        try (AppProcess second = AppProcess.start(data, http, brokerPort, Map.of("ecs.admin.password", "second-password-2",
                "ecs.sandbox.port", String.valueOf(sandboxPort)))) {
            second.awaitReady(Duration.ofMinutes(4));
            assertEquals(302, new ConsoleClient(second.base()).login("admin", "first-password-1").statusCode(),
                    "the admin created on the first start is gone");
            assertEquals(200, new ConsoleClient(second.base()).login("admin", "second-password-2").statusCode(),
                    "a second admin was created on restart");
            assertFalse(second.logText().contains("FIRST START"));
            try (JMSContext jms = connectionFactory(data, brokerPort).createContext()) {
                String received = jms.createConsumer(jms.createQueue(RESTART_CHECK_QUEUE)).receiveBody(String.class, 10_000);
                assertEquals(payload, received, "the persistent message did not survive the restart");
            }
            DescribeVpcsRequest describe = new DescribeVpcsRequest();
            describe.setVpcId(vpcId);
            assertEquals(1, sandbox(data, sandboxPort).getAcsResponse(describe).getVpcs().size(),
                    "the sandbox cloud forgot a VPC across the restart");
        }
        assertTrue(Files.exists(data.resolve("broker").resolve("journal")));
    }

    /** The real Alibaba SDK pointed at the sandbox, with its full-access demo key. */
    private static IAcsClient sandbox(Path data, int port) {
        AccessKey key = SandboxKeys.forInstallation(data).get(0);
        DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", key.id(), key.secret());
        DefaultProfile.addEndpoint("cn-hangzhou", "Vpc", "127.0.0.1:" + port);
        return new DefaultAcsClient(profile);
    }

    /**
     * The broker declares its addresses and creates none on demand; the expiry queue is one nobody in the product
     * consumes, so a message left there shows what a restart keeps.
     */
    private static final String RESTART_CHECK_QUEUE = "ExpiryQueue";

    /** The broker admits no anonymous connection: the test logs in as the application does. */
    private static ConnectionFactory connectionFactory(Path data, int brokerPort) throws Exception {
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, BrokerCredentials.INTERNAL_USER,
                BrokerCredentials.internalPassword(data));
    }

}

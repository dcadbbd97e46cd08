package com.ecsprovisioner.it.support;

import com.ecsprovisioner.launch.LaunchSettings;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.testsupport.FreePort;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The automation interface under load: the product started as the Quick start starts it (sandbox cloud with zero
 * delays), one provider profile made as an operator would, then {@code -Dcommands=N} (1,000) deploy commands sent by
 * one JMS client as fast as it can. Prints the acceptance rate (commands per second from the first send until every
 * command is stored as a job, read from the product's database), the time until every server is active (counted from
 * the job.succeeded / job.failed events on ecs.events), servers completed per minute, and the product's peak resident
 * memory. {@code mvn -Pbench-automation package} (README, Performance).
 */
public final class AutomationBenchmark {

    public static void main(String[] args) throws Exception {
        int commands = Integer.parseInt(System.getProperty("commands", "1000"));
        Duration limit = Duration.ofMinutes(Long.parseLong(System.getProperty("minutes", "60")));
        Path data = Path.of(System.getProperty("build.directory", "target"), "bench-automation-data").toAbsolutePath();
        Folders.deleteRecursively(data);
        Files.createDirectories(data);
        String jdbc = LaunchSettings.defaultJdbcUrl(data) + ";AUTO_SERVER=TRUE";
        int brokerPort = FreePort.next();
        String senderPassword = "bench-automation-sender";
        try (AppProcess app = AppProcess.start(data, FreePort.next(), brokerPort, Map.of(
                "ecs.admin.password", "benchmark-password", "ecs.broker.first-user-password", senderPassword,
                "ecs.db.url", jdbc,
                "ecs.sandbox.duration.vpc-pending", "PT0S", "ecs.sandbox.duration.vswitch-pending", "PT0S",
                "ecs.sandbox.duration.instance-pending", "PT0S", "ecs.sandbox.duration.instance-starting", "PT0S"))) {
            app.awaitReady(Duration.ofMinutes(4));
            try (BrowserSession browser = BrowserSession.open(app.base())) {
                browser.login("admin", "benchmark-password");
                new ProviderBrowserFlow(browser).addSandboxProfileAndTestIt("Sandbox", "bench-key");
            }
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
            try (Connection connection = factory.createConnection("automation", senderPassword)) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer ends = session.createConsumer(session.createTopic(BrokerRoles.EVENTS),
                        "cloudEvents_type IN ('com.ecsprovisioner.job.succeeded.v1', 'com.ecsprovisioner.job.failed.v1')"
                                + " AND cloudEvents_requestid LIKE 'bench-%'");
                AtomicInteger succeeded = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                ends.setMessageListener(event -> count(event, succeeded, failed));
                connection.start();

                MessageProducer producer = session.createProducer(session.createQueue(BrokerRoles.COMMANDS));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                long start = System.nanoTime();
                for (int i = 1; i <= commands; i++) {
                    producer.send(session.createTextMessage(String.format("{\"type\":\"deploy\",\"requestId\":\"bench-%05d\","
                            + "\"profile\":\"Sandbox\",\"serverName\":\"bench-%05d\",\"networkPolicy\":\"SHARED_PER_PROFILE\"}", i, i)));
                }
                double sent = seconds(start);
                long deadline = start + limit.toNanos();
                while (jobs(jdbc) < commands && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                double accepted = seconds(start);
                long stored = jobs(jdbc);
                while (succeeded.get() + failed.get() < stored && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                double done = seconds(start);
                System.out.printf("AutomationBenchmark, %d deploy commands from one JMS client, %d cores:%n", commands,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf("  sent in %.1f s (%.0f commands/s)%n", sent, commands / sent);
                System.out.printf("  stored as jobs: %d in %.1f s: acceptance %.1f commands/s%n", stored, accepted, stored / accepted);
                System.out.printf("  servers active: %d, failed %d, after %.1f s: %.1f servers/min%n", succeeded.get(), failed.get(),
                        done, succeeded.get() / (done / 60));
                System.out.printf("  product's peak RSS: %d MiB%n", app.peakRssMiB());
            }
        }
    }

    private static void count(Message event, AtomicInteger succeeded, AtomicInteger failed) {
        try {
            (event.getStringProperty("cloudEvents_type").endsWith("succeeded.v1") ? succeeded : failed).incrementAndGet();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long jobs(String jdbc) throws Exception {
        try (java.sql.Connection db = DriverManager.getConnection(jdbc, "ecs", "ecs");
             PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM provisioning_job WHERE request_id LIKE 'bench-%'");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}

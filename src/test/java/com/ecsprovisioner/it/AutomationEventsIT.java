package com.ecsprovisioner.it;

import com.ecsprovisioner.it.support.AppProcess;
import com.ecsprovisioner.it.support.BrowserSession;
import com.ecsprovisioner.it.support.ProviderBrowserFlow;
import com.ecsprovisioner.it.support.StandaloneSandbox;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.platform.broker.BrokerUserTool;
import com.ecsprovisioner.sandbox.SandboxKeys;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.testsupport.FreePort;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events of the automation interface as a subscriber outside the product sees them: a Jakarta JMS client in the
 * test's JVM, logged in as an observer, follows {@code ecs.events} on a durable subscription while the product (its
 * own process, as the Quick start runs it) deploys through the console against a standalone sandbox process. The
 * product is killed with SIGKILL mid-job and started again; the subscriber still gets every event of the job, in
 * order, repeats told by their sequence. A second deployment meets a permanent cloud failure (the sandbox's instance
 * quota of one) and its failed event carries the cloud's error code.
 */
class AutomationEventsIT {

    private static final String PASSWORD = "events-it-password-1";
    private static final String PREFIX = "com.ecsprovisioner.";

    /** One message as received: its body parsed, and its properties. */
    record Received(JsonObject event, Map<String, String> properties) {
        String type() {
            return event.getString("type").substring(PREFIX.length());
        }

        long sequence() {
            return Long.parseLong(event.getString("sequence"));
        }

        String subject() {
            return event.getString("subject", null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();

    @Test
    void aSubscriberFollowsADeploymentToTheEndAcrossAKillAndSeesAPermanentFailureWithItsCode() throws Exception {
        BrowserSession.requireBrowser();
        Path root = Path.of(System.getProperty("build.directory", "target"), "events-it").toAbsolutePath();
        deleteRecursively(root);
        Path appData = root.resolve("app");
        Files.createDirectories(root.resolve("sandbox"));
        int apiPort = FreePort.next();
        int sshPort = FreePort.next();
        int http = FreePort.next();
        int brokerPort = FreePort.next();
        String observerPassword = BrokerUserTool.add(appData, "it-observer", BrokerRoles.OBSERVER);

        Process sandbox = StandaloneSandbox.start(root.resolve("sandbox"), apiPort, sshPort,
                // One instance per region: the second deployment's RunInstances is refused for good.
                "-Decs.sandbox.quota.instances-per-region=1");
        AppProcess app = null;
        Connection subscriber = null;
        try {
            StandaloneSandbox.await(sandbox, root.resolve("sandbox"));
            AccessKey key = SandboxKeys.forInstallation(root.resolve("sandbox")).get(0);
            long started = System.nanoTime();
            app = start(appData, http, brokerPort);
            subscriber = subscribe(brokerPort, observerPassword);
            try (BrowserSession browser = BrowserSession.open(app.base())) {
                browser.login("admin", PASSWORD);
                ProviderBrowserFlow flow = new ProviderBrowserFlow(browser);
                flow.addProfileFor("Events sandbox", "http://127.0.0.1:" + apiPort, key.id(), key.secret(), "cn-hangzhou",
                        "events-key", sshPort);
                flow.deploy("events-a");
            }
            // Killed mid-job: once its VPC step has finished, long before the bootstrap.
            await(r -> r.type().equals("job.step.finished.v1") && r.event().getJsonObject("data").getString("step").equals("vpc"),
                    Duration.ofMinutes(2), "the VPC step's end");
            String jobA = received.stream().map(Received::subject).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
            assertFalse(received.stream().anyMatch(r -> r.type().equals("job.succeeded.v1")), "the kill comes mid-job");
            app.kill();
            int beforeKill = received.size();
            closeQuietly(subscriber);

            app = start(appData, http, brokerPort);
            subscriber = subscribe(brokerPort, observerPassword);
            Received done = await(r -> r.type().equals("job.succeeded.v1") && jobA.equals(r.subject()), Duration.ofMinutes(3),
                    "job " + jobA + " succeeded after the restart");
            System.out.println("AutomationEventsIT: " + beforeKill + " events before the kill, " + received.size()
                    + " in all for job " + jobA);
            JsonObject data = done.event().getJsonObject("data");
            assertTrue(data.getString("publicIp").startsWith("127."), data.toString());
            assertTrue(data.getString("instanceId").startsWith("i-"), data.toString());
            assertFalse(data.getJsonObject("installedVersions").isEmpty(), data.toString());

            List<Received> ofA = received.stream().filter(r -> jobA.equals(r.subject())).toList();
            List<Received> once = firstDeliveries(ofA);
            for (int i = 0; i < once.size(); i++) {
                assertEquals(i + 1, once.get(i).sequence(), "job " + jobA + " sequences in order, none missing: " + sequences(ofA));
            }
            assertEquals("job.succeeded.v1", once.get(once.size() - 1).type());
            assertEquals("job.state.changed.v1", once.get(0).type());
            for (String step : List.of("zone", "vpc", "vswitch", "security_group", "ingress_rules", "instance", "running", "ssh",
                    "bootstrap")) {
                assertEquals(1, once.stream().filter(r -> r.type().equals("job.step.finished.v1")
                        && r.event().getJsonObject("data").getString("step").equals(step)).count(), "step " + step + " finished once");
            }
            assertTrue(once.stream().anyMatch(r -> r.type().equals("server.status.changed.v1")
                    && r.event().getJsonObject("data").getString("to").equals("active")));
            ofA.forEach(AutomationEventsIT::assertCloudEvent);

            // A permanent cloud failure: the sandbox holds one instance per region, events-a has it.
            try (BrowserSession browser = BrowserSession.open(app.base())) {
                browser.login("admin", PASSWORD);
                new ProviderBrowserFlow(browser).deploy("events-b");
            }
            Received failed = await(r -> r.type().equals("job.failed.v1") && !jobA.equals(r.subject()), Duration.ofMinutes(2),
                    "the second job's failure");
            JsonObject why = failed.event().getJsonObject("data");
            assertEquals("QuotaExceed.ElasticQuota", why.getString("cloudErrorCode"), why.toString());
            assertEquals("instance", why.getString("step"), why.toString());
            assertFalse(why.isNull("cloudRequestId"), "the cloud's request id: " + why);
            assertCloudEvent(failed);
            System.out.println("AutomationEventsIT took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
        } finally {
            closeQuietly(subscriber);
            if (app != null) {
                app.kill();
            }
            sandbox.destroy();
            if (!sandbox.waitFor(20, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The CloudEvents attributes and the message properties that repeat them. */
    private static void assertCloudEvent(Received r) {
        JsonObject e = r.event();
        assertEquals("1.0", e.getString("specversion"));
        assertEquals("/ecs-provisioner", e.getString("source"));
        assertEquals("application/json", e.getString("datacontenttype"));
        assertEquals("https://ecs-provisioner.dev/schemas/event-v1.json", e.getString("dataschema"));
        assertEquals(e.getString("type"), r.properties().get("cloudEvents_type"));
        assertEquals(e.getString("id"), r.properties().get("cloudEvents_id"));
        assertEquals(e.getString("subject"), r.properties().get("cloudEvents_subject"));
        assertEquals(e.getString("sequence"), r.properties().get("cloudEvents_sequence"));
        assertFalse(r.properties().containsKey("cloudEvents_requestid"), "a console job has no request id");
        if (e.getJsonObject("data").containsKey("jobId")) {
            assertEquals(e.getJsonObject("data").getJsonNumber("jobId").toString(), e.getString("subject"));
        }
    }

    /** Each sequence's first delivery, in the order received; a repeat must be the same event (same id). */
    private static List<Received> firstDeliveries(List<Received> events) {
        Map<Long, String> ids = new HashMap<>();
        List<Received> once = new ArrayList<>();
        for (Received r : events) {
            String before = ids.putIfAbsent(r.sequence(), r.event().getString("id"));
            if (before == null) {
                once.add(r);
            } else {
                assertEquals(before, r.event().getString("id"), "a repeat of sequence " + r.sequence() + " is the same event");
            }
        }
        return once;
    }

    private static List<Long> sequences(List<Received> events) {
        return events.stream().map(Received::sequence).toList();
    }

    /** A durable subscription of the test's own, so that what the broker held across the kill still comes. */
    private Connection subscribe(int brokerPort, String password) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
                Connection connection = factory.createConnection("it-observer", password);
                connection.setClientID("events-it");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createDurableSubscriber(session.createTopic(BrokerRoles.EVENTS), "events-it")
                        .setMessageListener(this::onMessage);
                connection.start();
                return connection;
            } catch (JMSException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private void onMessage(Message message) {
        try {
            Map<String, String> properties = new HashMap<>();
            for (var names = message.getPropertyNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                if (name.startsWith("cloudEvents_")) {
                    properties.put(name, message.getStringProperty(name));
                }
            }
            JsonObject event = Json.createReader(new StringReader(((TextMessage) message).getText())).readObject();
            received.add(new Received(event, properties));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private Received await(Predicate<Received> what, Duration timeout, String description) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Optional<Received> found = received.stream().filter(what).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No event for " + description + " within " + timeout + "; received: "
                + received.stream().map(r -> r.subject() + "/" + r.event().getString("sequence", "-") + " " + r.type()).toList());
    }

    private static AppProcess start(Path data, int http, int broker) throws Exception {
        // A claim held by the killed process blocks its job until the lease ends (2 min by default); a short one keeps
        // the run short without changing what is tested.
        AppProcess app = AppProcess.start(data, http, broker, Map.of("ecs.sandbox.enabled", "false",
                "ecs.admin.password", PASSWORD, "ecs.provisioning.lease", "PT15S"));
        app.awaitReady(Duration.ofMinutes(3));
        return app;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                // the broker died with the product: nothing to close
            }
        }
    }



}

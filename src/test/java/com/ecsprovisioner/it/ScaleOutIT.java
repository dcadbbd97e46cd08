package com.ecsprovisioner.it;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsResponse;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsResponse;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.it.support.BrowserSession;
import com.ecsprovisioner.it.support.ScaleOutScript;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Production and scale-out", run as an operator runs it: {@code server-config/scale-out.sh up} starts
 * a PostgreSQL cluster of its own, a standalone Artemis 2.44 with the production broker.xml, a standalone sandbox and
 * two clustered Payara Micro nodes of the WAR; a provider profile for the sandbox is added in the first node's console
 * (Chromium); {@code scale-out.sh run} sends {@link #SERVERS} deploy commands over STOMP, SIGKILLs node 2 once a third
 * have succeeded, restarts the broker, restarts PostgreSQL, starts node 2 again and checks the database: one job, one
 * active server and its own instance, VPC, vSwitch and security group per request, one success event per request in
 * the outbox. This test then counts what the script cannot see: the resources in the sandbox, through the real SDK
 * (nothing untagged, nothing twice), and the success events that reached the broker, on a durable subscription made
 * before the first command (one distinct event per request; the relay is at least once, so a repeat of the same
 * event id is allowed and printed).
 */
class ScaleOutIT {

    /** Servers deployed, as the issue asks: about 4 minutes in all on this 2-core machine (README, Production and scale-out). */
    static final int SERVERS = Integer.getInteger("scaleout.servers", 100);
    private static final String REGION = ScaleOutScript.REGION;
    private static final String ADMIN_PASSWORD = "scale-out-it-admin";
    private static final Pattern RESULT = Pattern.compile("RESULT run=(\\S+) servers=(\\d+) exactly-once=yes");

    @Test
    void twoClusteredNodesDeployEveryServerExactlyOnceThroughANodeKillABrokerAndADatabaseRestart() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/lib/postgresql")),
                "ScaleOutIT skipped: no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)");
        BrowserSession.requireBrowser();
        long started = System.nanoTime();
        Path root = Path.of(System.getProperty("build.directory", "target"), "scale-out-it").toAbsolutePath();
        // The standalone sandbox's simulated bootstrap lasts a few seconds: looked at every 2 s rather than the
        // product's 5 s, as the other integration tests do (README, Configuration).
        ScaleOutScript script = new ScaleOutScript(root, ADMIN_PASSWORD, Map.of("ECS_PROVISIONING_POLL_BOOTSTRAP", "PT2S"));
        script.run(2, "down");
        deleteRecursively(root);
        try {
            String up = script.run(14, "up");
            System.out.println(up);
            System.out.printf("ScaleOutIT: everything up after %d s%n", seconds(started));
            Properties env = script.env();
            int apiPort = Integer.parseInt(env.getProperty("SANDBOX_PORT"));
            AccessKey key = script.addSandboxProfile("Sandbox");
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + env.getProperty("BROKER_PORT"));
            subscribe(factory, env, false);

            long runStarted = System.nanoTime();
            String run = script.run(20, "run", String.valueOf(SERVERS));
            System.out.println(run);
            long runSeconds = seconds(runStarted);
            Matcher result = RESULT.matcher(run);
            assertTrue(result.find(), "the script's run:\n" + run);
            assertEquals(SERVERS, Integer.parseInt(result.group(2)));
            String prefix = result.group(1);

            assertOnePerServer(sandboxClient(apiPort, key), SERVERS);
            Map<String, Set<String>> events = subscribe(factory, env, true);
            int delivered = events.values().stream().mapToInt(Set::size).sum();
            for (int i = 1; i <= SERVERS; i++) {
                Set<String> ids = events.getOrDefault(prefix + "-" + i, Set.of());
                assertEquals(1, ids.size(), "success events of request " + prefix + "-" + i + ": " + ids);
            }
            assertEquals(SERVERS, events.size(), "requests with a success event: " + events.keySet());
            System.out.printf("ScaleOutIT: %d servers exactly once (%d distinct success events on the broker) in %d s of the"
                    + " run (%.1f per minute with the faults); whole test %d s%n", SERVERS, delivered, runSeconds,
                    SERVERS * 60.0 / runSeconds, seconds(started));
        } finally {
            System.out.println(script.run(2, "down"));
        }
    }

    /**
     * The durable subscription to ecs.events of the sender user, made before the first command (drain = false) and
     * read to the end afterwards (drain = true): success events by request id, as distinct event ids.
     */
    private static Map<String, Set<String>> subscribe(ActiveMQConnectionFactory factory, Properties env, boolean drain) throws Exception {
        Map<String, Set<String>> byRequest = new HashMap<>();
        try (Connection connection = factory.createConnection("automation", env.getProperty("SENDER_PASSWORD"))) {
            connection.setClientID("scale-out-it");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic events = session.createTopic(BrokerRoles.EVENTS);
            MessageConsumer consumer = session.createDurableConsumer(events, "scale-out-it",
                    "cloudEvents_type = '" + JobEvents.SUCCEEDED + "'", false);
            connection.start();
            if (drain) {
                // Until every request's event came and 5 s pass without another. The last events may still wait in
                // the outbox: a node killed while it held the relay's lease holds it for up to its length (2 min,
                // EventRelay.LEASE) before the other node relays; a test that stopped at the first quiet 5 s failed so.
                long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                Message event;
                while ((event = consumer.receive(5000)) != null || (byRequest.size() < SERVERS && System.nanoTime() < end)) {
                    if (event == null) {
                        continue;
                    }
                    byRequest.computeIfAbsent(event.getStringProperty("cloudEvents_requestid"), r -> new HashSet<>())
                            .add(event.getStringProperty("cloudEvents_id"));
                }
                consumer.close();
                session.unsubscribe("scale-out-it");
            }
        }
        return byRequest;
    }

    /** One VPC, vSwitch, security group and instance per server in the sandbox, each tagged with its server. */
    private static void assertOnePerServer(IAcsClient cloud, int servers) throws Exception {
        Map<String, List<String>> byKind = new HashMap<>();
        byKind.put("VPC", pages(page -> {
            DescribeVpcsRequest request = new DescribeVpcsRequest();
            request.setPageSize(50);
            request.setPageNumber(page);
            return get(cloud, request).getVpcs().stream().map(v -> v.getTags().stream().filter(t -> Tags.SERVER.equals(t.getKey()))
                    .map(t -> t.getValue()).findFirst().orElse("untagged " + v.getVpcId())).toList();
        }));
        byKind.put("vSwitch", pages(page -> {
            DescribeVSwitchesRequest request = new DescribeVSwitchesRequest();
            request.setPageSize(50);
            request.setPageNumber(page);
            return get(cloud, request).getVSwitches().stream().map(v -> v.getTags().stream().filter(t -> Tags.SERVER.equals(t.getKey()))
                    .map(t -> t.getValue()).findFirst().orElse("untagged " + v.getVSwitchId())).toList();
        }));
        byKind.put("security group", pages(page -> {
            DescribeSecurityGroupsRequest request = new DescribeSecurityGroupsRequest();
            request.setPageSize(50);
            request.setPageNumber(page);
            return get(cloud, request).getSecurityGroups().stream().map(g -> g.getTags().stream()
                    .filter(t -> Tags.SERVER.equals(t.getTagKey())).map(t -> t.getTagValue()).findFirst()
                    .orElse("untagged " + g.getSecurityGroupId())).toList();
        }));
        byKind.put("instance", pages(page -> {
            DescribeInstancesRequest request = new DescribeInstancesRequest();
            request.setPageSize(50);
            request.setPageNumber(page);
            return get(cloud, request).getInstances().stream().map(i -> i.getTags().stream()
                    .filter(t -> Tags.SERVER.equals(t.getTagKey())).map(t -> t.getTagValue()).findFirst()
                    .orElse("untagged " + i.getInstanceId())).toList();
        }));
        List<String> owners = byKind.get("instance").stream().sorted().toList();
        for (Map.Entry<String, List<String>> kind : byKind.entrySet()) {
            List<String> tags = kind.getValue();
            assertEquals(servers, tags.size(), kind.getKey() + "s in the sandbox: " + tags);
            assertEquals(servers, tags.stream().distinct().count(), "a server with two " + kind.getKey() + "s: " + tags);
            assertTrue(tags.stream().noneMatch(t -> t.startsWith("untagged")), "untagged " + kind.getKey() + ": " + tags);
            assertEquals(owners, tags.stream().sorted().toList(), kind.getKey() + "s of other servers than the instances");
        }
    }

    private static List<String> pages(Function<Integer, List<String>> page) {
        List<String> all = new ArrayList<>();
        for (int number = 1; ; number++) {
            List<String> items = page.apply(number);
            all.addAll(items);
            if (items.size() < 50) {
                return all;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends com.aliyuncs.AcsResponse> T get(IAcsClient cloud, com.aliyuncs.AcsRequest<T> request) {
        try {
            return cloud.getAcsResponse(request);
        } catch (com.aliyuncs.exceptions.ClientException e) {
            throw new IllegalStateException("the sandbox did not answer " + request.getSysActionName() + ": " + e.getMessage(), e);
        }
    }

    private static IAcsClient sandboxClient(int port, AccessKey key) {
        DefaultProfile profile = DefaultProfile.getProfile(REGION, key.id(), key.secret());
        DefaultProfile.addEndpoint(REGION, "Vpc", "127.0.0.1:" + port);
        DefaultProfile.addEndpoint(REGION, "Ecs", "127.0.0.1:" + port);
        return new DefaultAcsClient(profile);
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }
}

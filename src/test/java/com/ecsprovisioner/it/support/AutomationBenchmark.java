package com.ecsprovisioner.it.support;

import com.ecsprovisioner.launch.LaunchSettings;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.testsupport.FreePort;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The automation interface under load: the product started as the Quick start starts it (sandbox cloud with zero
 * delays, its simulated bootstrap scripts included ({@code -Dbootstrap-scale}, 0; 1 = as long as on a real server),
 * and room for every server: its default quota is 100 instances per region), one provider profile made as an
 * operator would, then {@code -Dcommands=N} (1,000) deploy commands sent by one JMS client as fast as it can, while
 * the same client follows every event of those commands on {@code ecs.events}. Prints the acceptance rate (commands
 * per second from the first send until every command is stored as a job, read from the product's database), per
 * command the time from its send to its {@code command.accepted} and to its {@code job.succeeded} event (p50, p95),
 * the time until every server is active, servers completed per minute, the events per job by type, events lost (a
 * gap in a job's sequence numbers) and repeated, and the product's peak resident memory. Progress every 15 s; when
 * nothing moves for {@code -Dstall=minutes} (3) it stops and says so instead of waiting for the limit
 * ({@code -Dminutes}, 60). {@code mvn -Pbench-automation package} (README, Performance).
 */
public final class AutomationBenchmark {

    private static final String PREFIX = "com.ecsprovisioner.";

    /** Everything the event listener sees, written by its thread and read by the main one. */
    private static final class Seen {
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        final Map<String, Long> succeededAt = new ConcurrentHashMap<>();
        final Map<String, String> failed = new ConcurrentHashMap<>();
        final Map<String, String> rejected = new ConcurrentHashMap<>();
        final Map<String, Set<Long>> sequences = new ConcurrentHashMap<>();
        final Map<String, Integer> byType = new ConcurrentHashMap<>();
        volatile long events;
        volatile long repeats;

        void take(Message event) throws JMSException {
            long now = System.nanoTime();
            String type = event.getStringProperty("cloudEvents_type");
            String requestId = event.getStringProperty("cloudEvents_requestid");
            String subject = event.getStringProperty("cloudEvents_subject");
            String sequence = event.getStringProperty("cloudEvents_sequence");
            events++;
            if (subject != null && sequence != null
                    && !sequences.computeIfAbsent(subject, s -> ConcurrentHashMap.newKeySet()).add(Long.parseLong(sequence))) {
                repeats++;
                return;
            }
            byType.merge(type.substring(PREFIX.length()).replace(".v1", ""), 1, Integer::sum);
            switch (type.substring(PREFIX.length())) {
                case "command.accepted.v1" -> acceptedAt.putIfAbsent(requestId, now);
                case "command.rejected.v1" -> rejected.put(requestId, ((TextMessage) event).getText());
                case "job.succeeded.v1" -> succeededAt.putIfAbsent(requestId, now);
                case "job.failed.v1" -> failed.put(requestId, ((TextMessage) event).getText());
                default -> { }
            }
        }

        /** Events missing from the jobs' sequences (numbered 1, 2, 3... per job). */
        long lost() {
            return sequences.values().stream().mapToLong(s -> s.stream().mapToLong(Long::longValue).max().orElse(0) - s.size()).sum();
        }

        String progress() {
            return "accepted " + acceptedAt.size() + ", rejected " + rejected.size() + ", active " + succeededAt.size()
                    + ", failed " + failed.size() + ", events " + events;
        }
    }

    public static void main(String[] args) throws Exception {
        int commands = Integer.parseInt(System.getProperty("commands", "1000"));
        Duration limit = Duration.ofMinutes(Long.parseLong(System.getProperty("minutes", "60")));
        Duration stall = Duration.ofMinutes(Long.parseLong(System.getProperty("stall", "3")));
        Path data = Path.of(System.getProperty("build.directory", "target"), "bench-automation-data").toAbsolutePath();
        Folders.deleteRecursively(data);
        Files.createDirectories(data);
        String jdbc = LaunchSettings.defaultJdbcUrl(data) + ";AUTO_SERVER=TRUE";
        int brokerPort = FreePort.next();
        String senderPassword = "bench-automation-sender";
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "ecs.admin.password", "benchmark-password", "ecs.broker.first-user-password", senderPassword,
                "ecs.db.url", jdbc,
                "ecs.sandbox.duration.vpc-pending", "PT0S", "ecs.sandbox.duration.vswitch-pending", "PT0S",
                "ecs.sandbox.duration.instance-pending", "PT0S", "ecs.sandbox.duration.instance-starting", "PT0S",
                // The simulated bootstrap scripts too (by default as long as on a real server, minutes).
                "ecs.sandbox.ssh.stepDurationScale", System.getProperty("bootstrap-scale", "0"),
                // Room for every server: the sandbox's defaults (100 instances, 500 vCPUs per region) are Alibaba's.
                "ecs.sandbox.quota.instances-per-region", String.valueOf(commands + 10),
                "ecs.sandbox.quota.vcpus-per-region", String.valueOf(8L * commands + 100)));
        // Each server has a security group of its own, in the shared network too.
        settings.put("ecs.sandbox.quota.security-groups-per-region", String.valueOf(commands + 10));
        try (AppProcess app = AppProcess.start(data, FreePort.next(), brokerPort, settings)) {
            app.awaitReady(Duration.ofMinutes(4));
            try (BrowserSession browser = BrowserSession.open(app.base())) {
                browser.login("admin", "benchmark-password");
                new ProviderBrowserFlow(browser).addSandboxProfileAndTestIt("Sandbox", "bench-key");
            }
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
            try (Connection connection = factory.createConnection("automation", senderPassword)) {
                Seen seen = new Seen();
                // A session per thread (JMS sessions are single-threaded): the listener's, and the sender's.
                Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                listening.createConsumer(listening.createTopic(BrokerRoles.EVENTS), "cloudEvents_requestid LIKE 'bench-%'")
                        .setMessageListener(event -> {
                            try {
                                seen.take(event);
                            } catch (JMSException | RuntimeException e) {
                                System.out.println("  unreadable event: " + e);
                            }
                        });
                connection.start();

                Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = sending.createProducer(sending.createQueue(BrokerRoles.COMMANDS));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                long start = System.nanoTime();
                for (int i = 1; i <= commands; i++) {
                    String requestId = String.format("bench-%05d", i);
                    seen.sentAt.put(requestId, System.nanoTime());
                    producer.send(sending.createTextMessage("{\"type\":\"deploy\",\"requestId\":\"" + requestId
                            + "\",\"profile\":\"Sandbox\",\"serverName\":\"" + requestId + "\",\"networkPolicy\":\"SHARED_PER_PROFILE\"}"));
                }
                double sent = seconds(start);
                System.out.printf("  %d commands sent in %.1f s%n", commands, sent);

                long deadline = start + limit.toNanos();
                double accepted = Double.NaN;
                long stored = 0;
                String last = "";
                long lastMove = System.nanoTime();
                long lastReport = System.nanoTime();
                String stopped = null;
                while (seen.succeededAt.size() + seen.failed.size() + seen.rejected.size() < commands) {
                    Thread.sleep(200);
                    if (Double.isNaN(accepted) && (stored = jobs(jdbc)) >= commands) {
                        accepted = seconds(start);
                    }
                    String now = "stored " + stored + ", " + seen.progress();
                    if (!now.equals(last)) {
                        last = now;
                        lastMove = System.nanoTime();
                    }
                    if (System.nanoTime() - lastReport > Duration.ofSeconds(15).toNanos()) {
                        System.out.printf("  %.0f s: %s%n", seconds(start), now);
                        lastReport = System.nanoTime();
                    }
                    if (System.nanoTime() - lastMove > stall.toNanos() || System.nanoTime() > deadline) {
                        stopped = System.nanoTime() > deadline ? "the limit of " + limit + " passed"
                                : "nothing moved for " + stall + " (commands not stored as jobs went to the dead letters: "
                                + "see the console's Dead letters and the product's log in " + data + ")";
                        break;
                    }
                }
                double done = seconds(start);
                stored = jobs(jdbc);
                Thread.sleep(2000); // the events of the last commits still on their way (a repeat, a late step)
                report(commands, seen, sent, stored, accepted, done, app.peakRssMiB(), stopped);
            }
        }
    }

    private static void report(int commands, Seen seen, double sent, long stored, double accepted, double done, long rssMiB,
                               String stopped) {
        System.out.printf("AutomationBenchmark, %d deploy commands from one JMS client, %d cores%s:%n", commands,
                Runtime.getRuntime().availableProcessors(), stopped == null ? "" : ", INCOMPLETE: " + stopped);
        System.out.printf("  sent: %.1f s, %.0f commands/s%n", sent, commands / sent);
        System.out.printf("  stored as jobs: %d after %.1f s: acceptance %.1f commands/s%n", stored, accepted, stored / accepted);
        System.out.printf("  command.accepted: %d; from send: p50 %s, p95 %s%n", seen.acceptedAt.size(),
                percentile(seen.sentAt, seen.acceptedAt, 50), percentile(seen.sentAt, seen.acceptedAt, 95));
        System.out.printf("  servers active: %d, failed %d, rejected %d, after %.1f s: %.1f servers/min%n",
                seen.succeededAt.size(), seen.failed.size(), seen.rejected.size(), done, seen.succeededAt.size() / (done / 60));
        System.out.printf("  job.succeeded from send: p50 %s, p95 %s%n", percentile(seen.sentAt, seen.succeededAt, 50),
                percentile(seen.sentAt, seen.succeededAt, 95));
        int jobs = Math.max(1, seen.sequences.size());
        StringBuilder types = new StringBuilder();
        new TreeMap<>(seen.byType).forEach((type, n) -> types.append(String.format("%n    %-24s %6d (%.2f per job)", type, n, (double) n / jobs)));
        System.out.printf("  events: %d received, %d repeats, %d lost (gaps in a job's sequence), %d jobs; by type:%s%n",
                seen.events, seen.repeats, seen.lost(), seen.sequences.size(), types);
        seen.rejected.values().stream().limit(3).forEach(r -> System.out.println("  rejected: " + r));
        seen.failed.values().stream().limit(3).forEach(f -> System.out.println("  failed: " + f));
        System.out.printf("  product's peak RSS: %d MiB%n", rssMiB);
    }

    /** The p-th percentile of (end - sent) over the commands that have an end, in milliseconds or seconds. */
    private static String percentile(Map<String, Long> sentAt, Map<String, Long> endAt, int p) {
        List<Long> nanos = new ArrayList<>();
        endAt.forEach((id, end) -> nanos.add(end - sentAt.get(id)));
        if (nanos.isEmpty()) {
            return "-";
        }
        nanos.sort(null);
        double ms = nanos.get(Math.min(nanos.size() - 1, (int) Math.ceil(p / 100.0 * nanos.size()) - 1)) / 1e6;
        return ms < 10_000 ? String.format("%.0f ms", ms) : String.format("%.1f s", ms / 1000);
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

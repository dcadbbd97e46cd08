package com.ecsprovisioner.it.support;

import com.ecsprovisioner.automation.CommandEvents;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.sandbox.cloud.Durations;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two scale-out figures, on {@code server-config/scale-out.sh}'s set-up (PostgreSQL, standalone Artemis, standalone
 * sandbox, two clustered Payara Micro nodes; README, Performance, "Scale-out"):
 * <ol>
 * <li><b>throughput</b>: {@code -Dservers=N} (100) deploy commands with node 2 stopped, then N more with both nodes,
 * against the sandbox with zero cloud delays, in the same run: deployments completed per minute (first send to the
 * last {@code job.succeeded}), the CPU time each process used meanwhile, the machine's busy share (all its cores,
 * other work included) and each node's peak resident memory ({@code VmHWM}).</li>
 * <li><b>latency</b>: the sandbox restarted with its realistic delays (VPC and vSwitch 2 s, instance 3 s pending and
 * 5 s starting, the bootstrap scripts as long as on a real server), then {@code -Dlatency-servers=M} (100) deploy
 * commands to both nodes: for each, its time to active minus the cloud's critical path (the four state durations and
 * its own simulated bootstrap run's planned duration, from the sandbox's log), p50 and p95, from the send and from
 * the job's acceptance.</li>
 * </ol>
 * {@code -Dmeasure=throughput,latency} chooses; {@code -Dminutes} (30) limits each phase.
 */
public final class ScaleOutBenchmark {

    /** The sandbox's log line of a bootstrap run's start (scale-out.sh sandbox realistic): its time, instance, length. */
    private static final Pattern BOOTSTRAP_RUN = Pattern.compile("(\\d{13}) FINE: Bootstrap run on (\\S+) in .*: \\d+ steps, (\\d+) ms, exit (-?\\d+)");

    private final ScaleOutScript script;
    private final Properties env;
    private final int minutes = Integer.getInteger("minutes", 30);

    private ScaleOutBenchmark(ScaleOutScript script) throws Exception {
        this.script = script;
        this.env = script.env();
    }

    public static void main(String[] args) throws Exception {
        int servers = Integer.getInteger("servers", 100);
        int latencyServers = Integer.getInteger("latency-servers", 100);
        String measure = System.getProperty("measure", "throughput,latency");
        Path root = Path.of(System.getProperty("build.directory", "target"), "bench-scale-out").toAbsolutePath();
        ScaleOutScript script = new ScaleOutScript(root, "bench-scale-out-admin");
        script.run(2, "down");
        Folders.deleteRecursively(root);
        try {
            System.out.println(script.run(14, "up"));
            script.addSandboxProfile("Sandbox");
            ScaleOutBenchmark bench = new ScaleOutBenchmark(script);
            List<String> report = new ArrayList<>();
            if (measure.contains("throughput")) {
                System.out.println(script.run(2, "node", "2", "stop"));
                report.add(bench.throughput("one node", "tp1", servers, List.of("node1")));
                System.out.println(script.run(8, "node", "2", "start"));
                report.add(bench.throughput("two nodes", "tp2", servers, List.of("node1", "node2")));
            }
            if (measure.contains("latency")) {
                System.out.println(script.run(2, "sandbox", "realistic"));
                report.add(bench.latency("lat", latencyServers));
            }
            System.out.printf("ScaleOutBenchmark on %d cores, load average at the end %s:%n%s%n",
                    Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim(),
                    String.join("\n", report));
        } finally {
            System.out.println(script.run(2, "down"));
        }
    }

    /** N deploys to the running nodes with zero cloud delays: per minute, CPU per process, peak memory per node. */
    private String throughput(String label, String prefix, int servers, List<String> nodes) throws Exception {
        List<String> processes = new ArrayList<>(nodes);
        processes.addAll(List.of("sandbox", "broker"));
        processes.add("postgres");
        Map<String, Double> cpuBefore = new LinkedHashMap<>();
        for (String process : processes) {
            cpuBefore.put(process, cpuSeconds(process));
        }
        long[] machineBefore = machineTicks();
        Map<String, Long> sent = send(prefix, servers);
        long first = sent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        Map<String, long[]> done = awaitAll(prefix, servers);
        long last = done.values().stream().mapToLong(t -> t[1]).max().orElseThrow();
        long[] machineAfter = machineTicks();
        double seconds = (last - first) / 1000.0;
        StringBuilder out = new StringBuilder(String.format("  throughput, %s: %d servers active in %.1f s: %.1f "
                + "deployments/min; machine busy %.0f %% of its cores; CPU s (per deployment):", label, servers, seconds,
                servers * 60 / seconds, 100.0 * (machineAfter[0] - machineBefore[0]) / (machineAfter[1] - machineBefore[1])));
        double all = 0;
        for (String process : processes) {
            double used = cpuSeconds(process) - cpuBefore.get(process);
            all += used;
            out.append(String.format(" %s %.1f (%.2f)", process, used, used / servers));
        }
        out.append(String.format(", all %.1f (%.2f), %.2f cores on average", all, all / servers, all / seconds));
        out.append("; peak RSS:");
        for (String node : nodes) {
            out.append(String.format(" %s %d MiB", node, AppProcess.peakRssMiB(script.pid(node))));
        }
        System.out.println(out);
        return out.toString();
    }

    /** M deploys with realistic delays: time to active beyond the cloud's critical path, p50 and p95. */
    private String latency(String prefix, int servers) throws Exception {
        Map<String, Long> sent = send(prefix, servers);
        Map<String, long[]> done = awaitAll(prefix, servers);
        Map<String, String> instances = new HashMap<>();
        query("SELECT name, instance_id FROM server WHERE name LIKE '" + prefix + "-%'",
                row -> instances.put(row.getString(1), row.getString(2)));
        Map<String, Long> planned = new HashMap<>();
        Map<String, Long> startedAt = new HashMap<>();
        Map<String, Integer> runs = new HashMap<>();
        Matcher run = BOOTSTRAP_RUN.matcher(Files.readString(script.root().resolve("sandbox.log")));
        while (run.find()) {
            startedAt.putIfAbsent(run.group(2), Long.parseLong(run.group(1)));
            planned.putIfAbsent(run.group(2), Long.parseLong(run.group(3)));
            runs.merge(run.group(2), 1, Integer::sum);
        }
        Durations cloud = Durations.DEFAULT;
        long states = cloud.vpcPending().plus(cloud.vSwitchPending()).plus(cloud.instancePending())
                .plus(cloud.instanceStarting()).toMillis();
        List<Long> fromSend = new ArrayList<>();
        List<Long> fromAccepted = new ArrayList<>();
        List<Long> toActive = new ArrayList<>();
        List<Long> bootstraps = new ArrayList<>();
        List<Long> before = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        int rerun = 0;
        for (Map.Entry<String, long[]> server : done.entrySet()) {
            String instance = instances.get(server.getKey());
            Long bootstrap = planned.get(instance);
            if (bootstrap == null) {
                throw new IllegalStateException("no bootstrap run of " + instance + " (" + server.getKey() + ") in sandbox.log");
            }
            rerun += runs.get(instance) > 1 ? 1 : 0;
            long critical = states + bootstrap;
            long active = server.getValue()[1];
            toActive.add(active - sent.get(server.getKey()));
            bootstraps.add(bootstrap);
            fromSend.add(active - sent.get(server.getKey()) - critical);
            fromAccepted.add(active - server.getValue()[0] - critical);
            // Split at the bootstrap run: before it (acceptance to the run's start, less the cloud's states) and after
            // it (the run's planned end to active: noticing the end, the last steps, the commit).
            before.add(startedAt.get(instance) - server.getValue()[0] - states);
            after.add(active - startedAt.get(instance) - bootstrap);
        }
        String out = String.format("  latency, %d servers with realistic delays: time to active p50 %s, p95 %s (cloud's "
                        + "critical path: %.0f s of states + the bootstrap's planned run, p50 %s); added by the product, "
                        + "from the send: p50 %s, p95 %s, max %s; from the job's acceptance: p50 %s, p95 %s, max %s; "
                        + "of it before the bootstrap run: p50 %s, p95 %s; after its planned end: p50 %s, p95 %s; "
                        + "bootstraps run more than once: %d", servers, p(toActive, 50), p(toActive, 95), states / 1000.0,
                p(bootstraps, 50), p(fromSend, 50), p(fromSend, 95), p(fromSend, 100), p(fromAccepted, 50),
                p(fromAccepted, 95), p(fromAccepted, 100), p(before, 50), p(before, 95), p(after, 50), p(after, 95), rerun);
        System.out.println(out);
        return out;
    }

    /** Sends deploy commands {@code <prefix>-1..n} (a network per server) as fast as one JMS client can; send times. */
    private Map<String, Long> send(String prefix, int servers) throws Exception {
        Map<String, Long> sent = new LinkedHashMap<>();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + env.getProperty("BROKER_PORT"));
        try (Connection connection = factory.createConnection("automation", env.getProperty("SENDER_PASSWORD"))) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(BrokerRoles.COMMANDS));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 1; i <= servers; i++) {
                String id = prefix + "-" + i;
                sent.put(id, System.currentTimeMillis());
                producer.send(session.createTextMessage("{\"type\":\"deploy\",\"requestId\":\"" + id + "\",\"profile\":"
                        + "\"Sandbox\",\"serverName\":\"" + id + "\",\"networkPolicy\":\"PER_SERVER\"}"));
            }
        }
        System.out.printf("  %s: %d commands sent%n", prefix, servers);
        return sent;
    }

    /** Waits until every request has its success event; per request the outbox times of acceptance and success. */
    private Map<String, long[]> awaitAll(String prefix, int servers) throws Exception {
        long deadline = System.nanoTime() + minutes * 60_000_000_000L;
        long lastReport = 0;
        while (true) {
            Map<String, long[]> times = new HashMap<>();
            query("SELECT request_id, event_type, created_at FROM event_outbox WHERE request_id LIKE '" + prefix + "-%' AND "
                    + "event_type IN ('" + CommandEvents.ACCEPTED + "', '" + JobEvents.SUCCEEDED + "')", row -> {
                long[] pair = times.computeIfAbsent(row.getString(1), r -> new long[]{-1, -1});
                pair[row.getString(2).equals(JobEvents.SUCCEEDED) ? 1 : 0] = row.getTimestamp(3).getTime();
            });
            long succeeded = times.values().stream().filter(t -> t[1] >= 0).count();
            if (succeeded >= servers) {
                return times;
            }
            long[] failed = {0};
            query("SELECT count(*) FROM provisioning_job WHERE request_id LIKE '" + prefix + "-%' AND state = 'failed'",
                    row -> failed[0] = row.getLong(1));
            if (failed[0] > 0 || System.nanoTime() > deadline) {
                throw new IllegalStateException(prefix + ": " + succeeded + " of " + servers + " succeeded, " + failed[0]
                        + " failed" + (failed[0] > 0 ? "" : " after " + minutes + " minutes") + script.logs());
            }
            if (System.nanoTime() - lastReport > 15_000_000_000L) {
                System.out.printf("  %s: %d of %d active%n", prefix, succeeded, servers);
                lastReport = System.nanoTime();
            }
            Thread.sleep(1000);
        }
    }

    private interface Row {
        void take(ResultSet row) throws Exception;
    }

    private void query(String sql, Row row) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + env.getProperty("PG_PORT") + "/ecs",
                "ecs", env.getProperty("DB_PASSWORD")); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                row.take(rows);
            }
        }
    }

    /**
     * CPU seconds a process of the set-up used so far; for PostgreSQL its postmaster and every live process it started
     * (the nodes' pooled connections stay open, so their backends are counted).
     */
    private double cpuSeconds(String process) throws Exception {
        if (!process.equals("postgres")) {
            return AppProcess.cpuSeconds(script.pid(process));
        }
        String postmaster = Files.readAllLines(Path.of(env.getProperty("PG_DIR"), "data", "postmaster.pid")).get(0).trim();
        double total = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path proc : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String parent = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
                    if (proc.getFileName().toString().equals(postmaster) || parent.equals(postmaster)) {
                        total += AppProcess.cpuSeconds(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (java.io.IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return total;
    }

    /** The machine's busy and total CPU ticks over all cores (/proc/stat), other work included. */
    private static long[] machineTicks() throws Exception {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(cpu.length, 9); i++) {
            total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        return new long[]{total - idle, total};
    }

    private static String p(List<Long> millis, int percentile) {
        List<Long> sorted = millis.stream().sorted().toList();
        int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return String.format("%.1f s", sorted.get(index) / 1000.0);
    }
}

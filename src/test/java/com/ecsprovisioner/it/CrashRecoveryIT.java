package com.ecsprovisioner.it;

import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.it.support.StandaloneSandbox;
import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.it.support.AppProcess;
import com.ecsprovisioner.it.support.BrowserSession;
import com.ecsprovisioner.it.support.ConsoleClient;
import com.ecsprovisioner.it.support.ProviderBrowserFlow;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeSecurityGroupsRequest;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.ecsprovisioner.engine.StepName;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.sandbox.SandboxKeys;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import org.junit.jupiter.api.Test;

import java.util.Objects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product killed with SIGKILL (no shutdown hooks, no graceful close of database, broker or transactions) while
 * deployments are in different steps, and started again on the same data folder each time, finishes every job and
 * creates nothing twice. The sandbox cloud runs in a process of its own so that it outlives the kills and keeps its
 * clock running while the product is down; the profile is added through the console with the sandbox's endpoint and
 * demo key, and the servers are deployed through the console, as the Quick start does it.
 */
class CrashRecoveryIT {

    private static final String REGION = "cn-hangzhou";
    private static final String PASSWORD = "crash-it-password-1";
    private static final Pattern ROW = Pattern.compile("<tr[^>]*data-ri=\"\\d+\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern JOB_ID = Pattern.compile("#(\\d+)");
    private static final Pattern STATE = Pattern.compile("status-badge job-([a-z_]+)");

    /** One row of the Jobs page: its state as the badge names it and the step it is at. */
    record JobRow(String state, StepName step) {
        boolean active() {
            return state.equals("queued") || state.equals("running") || state.equals("rolling_back");
        }
    }

    @Test
    void killedAtEveryStepAndRestartedItFinishesEveryJobWithNoDuplicateResource() throws Exception {
        BrowserSession.requireBrowser();
        Path root = Path.of(System.getProperty("build.directory", "target"), "crash-it").toAbsolutePath();
        deleteRecursively(root);
        Path appData = root.resolve("app");
        Files.createDirectories(root.resolve("sandbox"));
        int apiPort = FreePort.next();
        int sshPort = FreePort.next();
        int http = FreePort.next();
        int broker = FreePort.next();
        List<String> servers = List.of("crash-a", "crash-b", "crash-c", "crash-d");
        List<String> kills = new ArrayList<>();

        Process sandbox = StandaloneSandbox.start(root.resolve("sandbox"), apiPort, sshPort);
        AppProcess app = null;
        try {
            StandaloneSandbox.await(sandbox, root.resolve("sandbox"));
            AccessKey key = SandboxKeys.forInstallation(root.resolve("sandbox")).get(0);

            // 1st run: the profile and three deployments, then killed once the first jobs are past their first step.
            app = start(appData, http, broker);
            try (BrowserSession browser = BrowserSession.open(app.base())) {
                browser.login("admin", PASSWORD);
                ProviderBrowserFlow flow = new ProviderBrowserFlow(browser);
                flow.addProfileFor("Standalone sandbox", "http://127.0.0.1:" + apiPort, key.id(), key.secret(), REGION,
                        "crash-key", sshPort);
                for (String server : servers.subList(0, 3)) {
                    flow.deploy(server);
                }
            }
            kills.add(killWhen(app, jobs -> jobs.values().stream().anyMatch(j -> j.active() && DeploymentJobs.STEPS.indexOf(j.step()) >= DeploymentJobs.STEPS.indexOf(DeploymentJobs.VPC))));

            // 2nd run: one more deployment, killed while an instance is being created or started.
            app = start(appData, http, broker);
            try (BrowserSession browser = BrowserSession.open(app.base())) {
                browser.login("admin", PASSWORD);
                new ProviderBrowserFlow(browser).deploy(servers.get(3));
            }
            kills.add(killWhen(app, jobs -> jobs.values().stream().anyMatch(j -> j.active()
                    && (Objects.equals(j.step(), DeploymentJobs.INSTANCE) || Objects.equals(j.step(), DeploymentJobs.RUNNING)))));

            // 3rd run: killed while some job waits for SSH or for its instance to run.
            app = start(appData, http, broker);
            kills.add(killWhen(app, jobs -> jobs.values().stream().anyMatch(j -> j.active()
                    && DeploymentJobs.STEPS.indexOf(j.step()) >= DeploymentJobs.STEPS.indexOf(DeploymentJobs.RUNNING))));

            // 4th run: left alone to finish.
            app = start(appData, http, broker);
            Map<Long, JobRow> finished = awaitJobs(app, jobs -> jobs.size() == servers.size()
                    && jobs.values().stream().noneMatch(JobRow::active), Duration.ofSeconds(150));
            System.out.println("CrashRecoveryIT kills (job -> state/step at the moment of the kill):\n  " + String.join("\n  ", kills));
            assertEquals(servers.size(), finished.size(), "jobs: " + finished + "; kills: " + kills);
            finished.forEach((id, job) -> assertEquals("succeeded", job.state(), "job " + id + " after the kills " + kills
                    + ": " + finished));

            assertOnePerServer(sandboxClient(apiPort, key), servers.size());
            assertEveryBootstrapLogWholeAndOnce(signedIn(app), finished.keySet(), kills);
        } finally {
            if (app != null) {
                app.kill();
            }
            sandbox.destroy();
            if (!sandbox.waitFor(20, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static AppProcess start(Path data, int http, int broker) throws Exception {
        // A claim held by a killed process blocks its job until the lease ends (2 min by default); a short one keeps
        // the run short without changing what is tested. Steps take well under a second here.
        AppProcess app = AppProcess.start(data, http, broker, Map.of("ecs.sandbox.enabled", "false",
                "ecs.admin.password", PASSWORD, "ecs.provisioning.lease", "PT15S"));
        app.awaitReady(Duration.ofMinutes(3));
        return app;
    }

    /**
     * Watches the Jobs page and kills the product with SIGKILL as soon as the condition holds (or after 40 s, so
     * that a run where the jobs outpace the watcher still gets its kill). Returns what the jobs were doing then.
     */
    private static String killWhen(AppProcess app, Predicate<Map<Long, JobRow>> moment) throws Exception {
        ConsoleClient console = signedIn(app);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        Map<Long, JobRow> jobs = jobs(console);
        while (!moment.test(jobs) && System.nanoTime() < end) {
            Thread.sleep(100);
            jobs = jobs(console);
        }
        app.kill();
        return jobs.toString();
    }

    private static Map<Long, JobRow> awaitJobs(AppProcess app, Predicate<Map<Long, JobRow>> done, Duration timeout) throws Exception {
        ConsoleClient console = signedIn(app);
        long end = System.nanoTime() + timeout.toNanos();
        Map<Long, JobRow> jobs = jobs(console);
        while (!done.test(jobs) && System.nanoTime() < end) {
            Thread.sleep(500);
            jobs = jobs(console);
        }
        return jobs;
    }

    private static ConsoleClient signedIn(AppProcess app) throws Exception {
        ConsoleClient console = new ConsoleClient(app.base());
        assertEquals(302, console.login("admin", PASSWORD).statusCode(), "sign-in after a restart");
        return console;
    }

    /** The Jobs page read the way a person reads it: job number, state badge, step. */
    static Map<Long, JobRow> jobs(ConsoleClient console) throws Exception {
        var response = console.get("jobs.xhtml");
        assertEquals(200, response.statusCode(), "Jobs page");
        Map<Long, JobRow> rows = new TreeMap<>();
        Matcher row = ROW.matcher(response.body());
        while (row.find()) {
            String cells = row.group(1);
            Matcher id = JOB_ID.matcher(cells);
            Matcher state = STATE.matcher(cells);
            if (id.find() && state.find()) {
                StepName step = DeploymentJobs.STEPS.stream().filter(s -> cells.contains(s.label())).findFirst()
                        .orElseThrow(() -> new AssertionError("no step in a Jobs row: " + cells));
                rows.put(Long.parseLong(id.group(1)), new JobRow(state.group(1), step));
            }
        }
        return rows;
    }

    /**
     * Counts in the standalone sandbox, with the real SDK: one VPC, one vSwitch, one security group and one instance
     * for each server, each tagged with its server, and nothing else (an untagged or second copy would be a resource
     * created twice across a kill).
     */
    private static void assertOnePerServer(IAcsClient cloud, int servers) throws Exception {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        DescribeVpcsRequest vpcs = new DescribeVpcsRequest();
        vpcs.setPageSize(50);
        byKind.put("VPC", cloud.getAcsResponse(vpcs).getVpcs().stream().map(v -> serverTag(v.getTags().stream()
                .filter(t -> Tags.SERVER.equals(t.getKey())).map(t -> t.getValue()).findFirst(), v.getVpcId())).toList());
        DescribeVSwitchesRequest vswitches = new DescribeVSwitchesRequest();
        vswitches.setPageSize(50);
        byKind.put("vSwitch", cloud.getAcsResponse(vswitches).getVSwitches().stream().map(v -> serverTag(v.getTags().stream()
                .filter(t -> Tags.SERVER.equals(t.getKey())).map(t -> t.getValue()).findFirst(), v.getVSwitchId())).toList());
        DescribeSecurityGroupsRequest groups = new DescribeSecurityGroupsRequest();
        groups.setPageSize(50);
        byKind.put("security group", cloud.getAcsResponse(groups).getSecurityGroups().stream().map(g -> serverTag(g.getTags().stream()
                .filter(t -> Tags.SERVER.equals(t.getTagKey())).map(t -> t.getTagValue()).findFirst(), g.getSecurityGroupId())).toList());
        DescribeInstancesRequest instances = new DescribeInstancesRequest();
        instances.setPageSize(50);
        byKind.put("instance", cloud.getAcsResponse(instances).getInstances().stream().map(i -> serverTag(i.getTags().stream()
                .filter(t -> Tags.SERVER.equals(t.getTagKey())).map(t -> t.getTagValue()).findFirst(), i.getInstanceId())).toList());

        List<String> serverIds = byKind.get("instance");
        for (Map.Entry<String, List<String>> kind : byKind.entrySet()) {
            List<String> tags = kind.getValue();
            assertEquals(servers, tags.size(), kind.getKey() + "s in the sandbox (server tag per resource): " + byKind);
            assertTrue(tags.stream().noneMatch(t -> t.startsWith("untagged")), "untagged " + kind.getKey() + ": " + byKind);
            assertEquals(servers, tags.stream().distinct().count(), "a server with two " + kind.getKey() + "s: " + byKind);
        }
        for (Map.Entry<String, List<String>> kind : byKind.entrySet()) {
            List<String> tags = kind.getValue();
            assertEquals(serverIds.stream().sorted().toList(), tags.stream().sorted().toList(),
                    kind.getKey() + "s belong to other servers than the instances: " + byKind);
        }
    }

    /**
     * The servers' bootstrap logs, as copied into the job logs across the kills, lose no line and repeat none. Within
     * one attempt (every job here has one) a script step's output lines are distinct, so a line copied twice shows
     * as a duplicate. The four servers run the same scripts on the same image, so their logs differ only in numbers
     * and hashes: with those masked, a log that lost a line differs from the others.
     */
    private static void assertEveryBootstrapLogWholeAndOnce(ConsoleClient console, Iterable<Long> jobIds, List<String> kills)
            throws Exception {
        Map<Long, List<String>> shapes = new TreeMap<>();
        for (long id : jobIds) {
            List<String> transcript = bootstrapTranscript(console, id);
            List<String> repeated = transcript.stream()
                    .filter(line -> transcript.indexOf(line) != transcript.lastIndexOf(line)).distinct().toList();
            assertEquals(List.of(), repeated, "job " + id + " repeats lines of its bootstrap log after the kills " + kills);
            assertTrue(transcript.stream().anyMatch(l -> l.matches("\\[[^\\]]+\\] started: .*"))
                    && transcript.contains("The bootstrap script finished successfully"),
                    "job " + id + " has no whole bootstrap transcript: " + transcript);
            shapes.put(id, transcript.stream().map(CrashRecoveryIT::shape).toList());
        }
        List<String> first = shapes.values().iterator().next();
        shapes.forEach((id, shape) -> assertEquals(first, shape, "job " + id + "'s bootstrap log differs from job "
                + shapes.keySet().iterator().next() + "'s (a line lost?) after the kills " + kills));
    }

    private static final Pattern LOG_MESSAGE = Pattern.compile("<span class=\"log-message\">(.*?)</span>", Pattern.DOTALL);

    /** The job's log lines that came from the server's bootstrap log, in order, as the Job page's log pane shows them. */
    private static List<String> bootstrapTranscript(ConsoleClient console, long jobId) throws Exception {
        var response = console.get("job.xhtml?id=" + jobId);
        assertEquals(200, response.statusCode(), "Job page " + jobId);
        String body = response.body();
        int pane = body.indexOf("id=\"log-pane\"");
        assertTrue(pane >= 0, "no log on the Job page " + jobId);
        List<String> lines = new ArrayList<>();
        Matcher line = LOG_MESSAGE.matcher(body.substring(pane));
        while (line.find()) {
            String message = unescape(line.group(1).replaceAll("<[^>]*>", "")).strip();
            if (message.startsWith("[") || message.startsWith("Installed: ")
                    || message.equals("The bootstrap script finished successfully")) {
                lines.add(message);
            }
        }
        return lines;
    }

    /** A log line with its hashes and numbers (durations, sizes, random ids) masked. */
    private static String shape(String line) {
        return line.replaceAll("\\b[0-9a-f]{4,}\\b", "#").replaceAll("\\d+", "#");
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String serverTag(Optional<String> tag, String resourceId) {
        return tag.orElse("untagged " + resourceId);
    }

    private static IAcsClient sandboxClient(int port, AccessKey key) {
        DefaultProfile profile = DefaultProfile.getProfile(REGION, key.id(), key.secret());
        DefaultProfile.addEndpoint(REGION, "Vpc", "127.0.0.1:" + port);
        DefaultProfile.addEndpoint(REGION, "Ecs", "127.0.0.1:" + port);
        return new DefaultAcsClient(profile);
    }



}

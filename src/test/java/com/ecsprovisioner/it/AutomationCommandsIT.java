package com.ecsprovisioner.it;

import com.ecsprovisioner.it.support.AppProcess;
import com.ecsprovisioner.it.support.BrowserSession;
import com.ecsprovisioner.it.support.ConsoleClient;
import com.ecsprovisioner.it.support.ProviderBrowserFlow;
import com.ecsprovisioner.launch.LaunchSettings;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.platform.broker.BrokerUserTool;
import com.ecsprovisioner.testsupport.ExampleClients;
import com.ecsprovisioner.testsupport.ExampleClients.Language;
import com.ecsprovisioner.testsupport.ExampleClients.Run;
import com.ecsprovisioner.testsupport.FreePort;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands sent to {@code ecs.commands} by a plain JMS client in this test's JVM, to the product started as the Quick
 * start starts it in a process of its own (embedded broker, H2, the sandbox cloud), authenticated as a broker user
 * made with {@link BrokerUserTool}. What became of each command is read from the product's database (H2 opened with
 * AUTO_SERVER so that this JVM can read it while the product runs) and from its console pages. One product start for
 * the class; the crash test kills it with SIGKILL and starts it again on the same data.
 */
class AutomationCommandsIT {

    private static final String PASSWORD = "automation-it-admin";
    private static final String SENDER = "billing";
    private static final String REPLY_QUEUE = "billing.replies";

    private static Path data;
    private static int http;
    private static int broker;
    /** The in-product sandbox's ports, kept across the restart: the provider profile points at them. */
    private static int sandboxApi;
    private static int sandboxSsh;
    private static String jdbcUrl;
    private static String senderPassword;
    private static AppProcess app;

    @BeforeAll
    static void startTheProductWithASandboxProfile() throws Exception {
        BrowserSession.requireBrowser();
        data = Path.of(System.getProperty("build.directory", "target"), "automation-it").toAbsolutePath();
        deleteRecursively(data);
        Files.createDirectories(data);
        http = FreePort.next();
        broker = FreePort.next();
        sandboxApi = FreePort.next();
        sandboxSsh = FreePort.next();
        // AUTO_SERVER: the product opens the file and serves it to a second process (this test) over a local port.
        jdbcUrl = LaunchSettings.defaultJdbcUrl(data) + ";AUTO_SERVER=TRUE";
        senderPassword = BrokerUserTool.add(data, SENDER, BrokerRoles.SENDER);
        app = start();
        try (BrowserSession browser = BrowserSession.open(app.base())) {
            browser.login("admin", PASSWORD);
            new ProviderBrowserFlow(browser).addSandboxProfileAndTestIt("Sandbox", "automation-key");
        }
        // The firewall test's server is asked for now, so that it is made while the other tests run (a deployment
        // with the sandbox's script durations takes minutes); that test waits for it to be active.
        send(FIREWALL_DEPLOY, "corr-fw-deploy");
    }

    private static final String FIREWALL_DEPLOY = "{\"type\":\"deploy\",\"requestId\":\"it-fw-deploy\",\"profile\":\"Sandbox\","
            + "\"serverName\":\"jms-fw\",\"networkPolicy\":\"SHARED_PER_PROFILE\"}";

    private static AppProcess start() throws Exception {
        AppProcess started = AppProcess.start(data, http, broker, Map.of("ecs.admin.password", PASSWORD, "ecs.db.url", jdbcUrl,
                "ecs.sandbox.port", String.valueOf(sandboxApi), "ecs.sandbox.ssh.port", String.valueOf(sandboxSsh),
                // A claim held by a killed process blocks its job until the lease ends; short, as in CrashRecoveryIT.
                "ecs.provisioning.lease", "PT15S",
                // The simulated bootstrap at a fifth of its real pace (about 45 s, not 4 min): these tests follow
                // deployments to the end, none of them measures one.
                "ecs.sandbox.ssh.stepDurationScale", "0.2"));
        started.awaitReady(Duration.ofMinutes(3));
        return started;
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        // Every start's log (the crash test makes two): an observer that failed after a commit is logged and
        // swallowed by Weld, so nothing else shows it. The relay's wake once failed so after each command.
        try (var logs = Files.list(data)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("app-")).toList()) {
                String text = Files.readString(log);
                assertFalse(text.contains("WELD-000401"), "an observer failed in " + log);
                assertFalse(text.contains("InvalidTransactionException"), "a transaction was mishandled in " + log);
            }
        }
    }

    /**
     * The README's examples, each its own process (Java with Artemis's JMS client and the source launcher, Python with
     * qpid-proton and Node with rhea over AMQP 1.0): a deploy through ecs.commands followed on ecs.events until the
     * server is made. All three at once, as three systems would.
     */
    @Test
    void theJavaPythonAndNodeExamplesDeployThroughJmsAndFollowTheEventsToTheEnd() throws Exception {
        List<Language> languages = List.of(Language.JAVA, Language.PYTHON, Language.NODE);
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (Language language : languages) {
            String name = language.name().toLowerCase(Locale.ROOT);
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return ExampleClients.deploy(language, broker, SENDER, senderPassword, "Sandbox", "example-" + name,
                            "it-example-" + name, 480);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < languages.size(); i++) {
            Run run = runs.get(i).join();
            String name = languages.get(i).name().toLowerCase(Locale.ROOT);
            assertEquals(0, run.exitCode(), languages.get(i) + " example: " + run);
            assertTrue(run.out().contains("com.ecsprovisioner.command.accepted.v1"), run.toString());
            assertTrue(run.out().contains("com.ecsprovisioner.job.step.finished.v1"), run.toString());
            assertTrue(run.out().contains("com.ecsprovisioner.job.succeeded.v1"), run.toString());
            Map<String, Object> server = row("SELECT s.status FROM server s JOIN provisioning_job j ON j.server_id = s.id"
                    + " WHERE j.request_id = ?", "it-example-" + name);
            assertEquals("active", server.get("status"), "the example's server is made: " + run);
        }
    }

    @Test
    void aDeployCommandMakesAJobAskedByTheBrokerUserAndTheSameRequestAgainTheSameJob() throws Exception {
        String command = "{\"type\":\"deploy\",\"requestId\":\"it-deploy-1\",\"profile\":\"Sandbox\",\"serverName\":\"jms-1\","
                + "\"networkPolicy\":\"PER_SERVER\"}";
        send(command, "corr-deploy-1");
        Map<String, Object> request = await(() -> row("SELECT * FROM automation_request WHERE request_id = ?", "it-deploy-1"),
                "the accepted request");
        long jobId = ((Number) request.get("job_id")).longValue();
        assertEquals(SENDER, request.get("broker_user"));

        Map<String, Object> job = row("SELECT * FROM provisioning_job WHERE id = ?", jobId);
        assertEquals("jms:" + SENDER, job.get("requested_by"));
        assertEquals("it-deploy-1", job.get("request_id"));
        Map<String, Object> accepted = row("SELECT * FROM event_outbox WHERE event_type = ? AND request_id = ?",
                "com.ecsprovisioner.command.accepted.v1", "it-deploy-1");
        assertEquals(jobId, ((Number) accepted.get("job_id")).longValue());
        assertEquals(REPLY_QUEUE, accepted.get("reply_to"));
        assertEquals("corr-deploy-1", accepted.get("correlation_id"));
        assertTrue(((String) accepted.get("data")).contains("\"duplicate\":false"), accepted.toString());
        // The price read from the cloud (the sandbox's DescribePrice) for the profile's default configuration.
        assertTrue(((String) accepted.get("data")).contains("\"price\":{\"currency\":\"USD\",\"perHour\":"), accepted.toString());

        // Sent again (a client that got no answer retries), members in another order: the same job, one server.
        send("{\"serverName\":\"jms-1\",\"networkPolicy\":\"PER_SERVER\",\"profile\":\"Sandbox\",\"requestId\":\"it-deploy-1\","
                + "\"type\":\"deploy\"}", "corr-deploy-1b");
        Map<String, Object> duplicate = await(() -> row("SELECT * FROM event_outbox WHERE request_id = ? AND correlation_id = ?",
                "it-deploy-1", "corr-deploy-1b"), "the duplicate's answer");
        assertTrue(((String) duplicate.get("data")).contains("\"duplicate\":true"), duplicate.toString());
        assertEquals(jobId, ((Number) duplicate.get("job_id")).longValue());
        assertEquals(1L, count("SELECT COUNT(*) FROM server WHERE name = ?", "jms-1"), "one server");
        assertEquals(1L, count("SELECT COUNT(*) FROM provisioning_job WHERE request_id = ?", "it-deploy-1"), "one job");

        // The console shows who asked.
        ConsoleClient console = new ConsoleClient(app.base());
        assertEquals(302, console.login("admin", PASSWORD).statusCode());
        assertTrue(console.get("jobs.xhtml").body().contains("jms:" + SENDER), "the Jobs page names the broker user");
    }

    /**
     * The firewall through JMS and on the server's page, on a server deployed by command when the class starts: a
     * port opened by command lands as a firewall job asked by the broker user, and the server's Firewall panel shows it
     * open in the security group and in ufw; closing SSH to everyone is refused in the boundary's words.
     */
    @Test
    void aPortOpenedByCommandShowsOpenInBothPlacesOnTheServersPageAndClosingSshIsRefused() throws Exception {
        Map<String, Object> server = awaitFor(Duration.ofMinutes(8), () -> {
            Map<String, Object> failed = row("SELECT s.name, s.last_error FROM job_step s JOIN provisioning_job j ON j.id = s.job_id"
                    + " WHERE j.request_id = ? AND j.state = ? AND s.status = ?", "it-fw-deploy", "failed", "failed");
            if (failed != null) {
                throw new AssertionError("The deployment of jms-fw failed: " + failed);
            }
            return row("SELECT id FROM server WHERE name = ? AND status = ?", "jms-fw", "active");
        }, "server jms-fw active");
        long serverId = ((Number) server.get("id")).longValue();
        int sshPort = ((Number) row("SELECT ssh_port FROM provisioning_job WHERE server_id = ? ORDER BY id", serverId).get("ssh_port")).intValue();

        send("{\"type\":\"open-port\",\"requestId\":\"it-fw-open\",\"serverId\":" + serverId
                + ",\"port\":8080,\"cidr\":\"203.0.113.0/24\"}", "corr-fw-open");
        Map<String, Object> job = awaitFor(Duration.ofMinutes(2), () -> row("SELECT * FROM provisioning_job WHERE request_id = ? AND state = ?",
                "it-fw-open", "succeeded"), "the firewall job succeeded");
        assertEquals("firewall", job.get("kind"));
        assertEquals("jms:" + SENDER, job.get("requested_by"));
        Map<String, Object> change = row("SELECT * FROM firewall_change WHERE job_id = ?", job.get("id"));
        assertEquals(8080, ((Number) change.get("port")).intValue());
        assertEquals("203.0.113.0/24", change.get("cidr"));

        send("{\"type\":\"close-port\",\"requestId\":\"it-fw-close-ssh\",\"serverId\":" + serverId
                + ",\"port\":" + sshPort + ",\"cidr\":\"0.0.0.0/0\"}", "corr-fw-close-ssh");
        Map<String, Object> refused = await(() -> row("SELECT * FROM automation_rejection WHERE request_id = ?", "it-fw-close-ssh"),
                "the refusal to close SSH");
        assertEquals("allowed-now", refused.get("rule"));
        assertTrue(((String) refused.get("reason")).contains("would lock itself out"), refused.toString());

        try (BrowserSession browser = BrowserSession.open(app.base())) {
            browser.login("admin", PASSWORD);
            browser.go("server.xhtml?id=" + serverId);
            String rules = browser.waitForText("server:firewall-rules", "203.0.113.0/24");
            assertTrue(rules.contains("TCP 8080 from 203.0.113.0/24 open open"), rules);
            assertTrue(rules.contains("HTTPS TCP 443 from 0.0.0.0/0 open open"), rules);
            assertTrue(!rules.contains("drift"), rules);
            browser.screenshot("server-firewall-panel");
        }
    }

    /**
     * Backups on the server's page and by command, on the same server as the firewall test: its exception (its own
     * policy) saved in Chromium, backup-now by command becomes a backup job asked by the broker user, and the
     * Backups panel lists the snapshot, made by the server's own policy, with its size and age, and its last success.
     */
    @Test
    void aServersOwnPolicySavedOnItsPageAndABackupByCommandShowInItsBackupsPanel() throws Exception {
        Map<String, Object> server = awaitFor(Duration.ofMinutes(8), () -> row("SELECT id FROM server WHERE name = ? AND status = ?",
                "jms-fw", "active"), "server jms-fw active");
        long serverId = ((Number) server.get("id")).longValue();
        try (BrowserSession browser = BrowserSession.open(app.base())) {
            browser.login("admin", PASSWORD);
            browser.go("server.xhtml?id=" + serverId);
            browser.waitForText("backup-policy", "No backups");
            browser.click("server:backup-mode:1");
            browser.type("server:backup-days", "mon,thu");
            browser.type("server:backup-hours", "4");
            browser.click("server:backup-save");
            assertTrue(browser.waitForText("backup-policy", "Mon, Thu at 04:00; keeps 7 (UTC)").contains("Its own policy"));

            awaitFor(Duration.ofMinutes(2), () -> row("SELECT COUNT(*) AS n FROM provisioning_job WHERE server_id = ? AND state IN ('queued', 'running') HAVING COUNT(*) = 0",
                    serverId), "no job running on jms-fw");
            send("{\"type\":\"backup-now\",\"requestId\":\"it-backup-now\",\"serverId\":" + serverId + "}", "corr-backup-now");
            Map<String, Object> job = awaitFor(Duration.ofMinutes(2), () -> row("SELECT * FROM provisioning_job WHERE request_id = ? AND state = ?",
                    "it-backup-now", "succeeded"), "the backup job succeeded");
            assertEquals("backup", job.get("kind"));
            assertEquals("jms:" + SENDER, job.get("requested_by"));
            assertEquals("server-" + serverId, row("SELECT policy_key FROM backup_run WHERE job_id = ?", job.get("id")).get("policy_key"));

            browser.go("server.xhtml?id=" + serverId);
            String snapshots = browser.waitForText("server:backup-snapshots", "policy server-" + serverId);
            assertTrue(snapshots.contains("GiB") && snapshots.contains("accomplished"), snapshots);
            awaitFor(Duration.ofMinutes(2), () -> row("SELECT server_id FROM server_backup WHERE server_id = ? AND last_success_at IS NOT NULL",
                    serverId), "the backup settled as a success");
            browser.go("server.xhtml?id=" + serverId);
            assertTrue(!browser.text("backup-last-success").contains("never"), browser.text("backup-last-success"));
            browser.screenshot("server-backups-panel");

            // Restore that snapshot to a new server from the same list: the dialog (the source's type offered), its
            // confirmation, then the restore job makes the image and starts the new server's deployment from it.
            browser.click("server:backup-snapshots:0:restore-server");
            browser.waitForText("restore-form", "is left as it is");
            org.openqa.selenium.WebElement types = browser.driver().findElement(org.openqa.selenium.By.id("restore-form:restore-type_input"));
            assertEquals(row("SELECT instance_type FROM server WHERE id = ?", serverId).get("instance_type"), types.getAttribute("value"));
            assertTrue(types.findElements(org.openqa.selenium.By.tagName("option")).size() > 1, "the region's types are offered: "
                    + types.getAttribute("innerHTML"));
            browser.type("restore-form:restore-name", "jms-restored");
            browser.click("restore-form:confirm-restore");
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(
                    org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(
                            org.openqa.selenium.By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"))).click();
            Map<String, Object> restore = awaitFor(Duration.ofMinutes(3), () -> row("SELECT j.id, r.image_id, r.deploy_job_id"
                    + " FROM provisioning_job j JOIN new_server_restore r ON r.job_id = j.id WHERE j.server_id = ? AND j.state = ?",
                    serverId, "succeeded"), "the restore job succeeded");
            assertTrue(browser.driver().getCurrentUrl().contains("job.xhtml?id=" + restore.get("id")), browser.driver().getCurrentUrl());
            Map<String, Object> copy = awaitFor(Duration.ofMinutes(5), () -> row("SELECT * FROM server WHERE name = ? AND status = ?",
                    "jms-restored", "active"), "the restored server active");
            assertEquals(restore.get("image_id"), copy.get("image_id"), "deployed from the image made of the snapshot");
            assertEquals("admin", row("SELECT requested_by FROM provisioning_job WHERE id = ?", restore.get("deploy_job_id"))
                    .get("requested_by"), "the deployment is asked by whoever asked for the restore");
            // The restore's page links the deployment job and the new server from the restore's fields.
            browser.go("job.xhtml?id=" + restore.get("id"));
            browser.waitForText("job:restore-made", "deployment job #" + restore.get("deploy_job_id"));
            assertTrue(browser.driver().findElement(org.openqa.selenium.By.id("job:restore-deployment")).getAttribute("href")
                    .endsWith("job.xhtml?id=" + restore.get("deploy_job_id")));
            assertTrue(browser.driver().findElement(org.openqa.selenium.By.id("job:restore-server")).getAttribute("href")
                    .endsWith("server.xhtml?id=" + copy.get("id")));
        }
    }

    private static Map<String, Object> awaitFor(Duration limit, Supplier<Map<String, Object>> query, String what) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            Map<String, Object> found = query.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No " + what + " within " + limit + "; the product's log:\n" + app.tail());
    }

    /**
     * The commands that complete at once: a profile's backup policy set by command is accepted without a job and
     * completed with the policy in force, written to the audit trail as the broker user's (shown on the Audit page);
     * a time zone that is not one is refused in the boundary's words; a price asked by command is read from the
     * sandbox's DescribePrice. The profile's policy is set back to none at the end (the backups test's server follows
     * the profile's policy until it saves its own); Mondays only, so that no slot falls during the run.
     */
    @Test
    void aBackupPolicySetAndAPriceAskedByCommandCompleteAtOnceAndThePolicyIsAudited() throws Exception {
        send("{\"type\":\"set-backup-policy\",\"requestId\":\"it-policy\",\"profile\":\"Sandbox\",\"timeZone\":\"Europe/Berlin\","
                + "\"policy\":{\"days\":\"mon\",\"hours\":\"3\",\"keep\":4}}", "corr-policy");
        Map<String, Object> request = await(() -> row("SELECT * FROM automation_request WHERE request_id = ?", "it-policy"),
                "the accepted policy command");
        assertNull(request.get("job_id"), "no job for a policy change");
        Map<String, Object> completed = await(() -> row("SELECT * FROM event_outbox WHERE event_type = ? AND request_id = ?",
                "com.ecsprovisioner.command.completed.v1", "it-policy"), "the policy command's completion");
        assertEquals("corr-policy", completed.get("correlation_id"));
        assertTrue(((String) completed.get("data")).contains("\"timeZone\":\"Europe/Berlin\"")
                && ((String) completed.get("data")).contains("\"keep\":4"), completed.toString());
        Map<String, Object> audited = row("SELECT * FROM audit_record WHERE action = ?", "BACKUP_POLICY_CHANGED");
        assertEquals("jms:" + SENDER, audited.get("actor"));
        assertEquals("JMS", audited.get("origin"));

        send("{\"type\":\"set-backup-policy\",\"requestId\":\"it-policy-zone\",\"profile\":\"Sandbox\",\"timeZone\":\"Mars/Olympus\","
                + "\"policy\":null}", "corr-policy-zone");
        Map<String, Object> refused = await(() -> row("SELECT * FROM automation_rejection WHERE request_id = ?", "it-policy-zone"),
                "the refusal of a zone that is not one");
        assertEquals("allowed-now", refused.get("rule"));
        assertTrue(((String) refused.get("reason")).contains("is not a time zone"), refused.toString());

        send("{\"type\":\"quote-price\",\"requestId\":\"it-quote\",\"profile\":\"Sandbox\",\"instanceType\":\"ecs.c7.large\","
                + "\"diskCategory\":\"cloud_essd\",\"diskSizeGiB\":40}", "corr-quote");
        Map<String, Object> quote = await(() -> row("SELECT * FROM event_outbox WHERE event_type = ? AND request_id = ?",
                "com.ecsprovisioner.command.completed.v1", "it-quote"), "the price quoted");
        // The sandbox's table: 0.084 an hour for ecs.c7.large, 0.0002 per GiB-hour of cloud_essd.
        assertTrue(((String) quote.get("data")).contains("\"currency\":\"USD\",\"perHour\":0.092,\"perMonth\":67.16"), quote.toString());
        // The answer is kept in the catalogue cache with when it was read; a price the cloud refused is not kept, so
        // the next read asks again (and is refused again) rather than answering from a failure.
        assertEquals(1L, count("SELECT COUNT(*) FROM catalog_cache_entry WHERE kind = ? AND scope LIKE ?", "PRICES",
                "ecs.c7.large|cloud_essd|40|%"));
        for (String id : List.of("it-quote-nope-1", "it-quote-nope-2")) {
            send("{\"type\":\"quote-price\",\"requestId\":\"" + id + "\",\"profile\":\"Sandbox\",\"instanceType\":\"ecs.nope.large\"}",
                    "corr-" + id);
            Map<String, Object> unavailable = await(() -> row("SELECT * FROM event_outbox WHERE event_type = ? AND request_id = ?",
                    "com.ecsprovisioner.command.completed.v1", id), "the quote of an unknown type");
            assertTrue(((String) unavailable.get("data")).contains("\"priceUnavailable\":\"price unavailable: "), unavailable.toString());
        }
        assertEquals(0L, count("SELECT COUNT(*) FROM catalog_cache_entry WHERE kind = ? AND scope LIKE ?", "PRICES",
                "ecs.nope.large|%"), "a failed read is not cached");

        ConsoleClient console = new ConsoleClient(app.base());
        assertEquals(302, console.login("admin", PASSWORD).statusCode());
        String page = console.get("audit.xhtml").body();
        // The label is also in the page's filter; the policy's zone is only in the record's changes.
        assertTrue(page.contains("Profile backup policy changed") && page.contains("(Europe/Berlin)")
                && page.contains("jms:" + SENDER), "the Audit page shows the record");

        send("{\"type\":\"set-backup-policy\",\"requestId\":\"it-policy-off\",\"profile\":\"Sandbox\",\"policy\":null}",
                "corr-policy-off");
        await(() -> row("SELECT * FROM event_outbox WHERE event_type = ? AND request_id = ?",
                "com.ecsprovisioner.command.completed.v1", "it-policy-off"), "the policy set back to none");
    }

    @Test
    void refusedCommandsAreKeptWithTheirReasonAndShownEscaped() throws Exception {
        send("<script>alert(1)</script> is not JSON", "corr-not-json");
        Map<String, Object> notJson = await(() -> row("SELECT * FROM automation_rejection WHERE body LIKE ?", "<script>alert(1)%"),
                "the rejection of a body that is not JSON");
        assertEquals("json", notJson.get("rule"));
        assertEquals(SENDER, notJson.get("broker_user"));
        assertNull(notJson.get("field"));
        assertRejectionAnswered(((Number) notJson.get("id")).longValue(), "corr-not-json");

        // A schema violation, as bytes (how STOMP and AMQP clients send unless told otherwise).
        sendBytes("{\"type\":\"stop\",\"requestId\":\"it-schema-1\",\"serverId\":\"three\"}", "corr-schema");
        Map<String, Object> schema = await(() -> row("SELECT * FROM automation_rejection WHERE request_id = ?", "it-schema-1"),
                "the schema violation's rejection");
        assertEquals("/serverId", schema.get("field"));
        assertEquals("type", schema.get("rule"));
        assertRejectionAnswered(((Number) schema.get("id")).longValue(), "corr-schema");

        send("{\"type\":\"deploy\",\"requestId\":\"it-profile-1\",\"profile\":\"Production\",\"serverName\":\"jms-9\"}", "corr-profile");
        Map<String, Object> profile = await(() -> row("SELECT * FROM automation_rejection WHERE request_id = ?", "it-profile-1"),
                "the unknown profile's rejection");
        assertEquals("/profile", profile.get("field"));
        assertEquals("known-profile", profile.get("rule"));
        assertEquals(0L, count("SELECT COUNT(*) FROM server WHERE name = ?", "jms-9"));

        // A server being deployed cannot be rebooted: the lifecycle boundary's own refusal.
        send("{\"type\":\"deploy\",\"requestId\":\"it-busy-1\",\"profile\":\"Sandbox\",\"serverName\":\"jms-2\"}", "corr-busy");
        Map<String, Object> busy = await(() -> row("SELECT * FROM automation_request WHERE request_id = ?", "it-busy-1"),
                "the deploy of jms-2");
        long serverId = ((Number) busy.get("server_id")).longValue();
        send("{\"type\":\"reboot\",\"requestId\":\"it-reboot-1\",\"serverId\":" + serverId + "}", "corr-reboot");
        Map<String, Object> refused = await(() -> row("SELECT * FROM automation_rejection WHERE request_id = ?", "it-reboot-1"),
                "the refused reboot");
        assertEquals("allowed-now", refused.get("rule"));
        assertTrue(((String) refused.get("reason")).contains("jms-2"), refused.toString());
        assertEquals(1L, count("SELECT COUNT(*) FROM provisioning_job WHERE server_id = ?", serverId), "no reboot job");

        // The admins' page lists them, newest first, the body escaped.
        ConsoleClient console = new ConsoleClient(app.base());
        assertEquals(302, console.login("admin", PASSWORD).statusCode());
        String page = console.get("rejected-commands.xhtml").body();
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; is not JSON"), "escaped body on the page");
        assertFalse(page.contains("<script>alert(1)"), "never as markup");
        assertTrue(page.indexOf("it-reboot-1") < page.indexOf("it-profile-1"), "newest first");
    }

    @Test
    void theSchemaIsServedWithoutLogin() throws Exception {
        HttpResponse<String> schema = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                app.base().resolve("api/schemas/command-v1.json")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, schema.statusCode());
        assertTrue(schema.body().contains("\"$id\": \"https://ecs-provisioner.dev/schemas/command-v1.json\""), schema.body());
        HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                HttpRequest.newBuilder(app.base().resolve("rejected-commands.xhtml")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(page.statusCode() == 302 || page.statusCode() == 401, "the page needs a login: " + page.statusCode());
    }

    /**
     * Killed with SIGKILL as soon as the command's acceptance is committed, while its answer (the accepted event) still
     * waits in the outbox: after the restart, the same command sent again (the client never got an answer) and any
     * redelivery of the first find the same job, and there is one server.
     */
    @Test
    void aDuplicateAfterAKillBetweenAcceptingAndAnsweringGetsTheSameJob() throws Exception {
        send("{\"type\":\"deploy\",\"requestId\":\"it-crash-1\",\"profile\":\"Sandbox\",\"serverName\":\"jms-crash\"}", "corr-crash");
        Map<String, Object> request = await(() -> row("SELECT * FROM automation_request WHERE request_id = ?", "it-crash-1"),
                Duration.ofMillis(20), "the accepted request");
        app.kill();
        long jobId = ((Number) request.get("job_id")).longValue();
        app = start();

        send("{\"type\":\"deploy\",\"requestId\":\"it-crash-1\",\"profile\":\"Sandbox\",\"serverName\":\"jms-crash\"}", "corr-crash-again");
        Map<String, Object> again = await(() -> row("SELECT * FROM event_outbox WHERE correlation_id = ?", "corr-crash-again"),
                "the answer after the restart");
        assertEquals(jobId, ((Number) again.get("job_id")).longValue());
        assertTrue(((String) again.get("data")).contains("\"duplicate\":true"), again.toString());
        assertEquals(1L, count("SELECT COUNT(*) FROM server WHERE name = ?", "jms-crash"), "one server");
        assertEquals(1L, count("SELECT COUNT(*) FROM automation_request WHERE request_id = ?", "it-crash-1"));
        // The job's own events carry its request id too: the answers are the accepted events, all about the one job.
        List<Map<String, Object>> answers = rows("SELECT * FROM event_outbox WHERE request_id = ? AND event_type = ? ORDER BY id",
                "it-crash-1", "com.ecsprovisioner.command.accepted.v1");
        assertTrue(answers.size() >= 2 && answers.stream().allMatch(a -> ((Number) a.get("job_id")).longValue() == jobId),
                answers.toString());
        System.out.println("AutomationCommandsIT: answers to it-crash-1 after the kill (a redelivery adds one): " + answers.size());
    }

    // ---- The client ----------------------------------------------------------------------------------------------

    private static void send(String body, String correlationId) throws Exception {
        try (Connection connection = factory().createConnection(SENDER, senderPassword)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(BrokerRoles.COMMANDS));
            Message message = session.createTextMessage(body);
            prepare(session, message, correlationId);
            producer.send(message);
        }
    }

    private static void sendBytes(String body, String correlationId) throws Exception {
        try (Connection connection = factory().createConnection(SENDER, senderPassword)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(BrokerRoles.COMMANDS));
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body.getBytes(StandardCharsets.UTF_8));
            prepare(session, message, correlationId);
            producer.send(message);
        }
    }

    /**
     * Reply-to and correlation id; and a forged user property, which the broker must overwrite with the real one. The
     * reply-to is named without asking the broker (Session.createQueue checks that it exists): until the broker
     * grants senders temporary queues, the answer's destination is only recorded here.
     */
    private static void prepare(Session session, Message message, String correlationId) throws Exception {
        message.setJMSReplyTo(ActiveMQJMSClient.createQueue(REPLY_QUEUE));
        message.setJMSCorrelationID(correlationId);
        message.setStringProperty("_AMQ_VALIDATED_USER", "mallory");
    }

    private static ActiveMQConnectionFactory factory() {
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + broker);
    }

    // ---- The database --------------------------------------------------------------------------------------------

    private static void assertRejectionAnswered(long rejectionId, String correlationId) throws Exception {
        Map<String, Object> event = row("SELECT * FROM event_outbox WHERE correlation_id = ?", correlationId);
        assertEquals("com.ecsprovisioner.command.rejected.v1", event.get("event_type"));
        assertEquals(REPLY_QUEUE, event.get("reply_to"));
        assertTrue(((String) event.get("data")).contains("\"rejectionId\":" + rejectionId), event.toString());
    }

    private static Map<String, Object> await(Supplier<Map<String, Object>> query, String what) throws Exception {
        return await(query, Duration.ofMillis(250), what);
    }

    private static Map<String, Object> await(Supplier<Map<String, Object>> query, Duration poll, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            Map<String, Object> found = query.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(poll.toMillis());
        }
        throw new AssertionError("No " + what + " within 60 s; the product's log:\n" + app.tail());
    }

    private static Map<String, Object> row(String sql, Object... parameters) {
        List<Map<String, Object>> found = rows(sql, parameters);
        return found.isEmpty() ? null : found.get(0);
    }

    private static long count(String sql, Object... parameters) {
        return ((Number) rows(sql, parameters).get(0).values().iterator().next()).longValue();
    }

    private static List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (var connection = DriverManager.getConnection(jdbcUrl, "ecs", "ecs");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.put(result.getMetaData().getColumnLabel(c).toLowerCase(), result.getObject(c));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }


}

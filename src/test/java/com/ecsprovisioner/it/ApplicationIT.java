package com.ecsprovisioner.it;

import com.ecsprovisioner.it.support.BrowserSession;
import com.ecsprovisioner.it.support.ConsoleClient;
import com.ecsprovisioner.it.support.JpaProbe;
import com.ecsprovisioner.it.support.RoundTripConsumer;
import com.ecsprovisioner.it.support.RoundTripSender;
import com.ecsprovisioner.it.support.TestWar;
import com.ecsprovisioner.platform.SystemStatus;
import com.ecsprovisioner.sandbox.embedded.EmbeddedSandbox;
import com.ecsprovisioner.security.ConsoleUser;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product's WAR, as built, in Payara Micro with the real resource adapter, broker and database: wiring,
 * transactions, JMS and security.
 */
@ExtendWith(ArquillianExtension.class)
class ApplicationIT {

    static final String ADMIN_PASSWORD = TestWar.ADMIN_PASSWORD;

    @Deployment
    static WebArchive deployment() {
        return TestWar.product(ApplicationIT.class, ConsoleClient.class, RoundTripConsumer.class, RoundTripSender.class,
                JpaProbe.class, TestWar.class);
    }

    @Resource(lookup = "jdbc/ecs")
    DataSource dataSource;

    @Inject
    RoundTripSender sender;

    @Inject
    JpaProbe jpa;

    @Inject
    SystemStatus status;

    @Inject
    EmbeddedSandbox sandbox;

    @ArquillianResource
    URL base;

    @Test
    void theSandboxCloudRunsInsideTheApplication() {
        assertTrue(sandbox.isRunning());
        assertTrue(sandbox.endpoint().orElseThrow().startsWith("http://127.0.0.1:"));
        assertEquals(22226, sandbox.sshPort().orElseThrow());
    }

    @Test
    @RunAsClient
    void theSandboxPageShowsWhereItListensAndItsKeys() throws Exception {
        ConsoleClient admin = loggedInAdmin(base.toURI());
        String page = admin.get("sandbox.xhtml").body();
        assertTrue(page.contains("sandbox-endpoint"), page);
        com.ecsprovisioner.sandbox.cloud.AccessKey key = TestWar.installationKeys().get(0);
        assertTrue(page.contains(key.id()), page);
        assertTrue(page.contains(key.secret()), "an admin sees the secret");
        assertTrue(page.contains("Reset the sandbox"));
    }

    @Test
    void schemaComesFromTheProjectsMigrations() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> versions = new ArrayList<>();
            while (rows.next()) {
                assertTrue(rows.getBoolean("success"));
                versions.add(rows.getString("version"));
            }
            assertEquals("1", versions.get(0));
        }
    }

    @Test
    void entitiesRoundTripThroughTheMigratedSchema() {
        String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long id = jpa.create(name, created);
        ConsoleUser read = jpa.find(id);
        assertEquals(name, read.getUsername());
        assertEquals(created, read.getCreatedAt());
        assertEquals(1, jpa.countNamed(name));
        jpa.delete(id);
        assertEquals(0, jpa.countNamed(name));
    }

    @Test
    void committedMessagesArriveAndRolledBackOnesNever() throws Exception {
        String rolledBack = "rolled-back-" + UUID.randomUUID();
        String committed = "committed-" + UUID.randomUUID();
        sender.send(rolledBack, true);
        sender.send(committed, false);
        // The consumer sees messages in order; once the committed one is here, the rolled-back one had its chance.
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!seen.contains(committed) && System.nanoTime() < deadline) {
            String next = RoundTripConsumer.RECEIVED.poll(1, TimeUnit.SECONDS);
            if (next != null) {
                seen.add(next);
            }
        }
        assertTrue(seen.contains(committed), "the committed message arrived through the MDB");
        assertFalse(seen.contains(rolledBack), "a message sent in a rolled-back transaction was delivered");
    }

    @Test
    void databaseAndBrokerReportHealthy() {
        assertTrue(status.database().up(), status.database().detail());
        assertTrue(status.broker().up(), status.broker().detail());
    }

    @Test
    @RunAsClient
    void pagesRequireLoginButTheLoginPageAndHealthDoNot() throws Exception {
        ConsoleClient anonymous = new ConsoleClient(base.toURI());
        for (String page : List.of("", "index.xhtml", "servers.xhtml", "jobs.xhtml", "providers.xhtml", "settings.xhtml", "metrics")) {
            HttpResponse<String> response = anonymous.get(page);
            assertEquals(302, response.statusCode(), page + " answered without login");
            assertTrue(response.headers().firstValue("Location").orElse("").endsWith("/login.xhtml"), page);
        }
        assertEquals(200, anonymous.get("login.xhtml").statusCode());
        HttpResponse<String> ready = anonymous.get("health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());
    }

    @Test
    @RunAsClient
    void adminLogsInAndSeesTheDashboard() throws Exception {
        ConsoleClient admin = new ConsoleClient(base.toURI());
        HttpResponse<String> login = admin.login("admin", ADMIN_PASSWORD);
        assertEquals(302, login.statusCode(), login.body());
        HttpResponse<String> dashboard = admin.getFollowing("");
        assertEquals(200, dashboard.statusCode());
        assertTrue(dashboard.body().contains("Dashboard"));
        assertTrue(dashboard.body().contains("current-user"));
    }

    @Test
    @RunAsClient
    void wrongPasswordIsRefusedWithAMessage() throws Exception {
        ConsoleClient client = new ConsoleClient(base.toURI());
        HttpResponse<String> login = client.login("admin", "not-the-password");
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("The user name or password is not right."), login.body());
        assertEquals(302, client.get("index.xhtml").statusCode());
    }

    @Test
    @RunAsClient
    void viewerIsRefusedAnAdminActionWithAMessage() throws Exception {
        URI uri = base.toURI();
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        addUser(uri, viewer, "viewer-password-1", "viewer");

        ConsoleClient asViewer = new ConsoleClient(uri);
        assertEquals(302, asViewer.login(viewer, "viewer-password-1").statusCode());
        asViewer.get("settings.xhtml");
        String intruder = "intruder-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> refused = asViewer.ajax("settings.xhtml", "add-user-form", "add-user",
                Map.of("new-username", intruder, "new-password", "intruder-password", "new-role_input", "admin"));
        assertEquals(200, refused.statusCode());
        assertTrue(refused.body().contains("Not allowed"), refused.body());

        ConsoleClient admin = loggedInAdmin(uri);
        String users = admin.get("settings.xhtml").body();
        assertTrue(users.contains(viewer));
        assertFalse(users.contains(intruder), "the viewer managed to add a user");
    }

    @Test
    @RunAsClient
    void aViewerSeesTheSandboxKeysIdsButNoSecret() throws Exception {
        URI uri = base.toURI();
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        addUser(uri, viewer, "viewer-password-1", "viewer");
        ConsoleClient asViewer = new ConsoleClient(uri);
        assertEquals(302, asViewer.login(viewer, "viewer-password-1").statusCode());

        String page = asViewer.get("sandbox.xhtml").body();
        for (com.ecsprovisioner.sandbox.cloud.AccessKey key : TestWar.installationKeys()) {
            assertTrue(page.contains(key.id()), page);
            assertFalse(page.contains(key.secret()), "a viewer was shown the secret of " + key.id());
        }
        assertTrue(page.contains("shown to admins only"), page);
    }

    @Test
    @RunAsClient
    void repeatedFailuresLockTheAccountForAWhile() throws Exception {
        URI uri = base.toURI();
        String user = "lock-" + UUID.randomUUID().toString().substring(0, 8);
        addUser(uri, user, "right-password-1", "viewer");
        ConsoleClient client = new ConsoleClient(uri);
        for (int i = 0; i < 5; i++) {
            client.login(user, "wrong-password-" + i);
        }
        HttpResponse<String> locked = client.login(user, "right-password-1");
        assertEquals(200, locked.statusCode(), "a locked account logged in");
        assertTrue(locked.body().contains("locked"), locked.body());
    }

    @Test
    @RunAsClient
    void aFormPostedWithoutTheViewStateChangesNothing() throws Exception {
        URI uri = base.toURI();
        ConsoleClient admin = loggedInAdmin(uri);
        admin.get("settings.xhtml");
        admin.forgetViewState();
        String forged = "forged-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("settings.xhtml", Map.of("add-user-form", "add-user-form", "add-user-form:new-username", forged,
                "add-user-form:new-password", "forged-password-1", "add-user-form:new-role_input", "admin",
                "add-user-form:add-user", "add-user-form:add-user", "jakarta.faces.ViewState", "-1:-1"));
        assertFalse(admin.get("settings.xhtml").body().contains(forged), "a forged post created a user");
    }

    @Test
    @RunAsClient
    void aRealBrowserLogsInAndSeesTheDashboard() throws Exception {
        BrowserSession.requireBrowser();
        try (BrowserSession browser = BrowserSession.open(base.toURI())) {
            browser.login("admin", ADMIN_PASSWORD);
            assertEquals("Dashboard", browser.pageTitle());
            assertTrue(browser.text("nav-servers").contains("Servers"));
            browser.screenshot("dashboard");
        }
    }

    /**
     * A user added through the console is on the Audit page with who added it and from where; an admin filters by who
     * in a real browser; a viewer is refused the page (and its link) and a change of the trail through the product's
     * own database connection fails.
     */
    @Test
    @RunAsClient
    void anAdminFiltersTheAuditPageAndAViewerIsRefusedIt() throws Exception {
        BrowserSession.requireBrowser();
        URI uri = base.toURI();
        String viewer = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        addUser(uri, viewer, "viewer-password-1", "viewer");

        try (BrowserSession browser = BrowserSession.open(uri)) {
            browser.login("admin", ADMIN_PASSWORD);
            browser.click("nav-audit");
            browser.waitForText("audit:list", "Changes");
            assertEquals("Audit", browser.pageTitle());
            browser.type("audit:who", "admin");
            browser.click("audit:filter");
            String row = browser.waitForText("audit:list", "user '" + viewer + "'");
            assertTrue(row.contains("User created") && row.matches("(?s).*console \\(\\d+\\.\\d+\\.\\d+\\.\\d+\\).*")
                    && row.contains("role: 'viewer'"), row);
            assertFalse(row.contains("viewer-password-1"), "a password reached the Audit page");
            browser.screenshot("audit");

            browser.type("audit:who", "nobody-acted-as-this");
            browser.click("audit:filter");
            browser.waitForText("audit:list", "No change matches");
        }

        ConsoleClient asViewer = new ConsoleClient(uri);
        assertEquals(302, asViewer.login(viewer, "viewer-password-1").statusCode());
        HttpResponse<String> refused = asViewer.get("audit.xhtml");
        assertEquals(403, refused.statusCode());
        assertFalse(refused.body().contains(viewer), "the viewer saw the trail");
        assertFalse(asViewer.get("index.xhtml").body().contains("nav-audit"), "the viewer is shown the Audit link");
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAnAuditRecord() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // A row of its own (a trigger fires per row: on an empty table nothing would be tried).
            long id = -1 - new java.util.Random().nextInt(1_000_000_000);
            s.executeUpdate("INSERT INTO audit_record (id, recorded_at, actor, origin, action, subject, changes) VALUES ("
                    + id + ", CURRENT_TIMESTAMP, 'ApplicationIT', 'TIMER', 'SANDBOX_RESET', 'a test row', '')");
            // In the container H2 loads the trigger class from the WAR.
            java.sql.SQLException update = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> s.executeUpdate("UPDATE audit_record SET actor = 'mallory' WHERE id = " + id));
            assertTrue(String.valueOf(update.getMessage()).contains("append-only"), update.getMessage());
            java.sql.SQLException delete = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> s.executeUpdate("DELETE FROM audit_record WHERE id = " + id));
            assertTrue(String.valueOf(delete.getMessage()).contains("append-only"), delete.getMessage());
            try (ResultSet r = s.executeQuery("SELECT actor FROM audit_record WHERE id = " + id)) {
                assertTrue(r.next());
                assertEquals("ApplicationIT", r.getString(1));
            }
        }
    }

    private static void addUser(URI uri, String username, String password, String role) throws Exception {
        ConsoleClient admin = loggedInAdmin(uri);
        admin.get("settings.xhtml");
        HttpResponse<String> added = admin.ajax("settings.xhtml", "add-user-form", "add-user",
                Map.of("new-username", username, "new-password", password, "new-role_input", role));
        assertTrue(added.body().contains("added as " + role), added.body());
    }

    private static ConsoleClient loggedInAdmin(URI uri) throws Exception {
        ConsoleClient admin = new ConsoleClient(uri);
        HttpResponse<String> login = admin.login("admin", ADMIN_PASSWORD);
        assertEquals(302, login.statusCode(), "admin login failed: " + login.body());
        assertNotNull(login.headers().firstValue("Location").orElse(null));
        return admin;
    }
}

package com.ecsprovisioner.it;

import com.ecsprovisioner.it.support.BrowserSession;
import com.ecsprovisioner.it.support.ConsoleClient;
import com.ecsprovisioner.it.support.ProviderBrowserFlow;
import com.ecsprovisioner.it.support.StandaloneSandbox;
import com.ecsprovisioner.sandbox.SandboxKeys;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.testsupport.FreePort;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Deploying on an application server", step by step, on a stock Payara Server 6 (the distribution zip
 * from Maven Central, unpacked by the build): a new domain, {@code server-config/payara-setup.sh server} against
 * PostgreSQL and an external broker, then a login over HTTP and a server deployed through a standalone sandbox
 * process until its job succeeds (the server active). Before and after, a deployment that cannot work fails whole:
 * without the data source, and without the master key that production requires.
 *
 * <p>The broker runs in this test's JVM: Artemis 2.44 (the resource adapter's client version) reading the production
 * {@code server-config/artemis/broker.xml} itself (persistence, addresses, permissions per role, dead letters); only
 * its user store is in memory instead of the instance's properties files, and its acceptor is moved to a free port.
 * A standalone Artemis distribution would add a download and a process without testing more of the product.
 * Skipped, with a message, when no PostgreSQL answers (CI has one).
 */
class PayaraServerIT {

    private static final String REGION = "cn-hangzhou";
    private static final String ADMIN_PASSWORD = "payara-server-it-admin";
    private static final String BROKER_USER = "ecs-app";
    private static final String BROKER_PASSWORD = "payara-it-broker-password";
    private static final String MASTER_KEY = "dGVzdC1tYXN0ZXIta2V5LW9mLTMyLWJ5dGVzLSEhISE=";
    /** Admin port base+48, HTTP base+80: away from the Quick start's 8080 and 4848. */
    private static final int PORT_BASE = 28000;
    private static final String DOMAIN = "ecs-it";

    @Test
    void theDocumentedScriptDeploysTheApplicationOnAStockPayaraServer() throws Exception {
        Assumptions.assumeTrue(PostgresRunIT.reachable(), "PayaraServerIT skipped: no PostgreSQL answers at "
                + PostgresRunIT.SERVER + " (set ECS_TEST_POSTGRES_SERVER / ECS_TEST_POSTGRES_USER to run it)");
        BrowserSession.requireBrowser();
        long started = System.nanoTime();
        Path home = Path.of(System.getProperty("payara.server.home", "target/payara-server/payara6")).toAbsolutePath();
        assertTrue(Files.isRegularFile(home.resolve("bin/asadmin")), "Payara Server is not unpacked at " + home);
        Path root = Path.of(System.getProperty("build.directory", "target"), "payara-server-it").toAbsolutePath();
        deleteRecursively(root);
        Files.createDirectories(root.resolve("sandbox"));
        String database = "ecs_payara_it";
        PostgresRunIT.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        PostgresRunIT.execute("CREATE DATABASE " + database);

        int brokerPort = FreePort.next();
        int apiPort = FreePort.next();
        int sshPort = FreePort.next();
        EmbeddedActiveMQ broker = startBroker(root.resolve("broker"), brokerPort);
        Process sandbox = StandaloneSandbox.start(root.resolve("sandbox"), apiPort, sshPort);
        Path domains = root.resolve("domains");
        try {
            StandaloneSandbox.await(sandbox, root.resolve("sandbox"));
            AccessKey key = SandboxKeys.forInstallation(root.resolve("sandbox")).get(0);

            run(root, home, Map.of(), "asadmin", "create-domain", "--nopassword", "--portbase", String.valueOf(PORT_BASE),
                    "--domaindir", domains.toString(), DOMAIN);
            run(root, home, Map.of(), "asadmin", "start-domain", "--domaindir", domains.toString(), DOMAIN);
            System.out.printf("PayaraServerIT: domain started after %d s%n", seconds(started));

            Map<String, String> env = new HashMap<>(Map.of(
                    "ECS_DB_URL", "jdbc:postgresql://" + PostgresRunIT.SERVER + "/" + database,
                    "ECS_DB_USER", PostgresRunIT.USER,
                    "ECS_BROKER_URL", "tcp://127.0.0.1:" + brokerPort,
                    "ECS_BROKER_USER", BROKER_USER,
                    "ECS_BROKER_PASSWORD", BROKER_PASSWORD,
                    "ECS_MASTER_KEY", MASTER_KEY,
                    "ECS_DATA_DIR", root.resolve("data").toString(),
                    "ECS_EXTRA_PROPERTIES", "ecs.admin.password=" + ADMIN_PASSWORD + " ecs.provisioning.poll.bootstrap=PT2S",
                    "ASADMIN", home.resolve("bin/asadmin").toString(),
                    "ASADMIN_OPTIONS", "--port " + (PORT_BASE + 48) + " --user admin --interactive=false"));
            // A WAR deployed before the server has what it needs fails as a whole with one message naming what is
            // missing (here Payara's own resource validation names the data source) and leaves nothing deployed.
            String admin = String.valueOf(PORT_BASE + 48);
            String war = Path.of(System.getProperty("build.directory", "target"), "ecs-provisioner.war").toAbsolutePath().toString();
            Outcome bare = attempt(root, home, Map.of(), "asadmin", "--port", admin, "deploy", "--name", "ecs-provisioner", war);
            System.out.println("PayaraServerIT: the WAR deployed on a bare server:\n" + bare.output());
            assertTrue(bare.exitCode() != 0 && bare.output().contains("Lookup: [jdbc/ecs]"), bare.output());
            assertFalse(run(root, home, Map.of(), "asadmin", "--port", admin, "list-applications").contains("ecs-provisioner"));

            String setup = run(root, home, env, "bash", Path.of("server-config/payara-setup.sh").toAbsolutePath().toString(), "server");
            assertTrue(setup.contains("Application deployed with name ecs-provisioner"), setup);
            System.out.printf("PayaraServerIT: adapter and application deployed after %d s%n", seconds(started));

            URI base = URI.create("http://127.0.0.1:" + (PORT_BASE + 80) + "/");
            ConsoleClient console = new ConsoleClient(base);
            assertEquals(302, console.login("admin", ADMIN_PASSWORD).statusCode(), "sign-in over HTTP");
            try (BrowserSession browser = BrowserSession.open(base)) {
                browser.login("admin", ADMIN_PASSWORD);
                ProviderBrowserFlow flow = new ProviderBrowserFlow(browser);
                flow.addProfileFor("Standalone sandbox", "http://127.0.0.1:" + apiPort, key.id(), key.secret(), REGION,
                        "payara-key", sshPort);
                flow.deploy("on-payara-server");
            }
            Map<Long, CrashRecoveryIT.JobRow> jobs = CrashRecoveryIT.jobs(console);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((jobs.isEmpty() || jobs.values().stream().anyMatch(CrashRecoveryIT.JobRow::active)) && System.nanoTime() < end) {
                Thread.sleep(500);
                jobs = CrashRecoveryIT.jobs(console);
            }
            assertEquals(1, jobs.size(), "jobs: " + jobs);
            assertEquals("succeeded", jobs.values().iterator().next().state(), "jobs: " + jobs);
            String servers = console.get("servers.xhtml").body();
            assertTrue(servers.contains("on-payara-server") && servers.contains("active"), "the Servers page: " + servers);
            System.out.printf("PayaraServerIT: a server deployed to active through the sandbox after %d s%n", seconds(started));

            // Production without the master key: the product's own start-up check refuses the deployment, one line.
            run(root, home, Map.of(), "asadmin", "--port", admin, "delete-system-property", "ecs.master-key");
            Outcome noKey = attempt(root, home, Map.of(), "asadmin", "--port", admin, "deploy", "--force=true",
                    "--name", "ecs-provisioner", "--contextroot", "/", war);
            String log = Files.readString(domains.resolve(DOMAIN).resolve("logs/server.log"));
            assertTrue(noKey.exitCode() != 0, noKey.output());
            assertTrue(log.contains("ECS Provisioner cannot start: ecs.master-key is not set. With an external database"), log);
            assertFalse(run(root, home, Map.of(), "asadmin", "--port", admin, "list-applications").contains("ecs-provisioner"));
        } finally {
            try {
                run(root, home, Map.of(), "asadmin", "stop-domain", "--domaindir", domains.toString(), DOMAIN);
            } catch (AssertionError | IOException notRunning) {
                System.out.println("PayaraServerIT: stop-domain: " + notRunning.getMessage());
            }
            sandbox.destroy();
            if (!sandbox.waitFor(20, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            broker.stop();
            PostgresRunIT.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Artemis with the production broker.xml, its acceptor on a free loopback port, the application's user in memory. */
    private static EmbeddedActiveMQ startBroker(Path instance, int port) throws Exception {
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(
                Path.of("server-config/artemis/broker.xml").toAbsolutePath().toUri().toString());
        deployment.addDeployable(config);
        deployment.readConfiguration();
        config.setBrokerInstance(instance.toFile());
        config.getAcceptorConfigurations().clear();
        config.addAcceptorConfiguration("artemis", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP,STOMP,OPENWIRE");
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(BROKER_USER, BROKER_PASSWORD);
        users.addRole(BROKER_USER, "internal");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config)
                .setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        broker.start();
        return broker;
    }

    record Outcome(int exitCode, String output) {
    }

    /** Runs a command (asadmin from the distribution when named so), returns its output, fails with it on an error. */
    private static String run(Path root, Path home, Map<String, String> env, String... command) throws Exception {
        Outcome outcome = attempt(root, home, env, command);
        if (outcome.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + outcome.output());
        }
        return outcome.output();
    }

    private static Outcome attempt(Path root, Path home, Map<String, String> env, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(command));
        if (line.get(0).equals("asadmin")) {
            line.set(0, home.resolve("bin/asadmin").toString());
        }
        Path output = Files.createTempFile(root, "command", ".log");
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process process = builder.start();
        boolean done = process.waitFor(4, TimeUnit.MINUTES);
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 4 minutes:\n" + text);
        }
        return new Outcome(process.exitValue(), text);
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }

}

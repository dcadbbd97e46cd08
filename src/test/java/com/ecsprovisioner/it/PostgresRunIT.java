package com.ecsprovisioner.it;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.it.support.AppProcess;
import com.ecsprovisioner.it.support.ConsoleClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL as the production database by configuration alone: the product started as the Quick start does,
 * with only {@code ecs.db.url}/{@code ecs.db.user} (and the master key production requires) pointing at a new PostgreSQL database, creates its schema there,
 * lets the admin log in and reports PostgreSQL on its dashboard. Skipped, with a message, when no PostgreSQL
 * answers (CI has one on 127.0.0.1:5432).
 */
class PostgresRunIT {

    static final String SERVER = System.getenv().getOrDefault("ECS_TEST_POSTGRES_SERVER", "127.0.0.1:5432");
    static final String USER = System.getenv().getOrDefault("ECS_TEST_POSTGRES_USER", "postgres");

    @Test
    void theProductRunsOnPostgresqlByConfigurationAlone() throws Exception {
        Assumptions.assumeTrue(reachable(), "PostgreSQL run skipped: nothing answers at " + SERVER
                + " (set ECS_TEST_POSTGRES_SERVER / ECS_TEST_POSTGRES_USER to run it)");
        String database = "ecs_run_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("CREATE DATABASE " + database);
        Path data = Path.of(System.getProperty("build.directory", "target"), "postgres-run-data");
        deleteRecursively(data);
        try (AppProcess app = AppProcess.start(data, FreePort.next(), FreePort.next(), Map.of(
                "ecs.db.url", "jdbc:postgresql://" + SERVER + "/" + database,
                "ecs.db.user", USER,
                "ecs.master-key", AppProcess.TEST_MASTER_KEY,
                "ecs.admin.password", "postgres-run-admin"))) {
            app.awaitReady(Duration.ofMinutes(4));
            ConsoleClient admin = new ConsoleClient(app.base());
            assertEquals(302, admin.login("admin", "postgres-run-admin").statusCode());
            String dashboard = admin.getFollowing("").body();
            assertTrue(dashboard.contains("PostgreSQL"), "the dashboard does not report PostgreSQL");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + database, USER, "");
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM app_user WHERE username = 'admin'")) {
            rows.next();
            assertEquals(1, rows.getInt(1), "the admin user is not in the PostgreSQL database");
        } finally {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    static void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static boolean reachable() {
        try (Socket socket = new Socket()) {
            String[] hostPort = SERVER.split(":");
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            execute("SELECT 1");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

}

package com.ecsprovisioner.audit;

import com.ecsprovisioner.launch.LaunchSettings;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database itself refuses to change or delete an audit record (migration V17.1), on both supported databases:
 * H2 in the mode the product uses, and PostgreSQL when one is reachable (skipped with a message otherwise, as
 * {@code SchemaAndMappingTest} does; ECS_TEST_POSTGRES_URL / ECS_TEST_POSTGRES_USER point elsewhere). Plain JDBC, as
 * anyone with the product's database login would try it.
 */
class AppendOnlyTest {

    static final String POSTGRES_URL = System.getenv().getOrDefault("ECS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String POSTGRES_USER = System.getenv().getOrDefault("ECS_TEST_POSTGRES_USER", "postgres");

    @Test
    void h2RefusesUpdateAndDelete(@TempDir Path dir) throws SQLException {
        String url = LaunchSettings.defaultJdbcUrl(dir);
        assertTrue(Flyway.configure().dataSource(url, "ecs", "ecs").locations("classpath:db/migration").load().migrate().success);
        try (Connection c = DriverManager.getConnection(url, "ecs", "ecs")) {
            refusesEveryChange(c);
        }
        // After a restart of the database (the trigger is loaded again from the schema), still refused.
        try (Connection c = DriverManager.getConnection(url, "ecs", "ecs")) {
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        try (Connection c = DriverManager.getConnection(url, "ecs", "ecs"); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit_record"));
            // H2 has no TRUNCATE trigger; it refuses TRUNCATE of a table that has a DELETE trigger.
            assertThrows(SQLException.class, () -> s.execute("TRUNCATE TABLE audit_record"));
            assertEquals(1, count(c), "the record is still there");
        }
    }

    @Test
    void postgresqlRefusesUpdateDeleteAndTruncate() throws SQLException {
        Assumptions.assumeTrue(postgresReachable(), "PostgreSQL test skipped: nothing answers at " + POSTGRES_URL
                + " (set ECS_TEST_POSTGRES_URL / ECS_TEST_POSTGRES_USER to run it)");
        String schema = "ecs_audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            assertTrue(Flyway.configure().dataSource(POSTGRES_URL, POSTGRES_USER, "").schemas(schema).createSchemas(true)
                    .locations("classpath:db/migration").load().migrate().success);
            try (Connection c = DriverManager.getConnection(POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?")
                    + "currentSchema=" + schema, POSTGRES_USER, "")) {
                refusesEveryChange(c);
                try (Statement s = c.createStatement()) {
                    SQLException truncate = assertThrows(SQLException.class, () -> s.execute("TRUNCATE audit_record"));
                    assertTrue(truncate.getMessage().contains("append-only"), truncate.getMessage());
                }
                assertEquals(1, count(c));
            }
        } finally {
            try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** One record goes in; changing a column or deleting it (one row or all) is refused; the record is unchanged. */
    private static void refusesEveryChange(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO audit_record (id, recorded_at, actor, origin, client_address, action, subject, changes)"
                    + " VALUES (1, CURRENT_TIMESTAMP, 'alice', 'CONSOLE', '192.0.2.1', 'USER_CREATED', 'user ''bob''', 'role: ''viewer''')");
            for (String change : new String[]{"UPDATE audit_record SET actor = 'mallory' WHERE id = 1",
                    "UPDATE audit_record SET changes = ''", "DELETE FROM audit_record WHERE id = 1", "DELETE FROM audit_record"}) {
                SQLException refused = assertThrows(SQLException.class, () -> s.executeUpdate(change), change);
                assertTrue(String.valueOf(refused.getMessage()).contains("append-only"), refused.getMessage());
            }
            try (ResultSet r = s.executeQuery("SELECT actor, changes FROM audit_record WHERE id = 1")) {
                assertTrue(r.next());
                assertEquals("alice", r.getString(1));
                assertEquals("role: 'viewer'", r.getString(2));
            }
        }
        assertEquals(1, count(c));
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM audit_record")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static boolean postgresReachable() {
        try {
            String hostPort = POSTGRES_URL.replaceFirst("jdbc:postgresql://", "").split("/")[0];
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
            int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 5432;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
            }
            try (Connection ignored = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
                return true;
            }
        } catch (Exception e) {
            return false;
        }
    }
}

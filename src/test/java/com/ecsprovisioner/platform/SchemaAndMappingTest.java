package com.ecsprovisioner.platform;

import com.ecsprovisioner.launch.LaunchSettings;
import com.ecsprovisioner.security.ConsoleUser;
import com.ecsprovisioner.security.Role;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The migrations in sql/ and the entity mappings agree, on both supported databases: H2 in the mode the product
 * uses, and PostgreSQL when one is reachable (CI has one on 127.0.0.1:5432; ECS_TEST_POSTGRES_URL points elsewhere).
 */
class SchemaAndMappingTest {

    static final String POSTGRES_URL = System.getenv().getOrDefault("ECS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String POSTGRES_USER = System.getenv().getOrDefault("ECS_TEST_POSTGRES_USER", "postgres");

    @Test
    void h2(@TempDir Path dir) {
        String url = LaunchSettings.defaultJdbcUrl(dir);
        migrate(url, "ecs", "ecs", null);
        roundTrip(url, "ecs", "ecs");
    }

    @Test
    void postgresql() throws Exception {
        Assumptions.assumeTrue(postgresReachable(), "PostgreSQL test skipped: nothing answers at " + POSTGRES_URL
                + " (set ECS_TEST_POSTGRES_URL / ECS_TEST_POSTGRES_USER to run it)");
        String schema = "ecs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            migrate(POSTGRES_URL, POSTGRES_USER, "", schema);
            roundTrip(POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, POSTGRES_USER, "");
        } finally {
            try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void migrate(String url, String user, String password, String schema) {
        var config = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration");
        if (schema != null) {
            config.schemas(schema).createSchemas(true);
        }
        assertEquals(true, config.load().migrate().success);
    }

    private static void roundTrip(String url, String user, String password) {
        EntityManagerFactory factory = MigratedH2.persistenceUnit(url, user, password);
        try {
            Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
            EntityManager em = factory.createEntityManager();
            em.getTransaction().begin();
            ConsoleUser user1 = new ConsoleUser("alice", "hash", Role.ADMIN, created);
            em.persist(user1);
            em.getTransaction().commit();
            em.close();

            EntityManager reader = factory.createEntityManager();
            ConsoleUser read = reader.createNamedQuery("ConsoleUser.byName", ConsoleUser.class)
                    .setParameter("username", "alice").getSingleResult();
            assertEquals(Role.ADMIN, read.getRole());
            assertEquals(created, read.getCreatedAt());
            reader.close();

            // The schema, not only the code, refuses a second user of the same name.
            EntityManager duplicate = factory.createEntityManager();
            duplicate.getTransaction().begin();
            duplicate.persist(new ConsoleUser("alice", "hash", Role.VIEWER, created));
            assertThrows(RuntimeException.class, () -> duplicate.getTransaction().commit());
            duplicate.close();
        } finally {
            factory.close();
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

package com.ecsprovisioner.platform;

import com.ecsprovisioner.launch.LaunchSettings;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The product's embedded H2 database in a folder, brought to the current schema by the product's own migrations,
 * and the product's persistence unit opened on it outside the container (resource-local). Tests of queries and
 * mappings use it so that they run against the schema the application runs on, not one EclipseLink would generate.
 * Opening a folder again (a "restart") migrates nothing new and finds what was written. The caller closes the factory.
 */
public final class MigratedH2 {

    private MigratedH2() {
    }

    public static EntityManagerFactory open(Path folder) {
        if (!flyway(folder).migrate().success) {
            throw new IllegalStateException("The migrations failed on " + LaunchSettings.defaultJdbcUrl(folder));
        }
        return persistenceUnit(LaunchSettings.defaultJdbcUrl(folder), "ecs", "ecs");
    }

    /** Flyway with the product's migrations on the embedded H2 database in the folder, not yet run. */
    public static Flyway flyway(Path folder) {
        return Flyway.configure().dataSource(LaunchSettings.defaultJdbcUrl(folder), "ecs", "ecs")
                .locations("classpath:db/migration").load();
    }

    /**
     * The product's persistence unit, resource-local, on any database already migrated (H2 or PostgreSQL), with the
     * schema the migrations made and none EclipseLink would generate.
     */
    public static EntityManagerFactory persistenceUnit(String url, String user, String password) {
        Map<String, String> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", "");
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.user", user);
        p.put("jakarta.persistence.jdbc.password", password);
        p.put("eclipselink.logging.level", "WARNING");
        return Persistence.createEntityManagerFactory("ecs", p);
    }
}

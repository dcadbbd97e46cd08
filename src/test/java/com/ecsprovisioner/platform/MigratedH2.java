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
        String url = LaunchSettings.defaultJdbcUrl(folder);
        if (!Flyway.configure().dataSource(url, "ecs", "ecs").locations("classpath:db/migration").load().migrate().success) {
            throw new IllegalStateException("The migrations failed on " + url);
        }
        Map<String, String> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", "");
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.user", "ecs");
        p.put("jakarta.persistence.jdbc.password", "ecs");
        p.put("eclipselink.logging.level", "WARNING");
        return Persistence.createEntityManagerFactory("ecs", p);
    }
}

package com.ecsprovisioner.platform;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SchemaMigrationTest {

    @Test
    void theStartUpLineNamesTheSchemaVersionOnAFreshAndOnAnExistingDatabase(@TempDir Path folder) throws Exception {
        // Versions may have gaps while parallel branches hold the numbers between: count the scripts, not the versions.
        java.util.List<Integer> versions;
        try (var files = java.nio.file.Files.list(Path.of("sql"))) {
            versions = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .toList();
        }
        String latest = String.valueOf(versions.stream().mapToInt(Integer::intValue).max().orElseThrow());
        int scripts = versions.size();
        Flyway flyway = MigratedH2.flyway(folder);

        String fresh = SchemaMigration.summary(flyway.migrate());
        String restarted = SchemaMigration.summary(flyway.migrate());

        assertEquals("Database schema at version " + latest + " (" + scripts + " migration(s) applied now, database ecs)", fresh);
        // Nothing to apply on a restart: Flyway's result has no target version then, and the line said "null".
        assertEquals("Database schema at version " + latest + " (0 migration(s) applied now, database ecs)", restarted);
    }
}

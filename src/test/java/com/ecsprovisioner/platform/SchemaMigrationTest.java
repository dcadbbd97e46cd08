package com.ecsprovisioner.platform;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SchemaMigrationTest {

    @Test
    void theStartUpLineNamesTheSchemaVersionOnAFreshAndOnAnExistingDatabase(@TempDir Path folder) throws Exception {
        // Versions may have gaps while parallel branches hold the numbers between: count the migrations, not the
        // versions. A migration is a script in sql/ or a Java migration in db.migration (V17_1 is version 17.1).
        java.util.List<org.flywaydb.core.api.MigrationVersion> versions = new java.util.ArrayList<>();
        for (Path dir : java.util.List.of(Path.of("sql"), Path.of("src/main/java/db/migration"))) {
            if (!java.nio.file.Files.isDirectory(dir)) {
                continue;
            }
            try (var files = java.nio.file.Files.list(dir)) {
                files.map(f -> f.getFileName().toString())
                        .filter(name -> name.matches("V[\\d_]+__.*\\.(sql|java)"))
                        .map(name -> org.flywaydb.core.api.MigrationVersion.fromVersion(name.substring(1, name.indexOf("__")).replace('_', '.')))
                        .forEach(versions::add);
            }
        }
        String latest = versions.stream().max(Comparable::compareTo).orElseThrow().getVersion();
        int scripts = versions.size();
        Flyway flyway = MigratedH2.flyway(folder);

        String fresh = SchemaMigration.summary(flyway.migrate());
        String restarted = SchemaMigration.summary(flyway.migrate());

        assertEquals("Database schema at version " + latest + " (" + scripts + " migration(s) applied now, database ecs)", fresh);
        // Nothing to apply on a restart: Flyway's result has no target version then, and the line said "null".
        assertEquals("Database schema at version " + latest + " (0 migration(s) applied now, database ecs)", restarted);
    }
}

package com.ecsprovisioner.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.logging.Logger;

/**
 * Brings the database to the schema in {@code sql/} before anything else touches it. The project owns its DDL
 * (EclipseLink never generates tables outside tests), so that H2 and PostgreSQL get exactly the same, reviewed
 * schema, and an upgrade is a new numbered script rather than a guess by the ORM. It runs beside the other start-up
 * work ({@link StartupWork}); what needs the schema waits for it there ({@link #WORK}), and the web module and the
 * timers wait for all of that work ({@link StartupGate}, {@link SkipTicksUntilStarted}).
 */
@Startup
@Singleton
@DependsOn("DeploymentCheck")
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    /** This work's name in {@link StartupWork}, for the work that must follow it. */
    public static final String WORK = "the schema migration";

    @Resource(lookup = "jdbc/ecs")
    DataSource dataSource;

    @Inject
    StartupWork startup;

    @PostConstruct
    void begin() {
        startup.begin(WORK, this::migrate);
    }

    void migrate() {
        MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        LOG.info(() -> summary(result));
    }

    /** Flyway leaves the target version empty when nothing was applied; the version the schema is at is the initial one then. */
    static String summary(MigrateResult result) {
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return "Database schema at version " + (version == null ? "(none)" : version) + " (" + result.migrationsExecuted
                + " migration(s) applied now, database " + result.database + ")";
    }
}

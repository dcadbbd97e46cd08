package com.ecsprovisioner.platform;

import com.ecsprovisioner.launch.LaunchSettings;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V7 moves what the engine read back from the job's log into columns of their own. A database made by the schema
 * before it (V1 to V6), with rows as the earlier code wrote them (unfinished jobs included), must come out with the
 * same answers in the new columns as the log gave.
 */
class JobCountersMigrationTest {

    @TempDir
    Path folder;

    @Test
    void theNewColumnsAreFilledFromTheLogLinesOfJobsAlreadyInTheDatabase() throws SQLException {
        Flyway before = Flyway.configure().dataSource(LaunchSettings.defaultJdbcUrl(folder), "ecs", "ecs")
                .locations("classpath:db/migration").target("6").load();
        assertTrue(before.migrate().success);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO server (id, name, profile_id, region_id, instance_type, image_id, status, created_at,"
                    + " updated_at) VALUES (1, 'web-1', 7, 'cn-hangzhou', 'ecs.t6', 'ubuntu', 'stopping', NOW(), NOW())");
            // A stop waiting after its call was accepted (unfinished), with an internal error in its step.
            job(st, 10, "stop", "running", "STOP_INSTANCE");
            step(st, 100, 10, 0, "STOP_INSTANCE", "waiting");
            log(st, 1000, 10, "STOP_INSTANCE", "INFO", "Stop the instance");
            log(st, 1001, 10, "STOP_INSTANCE", "INFO", "Cloud accepted: StopInstance i-1");
            log(st, 1002, 10, "STOP_INSTANCE", "ERROR", "Internal error: NullPointerException; tried again in 60 s");
            // A deletion that looked its tagged instances up, and a network step that made no call yet.
            job(st, 11, "delete", "running", "DELETE_INSTANCE");
            step(st, 110, 11, 0, "DELETE_INSTANCE", "waiting");
            step(st, 111, 11, 1, "DELETE_NETWORK", "pending");
            log(st, 1100, 11, "DELETE_INSTANCE", "INFO", "Instances tagged with server 1: i-1");
            // A deployment rolling back after two retries, one internal error in the rollback, and an error of a
            // step that was not ours to count elsewhere.
            job(st, 12, "deploy", "rolling_back", "INSTANCE");
            step(st, 120, 12, 0, "INSTANCE", "failed");
            log(st, 1200, 12, "INSTANCE", "ERROR", "Internal error: IllegalStateException; tried again in 60 s");
            log(st, 1201, 12, "INSTANCE", "ERROR", "Internal error: IllegalStateException; tried again in 60 s");
            log(st, 1202, 12, null, "WARN", "Rollback: busy [CONFLICT]; trying again at 2026-01-01T00:00:00Z");
            log(st, 1203, 12, null, "WARN", "Rollback: busy [CONFLICT]; trying again at 2026-01-01T00:01:00Z");
            log(st, 1204, 12, null, "ERROR", "Internal error: NullPointerException; tried again in 60 s");
        }

        assertTrue(MigratedH2.flyway(folder).migrate().success);

        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertTrue(bool(st, "SELECT call_made FROM job_step WHERE id = 100"), "the stop's call was accepted");
            assertEquals(1, number(st, "SELECT internal_errors FROM job_step WHERE id = 100"));
            assertTrue(bool(st, "SELECT call_made FROM job_step WHERE id = 110"), "the tagged instances were looked up");
            assertFalse(bool(st, "SELECT call_made FROM job_step WHERE id = 111"));
            assertEquals(0, number(st, "SELECT internal_errors FROM job_step WHERE id = 110"));
            assertEquals(2, number(st, "SELECT internal_errors FROM job_step WHERE id = 120"));
            assertEquals(1, number(st, "SELECT rollback_internal_errors FROM provisioning_job WHERE id = 12"));
            assertEquals(2, number(st, "SELECT rollback_retries FROM provisioning_job WHERE id = 12"));
            assertEquals(0, number(st, "SELECT rollback_retries FROM provisioning_job WHERE id = 10"));
            assertEquals(0, number(st, "SELECT rollback_internal_errors FROM provisioning_job WHERE id = 10"));
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(LaunchSettings.defaultJdbcUrl(folder), "ecs", "ecs");
    }

    private static void job(Statement st, long id, String kind, String state, String currentStep) throws SQLException {
        st.executeUpdate("INSERT INTO provisioning_job (id, server_id, profile_id, kind, state, current_step, region_id,"
                + " server_name, instance_type, image_id, disk_size_gib, bandwidth_out_mbps, ssh_port, created_at, updated_at)"
                + " VALUES (" + id + ", 1, 7, '" + kind + "', '" + state + "', '" + currentStep + "', 'cn-hangzhou', 'web-1',"
                + " 'ecs.t6', 'ubuntu', 40, 5, 22, NOW(), NOW())");
    }

    private static void step(Statement st, long id, long job, int order, String name, String status) throws SQLException {
        st.executeUpdate("INSERT INTO job_step (id, job_id, step_order, name, status, attempts) VALUES (" + id + ", " + job
                + ", " + order + ", '" + name + "', '" + status + "', 1)");
    }

    private static void log(Statement st, long id, long job, String step, String level, String message) throws SQLException {
        st.executeUpdate("INSERT INTO job_log (id, job_id, logged_at, step, log_level, message) VALUES (" + id + ", " + job
                + ", NOW(), " + (step == null ? "NULL" : "'" + step + "'") + ", '" + level + "', '" + message + "')");
    }

    private static boolean bool(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getBoolean(1);
        }
    }

    private static long number(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }
}

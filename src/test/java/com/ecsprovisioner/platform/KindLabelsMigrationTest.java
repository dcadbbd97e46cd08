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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V11 takes the list of job kinds out of the schema and keeps on each job the labels of its kind and steps. A
 * database made by the schema before it (V1 to V10), with jobs of every shape, must come out with the labels the
 * console showed for them, and must then take a job of a kind it has never heard of.
 */
class KindLabelsMigrationTest {

    @TempDir
    Path folder;

    @Test
    void existingJobsGetTheirLabelsAndAnyKindCanBeStoredAfterwards() throws SQLException {
        Flyway before = Flyway.configure().dataSource(LaunchSettings.defaultJdbcUrl(folder), "ecs", "ecs")
                .locations("classpath:db/migration").target("10").load();
        assertTrue(before.migrate().success);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO server (id, name, profile_id, region_id, instance_type, image_id, status, created_at,"
                    + " updated_at) VALUES (1, 'web-1', 7, 'cn-hangzhou', 'ecs.t6', 'ubuntu', 'active', NOW(), NOW())");
            // A deployment (unfinished), a bootstrap alone (the deployment's kind with its last step only), a hard reboot.
            job(st, 10, "deploy", "running", "VPC");
            step(st, 100, 10, 0, "ZONE", "done");
            step(st, 101, 10, 1, "VPC", "waiting");
            job(st, 11, "deploy", "succeeded", "BOOTSTRAP");
            step(st, 110, 11, 0, "BOOTSTRAP", "done");
            job(st, 12, "hard_reboot", "failed", "REBOOT_INSTANCE");
            step(st, 120, 12, 0, "REBOOT_INSTANCE", "failed");
        }

        assertTrue(MigratedH2.flyway(folder).migrate().success);

        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertEquals("Deployment", text(st, "SELECT kind_label FROM provisioning_job WHERE id = 10"));
            assertEquals("Bootstrap", text(st, "SELECT kind_label FROM provisioning_job WHERE id = 11"));
            assertEquals("Hard reboot", text(st, "SELECT kind_label FROM provisioning_job WHERE id = 12"));
            assertEquals("Choose the zone", text(st, "SELECT label FROM job_step WHERE id = 100"));
            assertEquals("Create or find the VPC", text(st, "SELECT label FROM job_step WHERE id = 101"));
            assertEquals("Bootstrap the server", text(st, "SELECT label FROM job_step WHERE id = 110"));
            assertEquals("Reboot the instance through the API", text(st, "SELECT label FROM job_step WHERE id = 120"));
            // No list of kinds any more: a feature's new kind (or one no handler declares now) is stored as it is.
            job(st, 13, "archive", "queued", "PACK");
            step(st, 130, 13, 0, "PACK", "pending");
            assertEquals("archive", text(st, "SELECT kind FROM provisioning_job WHERE id = 13"));
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(LaunchSettings.defaultJdbcUrl(folder), "ecs", "ecs");
    }

    private static void job(Statement st, long id, String kind, String state, String currentStep) throws SQLException {
        st.executeUpdate("INSERT INTO provisioning_job (id, server_id, profile_id, kind, state, current_step, region_id,"
                + " server_name, instance_type, image_id, disk_size_gib, bandwidth_out_mbps, ssh_port, requested_by, created_at,"
                + " updated_at) VALUES (" + id + ", 1, 7, '" + kind + "', '" + state + "', '" + currentStep + "', 'cn-hangzhou',"
                + " 'web-1', 'ecs.t6', 'ubuntu', 40, 5, 22, 'admin', NOW(), NOW())");
    }

    private static void step(Statement st, long id, long job, int order, String name, String status) throws SQLException {
        st.executeUpdate("INSERT INTO job_step (id, job_id, step_order, name, status, attempts) VALUES (" + id + ", " + job
                + ", " + order + ", '" + name + "', '" + status + "', 1)");
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}

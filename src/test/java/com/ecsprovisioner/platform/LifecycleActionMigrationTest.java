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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V25 moves a lifecycle action's details out of the engine's job table into {@code lifecycle_action}. A database made
 * by the schema before it (V1 to V24), with lifecycle jobs finished and unfinished and a deployment beside them, must
 * come out with each lifecycle job's values in the new table, none for the deployment, and the old columns gone.
 */
class LifecycleActionMigrationTest {

    @TempDir
    Path folder;

    @Test
    void eachLifecycleJobKeepsItsDetailsInTheLifecyclesOwnTable() throws SQLException {
        Flyway before = Flyway.configure().dataSource(LaunchSettings.defaultJdbcUrl(folder), "ecs", "ecs")
                .locations("classpath:db/migration").target("24").load();
        assertTrue(before.migrate().success);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO server (id, name, profile_id, region_id, instance_type, image_id, status, created_at,"
                    + " updated_at) VALUES (1, 'web-1', 7, 'cn-hangzhou', 'ecs.t6', 'ubuntu', 'active', NOW(), NOW())");
            job(st, 10, "snapshot", "succeeded", "'nightly'", "'s-1'", "NULL", false);
            // A soft reboot waiting for the OS to come back, and a resize that starts its instance again.
            job(st, 11, "reboot", "running", "NULL", "NULL", "'boot-a'", false);
            job(st, 12, "resize", "running", "NULL", "NULL", "NULL", true);
            job(st, 13, "deploy", "succeeded", "NULL", "NULL", "NULL", false);
        }

        assertTrue(MigratedH2.flyway(folder).migrate().success);

        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertEquals("nightly", text(st, "SELECT snapshot_name FROM lifecycle_action WHERE job_id = 10"));
            assertEquals("s-1", text(st, "SELECT snapshot_id FROM lifecycle_action WHERE job_id = 10"));
            assertEquals("boot-a", text(st, "SELECT os_boot_id FROM lifecycle_action WHERE job_id = 11"));
            assertNull(text(st, "SELECT snapshot_name FROM lifecycle_action WHERE job_id = 11"));
            assertEquals("TRUE", text(st, "SELECT start_after FROM lifecycle_action WHERE job_id = 12").toUpperCase());
            assertEquals("FALSE", text(st, "SELECT start_after FROM lifecycle_action WHERE job_id = 11").toUpperCase());
            assertEquals("0", text(st, "SELECT COUNT(*) FROM lifecycle_action WHERE job_id = 13"), "a deployment has no action");
            try (ResultSet rs = c.getMetaData().getColumns(null, null, "PROVISIONING_JOB", null)) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME").toLowerCase();
                    assertFalse(column.equals("snapshot_name") || column.equals("snapshot_id") || column.equals("os_boot_id")
                            || column.equals("start_after"), column + " left the job table");
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(LaunchSettings.defaultJdbcUrl(folder), "ecs", "ecs");
    }

    private static void job(Statement st, long id, String kind, String state, String snapshotName, String snapshotId,
                            String osBootId, boolean startAfter) throws SQLException {
        st.executeUpdate("INSERT INTO provisioning_job (id, server_id, profile_id, kind, state, current_step, region_id,"
                + " server_name, instance_type, image_id, disk_size_gib, bandwidth_out_mbps, ssh_port, created_at, updated_at,"
                + " snapshot_name, snapshot_id, os_boot_id, start_after)"
                + " VALUES (" + id + ", 1, 7, '" + kind + "', '" + state + "', 'STEP', 'cn-hangzhou', 'web-1',"
                + " 'ecs.t6', 'ubuntu', 40, 5, 22, NOW(), NOW(), " + snapshotName + ", " + snapshotId + ", " + osBootId + ", "
                + startAfter + ")");
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}

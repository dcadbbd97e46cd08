package com.ecsprovisioner.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A commit to the embedded database, once it has returned, survives SIGKILL of the process that made it. The
 * engine depends on it: a create call's client token is committed before the call, and a token lost to a kill
 * means a second resource on the next attempt. A child JVM commits rows one by one on the launcher's JDBC URL and
 * reports each commit; it is killed right after a report, and every reported row must be in the database.
 * With H2's default WRITE_DELAY (500 ms) the last reported rows are gone.
 */
class H2KillDurabilityTest {

    private static final int KILL_AFTER = 300;

    @Test
    void commitsThatReturnedSurviveSigkill(@TempDir Path dir) throws Exception {
        Properties props = new Properties();
        props.setProperty(LaunchSettings.DATA_DIR, dir.toString());
        String url = LaunchSettings.resolve(props, Map.of()).jdbcUrl();

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Committer.class.getName(), url)
                .redirectErrorStream(true).start();
        long lastReported = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    lastReported = Long.parseLong(line.substring("committed ".length()));
                    if (lastReported >= KILL_AFTER) {
                        child.destroyForcibly();
                        break;
                    }
                } else {
                    output.append(line).append('\n');
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child did not die");
        }
        assertTrue(lastReported >= KILL_AFTER, "the child stopped early: " + output);

        try (Connection c = DriverManager.getConnection(url, "ecs", "ecs");
             Statement st = c.createStatement()) {
            long stored = -1;
            try (ResultSet table = st.executeQuery("select count(*) from information_schema.tables where lower(table_name) = 'durability_probe'")) {
                table.next();
                if (table.getInt(1) == 1) {
                    try (ResultSet rs = st.executeQuery("select coalesce(max(n), -1) from durability_probe")) {
                        rs.next();
                        stored = rs.getLong(1);
                    }
                }
            }
            assertTrue(stored >= lastReported, "row " + lastReported + " was committed before the kill, the database has rows up to "
                    + stored + " only (" + url + ")");
        }
    }

    @Test
    void anH2UrlGetsWriteDelayZeroUnlessItSaysOtherwise() {
        assertTrue(LaunchSettings.durable("jdbc:h2:file:/x/db;MODE=PostgreSQL").endsWith(";WRITE_DELAY=0"));
        for (String kept : List.of("jdbc:h2:file:/x/db;write_delay=100", "jdbc:postgresql://db/ecs")) {
            assertEquals(kept, LaunchSettings.durable(kept));
        }
    }

    /** The child: commits rows 0, 1, 2... each in its own transaction, printing each once its commit has returned. */
    public static final class Committer {
        public static void main(String[] args) throws Exception {
            try (Connection c = DriverManager.getConnection(args[0], "ecs", "ecs")) {
                try (Statement st = c.createStatement()) {
                    st.execute("create table durability_probe (n bigint primary key, filler varchar(200))");
                }
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("insert into durability_probe values (?, ?)")) {
                    for (long n = 0; ; n++) {
                        insert.setLong(1, n);
                        insert.setString(2, "x".repeat(200));
                        insert.executeUpdate();
                        c.commit();
                        System.out.println("committed " + n);
                        System.out.flush();
                    }
                }
            }
        }
    }
}

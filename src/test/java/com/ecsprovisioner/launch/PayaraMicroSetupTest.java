package com.ecsprovisioner.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start command {@code server-config/payara-setup.sh micro} prints for a plain Payara Micro (README, Deploying on
 * an application server, step 6): one node starts no data grid; several nodes get the same data grid options the
 * launcher gives them ({@link ListenSettings#dataGridOptions()}), their deployment's cluster name included.
 */
class PayaraMicroSetupTest {

    @TempDir
    Path dir;

    private Map<String, String> settings() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ECS_DB_URL", "jdbc:postgresql://db.internal:5432/ecs");
        env.put("ECS_BROKER_URL", "tcp://mq.internal:61616");
        env.put("ECS_BROKER_USER", "ecs-app");
        env.put("ECS_BROKER_PASSWORD", "broker-secret");
        env.put("ECS_MASTER_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        for (String file : List.of("ECS_RAR", "ECS_WAR", "ECS_JDBC_DRIVER")) {
            env.put(file, Files.createFile(dir.resolve(file.toLowerCase())).toString());
        }
        return env;
    }

    private static String[] run(Map<String, String> env, Path folder) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "server-config/payara-setup.sh", "micro", folder.toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("ECS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new String[]{String.valueOf(process.exitValue()), output};
    }

    @Test
    void oneNodeStartsNoDataGrid() throws Exception {
        String[] result = run(settings(), dir.resolve("one"));
        assertEquals("0", result[0], result[1]);
        assertTrue(result[1].contains("-jar payara-micro.jar --nohazelcast --addlibs"), result[1]);
    }

    @Test
    void eachNodeOfSeveralJoinsItsDeploymentsClusterOnlyOnTheNamedInterfaces() throws Exception {
        Map<String, String> env = settings();
        env.put("ECS_CLUSTER_INTERFACES", "10.0.1.5");
        env.put("ECS_CLUSTER_MEMBERS", "10.0.1.5:5900,10.0.1.6:5900");
        env.put("ECS_CLUSTER_PORT", "5900");
        env.put("ECS_NODE_NAME", "node-a");
        env.put("ECS_CLUSTER_NAME", "ecs-prod-eu1");
        String[] result = run(env, dir.resolve("a"));
        assertEquals("0", result[0], result[1]);
        String expected = "-jar payara-micro.jar " + String.join(" ", List.of("--name", "node-a"))
                + " " + String.join(" ", ListenSettings.resolve(new java.util.Properties(), env, 8080).dataGridOptions());
        assertTrue(result[1].contains(expected + " --addlibs"), "expected " + expected + " in:\n" + result[1]);
        assertFalse(result[1].contains("--nocluster") || result[1].contains("--nohazelcast"), result[1]);

        env.remove("ECS_CLUSTER_NAME");
        result = run(env, dir.resolve("b"));
        assertEquals("2", result[0], result[1]);
        assertTrue(result[1].contains("ECS_CLUSTER_NAME is not set"), result[1]);
        assertFalse(Files.exists(dir.resolve("b").resolve("postboot.asadmin")), "nothing written for a refused setting");
    }
}

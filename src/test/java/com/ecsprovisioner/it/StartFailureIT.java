package com.ecsprovisioner.it;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.it.support.AppProcess;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that cannot work ends, and says so in one line, instead of leaving a server running without the
 * application (Payara logs a failed deployment and runs on).
 */
class StartFailureIT {

    @Test
    void aDatabaseThatDoesNotAnswerStopsTheStartWithALineThatSaysSo() throws Exception {
        int closedPort = FreePort.next();
        Path data = Path.of(System.getProperty("build.directory", "target"), "start-failure-data");
        int http = FreePort.next();
        try (AppProcess app = AppProcess.start(data, http, FreePort.next(), Map.of(
                "ecs.db.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/nothing",
                "ecs.db.user", "nobody", "ecs.master-key", AppProcess.TEST_MASTER_KEY))) {
            int status = app.awaitExit(Duration.ofMinutes(4));

            String log = app.logText();
            assertEquals(1, status, app.tail());
            assertTrue(log.contains("ECS Provisioner did not start: the application is not running on port " + http), app.tail());
            // The cause is in the log for the person who reads on.
            assertTrue(log.contains("127.0.0.1:" + closedPort + " refused"), app.tail());
            assertFalse(log.contains("ECS Provisioner ready in"), app.tail());
        }
    }

    /**
     * The sandbox, the broker, the migration and the first admin start side by side (StartupWork); one of them
     * failing must still fail the deployment with its own message, not leave a console running without it.
     */
    @Test
    void aSandboxApiPortInUseStopsTheStartWithTheSandboxsOwnMessage() throws Exception {
        Path data = Path.of(System.getProperty("build.directory", "target"), "start-failure-sandbox-port");
        int http = FreePort.next();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             AppProcess app = AppProcess.start(data, http, FreePort.next(), Map.of(
                     "ecs.sandbox.port", String.valueOf(taken.getLocalPort())))) {
            int status = app.awaitExit(Duration.ofMinutes(4));

            String log = app.logText();
            assertEquals(1, status, app.tail());
            assertTrue(log.contains("ECS Provisioner cannot start: Cannot start the sandbox cloud API on 127.0.0.1:"
                    + taken.getLocalPort() + ": "), app.tail());
            assertTrue(log.contains("ECS Provisioner did not start: the application is not running on port " + http), app.tail());
            assertFalse(log.contains("ECS Provisioner ready in"), app.tail());
        }
    }

    @Test
    void productionWithoutAMasterKeyIsRefusedBeforeAnythingStarts() throws Exception {
        Path data = Path.of(System.getProperty("build.directory", "target"), "start-failure-no-key");
        try (AppProcess app = AppProcess.start(data, FreePort.next(), FreePort.next(), Map.of(
                "ecs.db.url", "jdbc:postgresql://127.0.0.1:" + FreePort.next() + "/ecs",
                "ecs.db.user", "ecs"))) {
            int status = app.awaitExit(Duration.ofSeconds(60));

            assertEquals(2, status, app.tail());
            assertTrue(app.logText().contains("ECS Provisioner cannot start: ecs.master-key is not set. With an external database"),
                    app.tail());
            assertFalse(java.nio.file.Files.exists(data.resolve("master.key")), "no key may be generated in production");
        }
    }
}

package com.ecsprovisioner.launch;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.it.support.AppProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {

    @Test
    void theSandboxRunsOnlyWhenTheQuickStartAsksForItAndAnExplicitSettingWins() {
        java.util.Properties none = new java.util.Properties();
        assertFalse(Launcher.turnSandboxOn(List.of("target"), none, java.util.Map.of()));
        assertTrue(Launcher.turnSandboxOn(List.of("target", "--sandbox"), none, java.util.Map.of()));
        assertFalse(Launcher.turnSandboxOn(List.of("target", "--sandbox"), none, java.util.Map.of("ECS_SANDBOX_ENABLED", "false")));
        java.util.Properties off = new java.util.Properties();
        off.setProperty("ecs.sandbox.enabled", "false");
        assertFalse(Launcher.turnSandboxOn(List.of("target", "--sandbox"), off, java.util.Map.of()));
    }

    @Test
    void aTakenHttpPortStopsTheStartAtOnceWithTheReason(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            assertFalse(Launcher.portFree(port));

            Process launcher = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "-Decs.http.port=" + port, "-Decs.data.dir=" + data,
                    Launcher.class.getName(), data.resolve("no-build-here").toString()))
                    .redirectErrorStream(true).start();
            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher did not stop");
            String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertEquals(2, launcher.exitValue(), output);
            assertTrue(output.contains("port " + port + " is already in use"), output);
            assertTrue(output.contains("ECS_HTTP_PORT"), output);
        }
    }

    @Test
    void aFreePortIsFree() throws Exception {
        assertTrue(Launcher.portFree(FreePort.next()));
    }
}

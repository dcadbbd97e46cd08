package com.ecsprovisioner.it.support;

import com.ecsprovisioner.sandbox.SandboxMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone sandbox as a process of its own on this test JVM's class path, so that the product can be killed
 * and restarted around it. Its waits are short but not zero, so that a kill lands inside the engine's waits for the
 * cloud, and the simulated bootstrap scripts run at a hundredth of their realistic duration: seconds, not minutes.
 */
public final class StandaloneSandbox {

    private StandaloneSandbox() {
    }

    /** Starts it in {@code dir} (its data and {@code sandbox.log}); {@code options} are more {@code -D} settings. */
    public static Process start(Path dir, int apiPort, int sshPort, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Decs.sandbox.port=" + apiPort,
                "-Decs.sandbox.ssh.port=" + sshPort,
                "-Decs.sandbox.data-dir=" + dir,
                "-Decs.sandbox.duration.vpc-pending=PT1S",
                "-Decs.sandbox.duration.vswitch-pending=PT1S",
                "-Decs.sandbox.duration.instance-pending=PT2S",
                "-Decs.sandbox.duration.instance-starting=PT2S",
                "-Decs.sandbox.duration.release=PT1S",
                "-Decs.sandbox.ssh.stepDurationScale=0.01"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SandboxMain.class.getName()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(dir).toFile()).start();
    }

    /** Waits until the sandbox started in {@code dir} says it listens; fails with its log if it exits or takes 30 s. */
    public static void await(Process sandbox, Path dir) throws Exception {
        Path log = log(dir);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("Point the SDK at it")) {
                return;
            }
            if (!sandbox.isAlive()) {
                throw new IllegalStateException("The standalone sandbox exited with " + sandbox.exitValue() + ":\n" + text);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The standalone sandbox did not start within 30 s:\n" + Files.readString(log));
    }

    private static Path log(Path dir) {
        return dir.resolve("sandbox.log");
    }
}

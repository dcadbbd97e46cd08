package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real ecs-agent.sh, locally, on a harmless stand-in for main.sh that waits for the test's signal,
 * through the exact commands {@link BootstrapAgent} builds for the SSH side.
 */
class EcsAgentScriptTest {

    @TempDir
    Path dir;

    private ScriptRun agent(String command) throws Exception {
        return ScriptRun.run(dir, List.of("bash", "-c", command));
    }

    private void standInMain(String body) throws Exception {
        ScriptRun.copyScript(BootstrapScripts.AGENT, dir);
        Files.writeString(dir.resolve(BootstrapScripts.MAIN), body, StandardCharsets.UTF_8);
    }

    private String waitForState(String expected) throws Exception {
        String state = "";
        for (int i = 0; i < 200; i++) {
            state = agent(BootstrapAgent.statusCommand(dir.toString())).stdout().strip();
            if (state.equals(expected)) {
                return state;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("agent never reported '" + expected + "', last: '" + state + "'");
    }

    @Test
    void startsDetachedReportsRunningThenTheExitCodeAndServesTheLogByOffset() throws Exception {
        standInMain("""
                echo "first line"
                # Gives up after about 10 s, so that a failed test leaves no process behind.
                for _ in $(seq 200); do [ -e go ] && break; sleep 0.05; done
                echo "second line ✓" >&2
                exit 7
                """);
        String d = dir.toString();
        assertEquals("not-started\n", agent(BootstrapAgent.statusCommand(d)).stdout());

        // start returns at once although main.sh is still waiting: nothing holds the SSH channel open.
        ScriptRun start = agent(BootstrapAgent.startCommand(d));
        assertEquals(0, start.exitCode(), start.stderr());
        assertEquals(new BootstrapAgent.State.Running(true), BootstrapAgent.parseReply(start.stdout()));
        assertEquals("running\n", agent(BootstrapAgent.statusCommand(d)).stdout());
        assertEquals("already-running\n", agent(BootstrapAgent.startCommand(d)).stdout());

        Files.createFile(dir.resolve("go"));
        waitForState("finished 7");
        assertEquals(new BootstrapAgent.State.Finished(7), BootstrapAgent.parseReply("finished 7"));
        assertEquals("already-finished 7\n", agent(BootstrapAgent.startCommand(d)).stdout());

        String log = "first line\nsecond line ✓\n";
        assertEquals(log, agent(BootstrapAgent.logCommand(d, 0)).stdout());
        assertEquals("second line ✓\n", agent(BootstrapAgent.logCommand(d, "first line\n".length())).stdout());
        assertEquals("", agent(BootstrapAgent.logCommand(d, log.getBytes(StandardCharsets.UTF_8).length)).stdout());
        assertEquals("", agent(BootstrapAgent.logCommand(d, 1_000_000)).stdout());
        assertEquals("7\n", Files.readString(dir.resolve("bootstrap.exit")));
    }

    @Test
    void aRunnerThatVanishedWithoutAnExitCodeIsReportedFinishedNotRunningForever() throws Exception {
        standInMain("exit 0\n");
        // A pid that cannot be a live ecs-agent runner (pid_max is below 2^22 on Linux).
        Files.writeString(dir.resolve("bootstrap.pid"), "4194303\n");
        assertEquals("finished 255\n", agent(BootstrapAgent.statusCommand(dir.toString())).stdout());
        assertTrue(Files.readString(dir.resolve("bootstrap.log")).contains("stopped without an exit code"));
    }

    @Test
    void badArgumentsAreRefusedWithAMessage() throws Exception {
        standInMain("exit 0\n");
        Path agentScript = dir.resolve(BootstrapScripts.AGENT);
        ScriptRun missing = agent("bash " + agentScript + " start " + dir + " nothere.sh");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.stderr().contains("nothere.sh"), missing.stderr());
        ScriptRun badOffset = agent("bash " + agentScript + " log " + dir + " -5");
        assertEquals(2, badOffset.exitCode());
        assertTrue(badOffset.stderr().contains("-5"), badOffset.stderr());
        ScriptRun noDir = agent("bash " + agentScript + " status " + dir.resolve("absent"));
        assertEquals(2, noDir.exitCode());
        assertTrue(noDir.stderr().contains("absent"), noDir.stderr());
    }

    @Test
    void repliesOutsideTheContractAreRejected() {
        assertEquals(new BootstrapAgent.State.NotStarted(), BootstrapAgent.parseReply("not-started\n"));
        assertEquals(new BootstrapAgent.State.Running(false), BootstrapAgent.parseReply("already-running"));
        assertEquals(new BootstrapAgent.State.Finished(0), BootstrapAgent.parseReply("already-finished 0"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> BootstrapAgent.parseReply("bash: not found"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> BootstrapAgent.logCommand("/root/x", -1));
    }

    @Test
    void commandsQuoteTheDirectory() {
        assertEquals("bash '/root/it'\\''s/ecs-agent.sh' start '/root/it'\\''s' main.sh", BootstrapAgent.startCommand("/root/it's"));
        assertEquals("bash '/root/ecs-bootstrap/ecs-agent.sh' log '/root/ecs-bootstrap/' 42", BootstrapAgent.logCommand("/root/ecs-bootstrap/", 42));
    }
}

package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.bootstrap.ProgressEvent.Output;
import com.ecsprovisioner.bootstrap.ProgressEvent.ResultFailed;
import com.ecsprovisioner.bootstrap.ProgressEvent.ResultSucceeded;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepFailed;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepStarted;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepSucceeded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real lib.sh (the step framework; it installs nothing) under small stand-in scripts and parses what
 * they print with the product's own parser: the markers lib.sh writes and the grammar Java reads must agree.
 */
class StepFrameworkTest {

    @TempDir
    Path dir;

    private List<ProgressEvent> run(String body, int expectedExit) throws Exception {
        ScriptRun.copyScript("lib.sh", dir);
        Files.writeString(dir.resolve("test.sh"), "source ./lib.sh\necs_install_error_trap\n" + body, StandardCharsets.UTF_8);
        // One stream, as in the real log, so that output and markers keep their order.
        ScriptRun run = ScriptRun.run(dir, List.of("bash", "-c", "exec bash test.sh 2>&1"));
        assertEquals(expectedExit, run.exitCode(), run.stdout() + run.stderr());
        LogFollower follower = new LogFollower(SecretMasker.patternsOnly(), 0);
        List<ProgressEvent> events = new ArrayList<>(follower.accept(run.stdout().getBytes(StandardCharsets.UTF_8)));
        events.addAll(follower.finish());
        return events;
    }

    private static List<ProgressEvent> withoutElapsed(List<ProgressEvent> events) {
        return events.stream().map(e -> e instanceof StepSucceeded s ? new StepSucceeded(s.stepId(), 0) : e).toList();
    }

    /**
     * Found by RealBootstrapIT on a real Debian 12: "sshd -T | grep -qx ..." under pipefail failed whenever sshd was
     * still writing when grep had found its line. The stand-in writes the line first and then far more than a pipe
     * holds, so the piped form fails every time, and the helper must not.
     */
    @Test
    void aLineIsFoundInLongOutputWithoutSigpipeFailures() throws Exception {
        List<ProgressEvent> events = run("""
                chatty() { echo "passwordauthentication no"; head -c 300000 /dev/zero | tr '\\0' 'x'; echo; }
                failing() { echo "passwordauthentication no"; return 3; }
                if chatty | grep -qx 'passwordauthentication no'; then echo "piped: found"; else echo "piped: exit $?"; fi
                if ecs_output_has_line '^passwordauthentication no$' chatty; then echo "helper: found"; fi
                if ! ecs_output_has_line '^passwordauthentication yes$' chatty; then echo "helper: absent"; fi
                if ! ecs_output_has_line '^passwordauthentication no$' failing; then echo "helper: command failed"; fi
                """, 0);
        assertEquals(List.of(new Output("piped: exit 141"), new Output("helper: found"), new Output("helper: absent"),
                new Output("helper: command failed")), events);
    }

    @Test
    void stepsThatSucceedAreAnnouncedAndTimed() throws Exception {
        List<ProgressEvent> events = run("""
                greet() { echo "hello $1"; }
                ecs_step one "First step" greet world
                ecs_step two-b "Second step" true
                ecs_marker "version demo 1.2.3"
                ecs_marker "result ok"
                """, 0);
        assertEquals(List.of(new StepStarted("one", "First step"), new Output("hello world"), new StepSucceeded("one", 0),
                new StepStarted("two-b", "Second step"), new StepSucceeded("two-b", 0),
                new ProgressEvent.ComponentVersion("demo", "1.2.3"), new ResultSucceeded()), withoutElapsed(events));
    }

    @Test
    void aFailingCommandStopsTheScriptAtItsStepNamingTheCommand() throws Exception {
        List<ProgressEvent> events = run("""
                broken() { echo before; ls /definitely/not/here; echo never; }
                ecs_step first "Fine" true
                ecs_step second "Breaks" broken
                ecs_step third "Never runs" true
                """, 2);
        assertTrue(events.contains(new StepStarted("second", "Breaks")));
        assertTrue(events.contains(new StepFailed("second", 2, "command failed (exit 2): ls /definitely/not/here")), events.toString());
        assertEquals(new ResultFailed("second", 2), events.get(events.size() - 1));
        assertFalse(events.contains(new Output("never")));
        assertFalse(events.stream().anyMatch(e -> e instanceof StepStarted s && s.stepId().equals("third")));
    }

    @Test
    void aFailureInsideACommandSubstitutionIsReportedOnce() throws Exception {
        List<ProgressEvent> events = run("""
                inner() { local x; x="$(false)"; echo "$x"; }
                ecs_step sub "Substitution" inner
                """, 1);
        assertEquals(1, events.stream().filter(e -> e instanceof StepFailed).count(), events.toString());
        assertEquals(1, events.stream().filter(e -> e instanceof ResultFailed).count(), events.toString());
    }

    @Test
    void ecsFailEndsWithAMessageForAPersonAndItsCode() throws Exception {
        List<ProgressEvent> events = run("""
                check() { ecs_fail "PHP 9.9 is not offered; choose another (profile setting phpVersion)" 7; }
                ecs_step php "PHP" check
                """, 7);
        assertTrue(events.contains(new StepFailed("php", 7, "PHP 9.9 is not offered; choose another (profile setting phpVersion)")));
        assertEquals(new ResultFailed("php", 7), events.get(events.size() - 1));
    }

    @Test
    void aFailedDownloadNamesTheSourceAndTheSetting() throws Exception {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        List<ProgressEvent> events = run("""
                fetch() { ecs_download "http://127.0.0.1:1/wp-cli.phar" "$PWD/wp.phar" "WP-CLI" "'WP-CLI download URLs' (ECS_WP_CLI_URLS)"; }
                ecs_step wp-cli "WP-CLI" fetch
                """, 7);
        StepFailed failed = (StepFailed) events.stream().filter(e -> e instanceof StepFailed).findFirst().orElseThrow();
        assertEquals("wp-cli", failed.stepId());
        assertTrue(failed.message().contains("http://127.0.0.1:1/wp-cli.phar"), failed.message());
        assertTrue(failed.message().contains("'WP-CLI download URLs' (ECS_WP_CLI_URLS)"), failed.message());
    }

    @Test
    void installFileChangesNothingTheSecondTime() throws Exception {
        List<ProgressEvent> events = run("""
                target="$PWD/etc/demo.conf"
                write() { ecs_install_file "$target" 0640 <<<'key = value'; echo "changed=$ECS_CHANGED mode=$(stat -c %a "$target")"; }
                ecs_step first "Write" write
                ecs_step second "Write again" write
                """, 0);
        List<String> lines = events.stream().filter(e -> e instanceof Output).map(e -> ((Output) e).line())
                .filter(l -> l.startsWith("changed=")).toList();
        assertEquals(List.of("changed=1 mode=640", "changed=0 mode=640"), lines);
    }

    @Test
    void everyMarkerTheShippedScriptsCanPrintFollowsTheGrammar() {
        // The marker lines written literally in the scripts, with every expansion filled in as "1" (a valid id, code,
        // number and word alike).
        BootstrapScripts scripts = BootstrapScripts.load();
        var marker = Pattern.compile("ecs_marker \"([^\"]*)\"");
        int checked = 0;
        for (String file : BootstrapScripts.FILES) {
            var m = marker.matcher(scripts.text(file).orElseThrow());
            while (m.find()) {
                String line = "@@ecs " + m.group(1).replaceAll("\\$\\([^)]*\\)+", "1").replaceAll("\\$\\w+|\\$\\{[^}]*}", "1");
                ProgressEvent event = ProgressMarkerParser.parse(line);
                assertFalse(event instanceof Output, file + ": '" + m.group(1) + "' does not follow the marker grammar");
                checked++;
            }
        }
        assertTrue(checked >= 8, "found only " + checked + " markers");
    }
}

package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.bootstrap.ProgressEvent.ComponentVersion;
import com.ecsprovisioner.bootstrap.ProgressEvent.Output;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepFailed;
import com.ecsprovisioner.bootstrap.ProgressEvent.StepSucceeded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs only what is safe to run on this machine: the preflight step (it reads /etc/os-release and the settings,
 * changes nothing) fed with a bootstrap.env rendered by the Java side, and the pure quoting helpers of steps.sh.
 * Sourcing steps.sh defines functions and runs nothing.
 */
class PreflightStepTest {

    @TempDir
    Path dir;

    private List<ProgressEvent> run(String body, Map<String, String> env) throws Exception {
        ScriptRun.copyScript("lib.sh", dir);
        ScriptRun.copyScript("steps.sh", dir);
        Files.writeString(dir.resolve(BootstrapEnvironment.FILE_NAME), BootstrapEnvironment.render(env), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("test.sh"), "ECS_DIR=\"$PWD\"\nsource ./lib.sh\nsource ./steps.sh\necs_install_error_trap\n" + body);
        ScriptRun run = ScriptRun.run(dir, List.of("bash", "-c", "exec bash test.sh 2>&1"));
        LogFollower follower = new LogFollower(SecretMasker.patternsOnly(), 0);
        List<ProgressEvent> events = new ArrayList<>(follower.accept(run.stdout().getBytes(StandardCharsets.UTF_8)));
        events.addAll(follower.finish());
        return events;
    }

    private static String osRelease(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).replace("\"", "");
            }
        }
        return "";
    }

    private static Map<String, String> settings(String phpVersion) {
        return new LinkedHashMap<>(new BootstrapSettings(phpVersion, "correct-horse-battery-staple", null, 1024, 2048,
                MirrorPreset.GLOBAL.sources()).environment());
    }

    @Test
    void preflightReadsTheRenderedSettingsAndTheOperatingSystem() throws Exception {
        String os = osRelease("ID") + ":" + osRelease("VERSION_ID");
        org.junit.jupiter.api.Assumptions.assumeTrue(List.of("debian:12", "ubuntu:22.04", "ubuntu:24.04").contains(os),
                "this machine runs " + os + ", not a supported target: the success path of preflight cannot be shown here");
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "preflight requires root");
        List<ProgressEvent> events = run("ecs_step preflight \"Check\" step_preflight\necho \"php=$ECS_PHP repo=$ECS_PHP_FROM_REPOSITORY\"\n",
                settings("default"));
        assertTrue(events.contains(new ComponentVersion("os", os.replace(':', '-'))), events.toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof StepSucceeded s && s.stepId().equals("preflight")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof Output o && o.line().matches("php=8\\.\\d repo=0")), events.toString());
    }

    @Test
    void aMalformedPhpVersionStopsPreflightNamingTheSetting() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "preflight requires root");
        Map<String, String> env = settings("default");
        env.put("ECS_PHP_VERSION", "8.3; rm -rf /");
        List<ProgressEvent> events = run("ecs_step preflight \"Check\" step_preflight\n", env);
        StepFailed failed = (StepFailed) events.stream().filter(e -> e instanceof StepFailed).findFirst().orElseThrow();
        assertTrue(failed.message().contains("'PHP version'"), failed.message());
    }

    @Test
    void sqlAndOptionFileEscapingKeepHostilePasswordsInsideTheirQuotes() throws Exception {
        List<ProgressEvent> events = run("""
                printf 'sql=%s\\n' "$(ecs_sql_string_escape "a'b\\\\c")"
                printf 'opt=%s\\n' "$(ecs_option_file_escape 'a"b\\c')"
                """, settings("default"));
        List<String> lines = events.stream().filter(e -> e instanceof Output).map(e -> ((Output) e).line()).toList();
        assertEquals(List.of("sql=a''b\\\\c", "opt=a\\\"b\\\\c"), lines);
    }
}

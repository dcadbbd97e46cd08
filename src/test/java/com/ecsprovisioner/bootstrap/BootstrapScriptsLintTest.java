package com.ecsprovisioner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every shipped script parses ({@code bash -n}) and is shellcheck-clean. Runs on the files in the source tree,
 * never executes them. Without shellcheck installed (CI installs it) the shellcheck part is skipped, saying so.
 */
class BootstrapScriptsLintTest {

    private static final Path SOURCE_DIR = Path.of("src/main/resources/bootstrap");
    /** The operator's scripts: set-up on application servers and the scale-out run (README, Deploying on an
     *  application server; Production and scale-out). */
    private static final List<Path> SERVER_SCRIPTS = List.of(Path.of("server-config/payara-setup.sh"),
            Path.of("server-config/scale-out.sh"));

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(SOURCE_DIR)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sh")).sorted().toList();
        }
    }

    @Test
    void theUploadListNamesEveryScriptInTheResourceFolder() throws IOException {
        Set<String> onDisk = scripts().stream().map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(BootstrapScripts.FILES), onDisk);
    }

    @Test
    void everyScriptParses() throws Exception {
        for (Path script : scripts()) {
            ScriptRun run = ScriptRun.run(SOURCE_DIR, List.of("bash", "-n", script.getFileName().toString()));
            assertEquals(0, run.exitCode(), script + ": " + run.stderr());
        }
    }

    @Test
    void everyScriptIsShellcheckClean() throws Exception {
        boolean available;
        try {
            available = ScriptRun.run(SOURCE_DIR, List.of("shellcheck", "--version")).exitCode() == 0;
        } catch (IOException notInstalled) {
            available = false;
        }
        Assumptions.assumeTrue(available,
                "shellcheck is not installed: skipping the shellcheck of the bootstrap scripts (apt-get install shellcheck)");
        for (Path script : scripts()) {
            ScriptRun run = ScriptRun.run(SOURCE_DIR,
                    List.of("shellcheck", "--external-sources", "--source-path=SCRIPTDIR", "--severity=style",
                            script.getFileName().toString()));
            assertEquals(0, run.exitCode(), script + " has shellcheck findings:\n" + run.stdout() + run.stderr());
        }
    }

    @Test
    void theOperatorScriptsParseAndAreShellcheckClean() throws Exception {
        for (Path script : SERVER_SCRIPTS) {
            operatorScriptParsesAndIsShellcheckClean(script);
        }
    }

    private static void operatorScriptParsesAndIsShellcheckClean(Path script) throws Exception {
        Path dir = script.toAbsolutePath().getParent();
        String name = script.getFileName().toString();
        ScriptRun parse = ScriptRun.run(dir, List.of("bash", "-n", name));
        assertEquals(0, parse.exitCode(), script + ": " + parse.stderr());
        assertTrue(Files.readString(script).indexOf('\r') < 0, script + " has CR line endings");
        boolean available;
        try {
            available = ScriptRun.run(dir, List.of("shellcheck", "--version")).exitCode() == 0;
        } catch (IOException notInstalled) {
            available = false;
        }
        Assumptions.assumeTrue(available, "shellcheck is not installed: skipping the shellcheck of " + script);
        ScriptRun run = ScriptRun.run(dir, List.of("shellcheck", "--severity=style", name));
        assertEquals(0, run.exitCode(), script + " has shellcheck findings:\n" + run.stdout() + run.stderr());
    }

    @Test
    void scriptsHaveUnixLineEndings() throws IOException {
        for (Path script : scripts()) {
            String text = Files.readString(script);
            assertTrue(text.indexOf('\r') < 0, script + " has CR line endings, which bash reads as part of commands");
        }
    }
}

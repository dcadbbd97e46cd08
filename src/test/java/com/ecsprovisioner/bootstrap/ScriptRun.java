package com.ecsprovisioner.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command in tests and gives back its exit code and output; fails the test if it takes too long. */
record ScriptRun(int exitCode, String stdout, String stderr) {

    static ScriptRun run(Path workingDir, List<String> command) throws IOException, InterruptedException {
        // The output files live in the temporary folder, never in the working folder: some tests run scripts in
        // the source tree, and a command that timed out used to leave its files there for the next commit.
        Path out = Files.createTempFile("script-out", ".txt");
        Path err = Files.createTempFile("script-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("command did not end within 20 s: " + command);
            }
            return new ScriptRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Copies a shipped script from the class path into a directory. */
    static Path copyScript(String name, Path dir) throws IOException {
        BootstrapScripts scripts = BootstrapScripts.load();
        Path target = dir.resolve(name);
        Files.writeString(target, scripts.text(name).orElseThrow(), StandardCharsets.UTF_8);
        return target;
    }
}

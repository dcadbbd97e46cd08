package com.ecsprovisioner.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the example clients of {@code src/examples/} as the README shows them, each in a process of its own: the
 * Jakarta JMS client with the source launcher on the test class path, the Python one with Debian's python3 (which
 * has python3-qpid-proton; the pyenv python3 on the PATH has not), the Node one after {@code npm ci}. A missing
 * Python or Node package skips the test locally and fails it in CI, which installs both.
 */
public final class ExampleClients {

    public enum Language { JAVA, PYTHON, NODE }

    public record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private static final Path EXAMPLES = Path.of("src/examples").toAbsolutePath();
    static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private ExampleClients() {
    }

    /** Runs one example's deploy against the broker on loopback at that port, as that broker user. */
    public static Run deploy(Language language, int brokerPort, String user, String password, String profile,
                             String serverName, String requestId, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        switch (language) {
            case JAVA -> command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), EXAMPLES.resolve("java/DeployAndFollow.java").toString(),
                    "--url", "tcp://127.0.0.1:" + brokerPort));
            case PYTHON -> {
                requirePython();
                command.addAll(List.of(DEBIAN_PYTHON, EXAMPLES.resolve("python/deploy_and_follow.py").toString(),
                        "--url", "amqp://127.0.0.1:" + brokerPort));
            }
            case NODE -> {
                requireNode();
                command.addAll(List.of("node", EXAMPLES.resolve("node/deploy-and-follow.js").toString(),
                        "--port", String.valueOf(brokerPort)));
            }
        }
        command.addAll(List.of("--profile", profile, "--server-name", serverName, "--request-id", requestId,
                "--timeout", String.valueOf(timeoutSeconds)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ECS_BROKER_USER", user);
        builder.environment().put("ECS_BROKER_PASSWORD", password);
        Path out = Files.createTempFile("example-out", ".txt");
        Path err = Files.createTempFile("example-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds + 60L, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(language + " example still running after " + (timeoutSeconds + 60) + " s:\n" + Files.readString(out));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void requirePython() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(DEBIAN_PYTHON, "-c", "import proton").redirectErrorStream(true).start();
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            missing("python3-qpid-proton is not installed for " + DEBIAN_PYTHON + " (apt-get install python3-qpid-proton)");
        }
    }

    private static void requireNode() {
        if (!Files.isDirectory(EXAMPLES.resolve("node/node_modules/rhea"))) {
            missing("rhea is not installed: run 'npm ci' in src/examples/node");
        }
    }

    private static void missing(String why) {
        if ("true".equals(System.getenv("CI"))) {
            fail(why + "; CI installs it in .ci/run, so this is a broken CI set-up.");
        }
        Assumptions.abort(why + ".");
    }
}

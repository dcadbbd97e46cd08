package com.ecsprovisioner.sandbox.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers {@code bash D/ecs-agent.sh start|status|log} the way the real agent script does, by the contract shared
 * with {@code src/main/resources/bootstrap/}: {@code start D main} plans a detached {@link SimulatedBootstrapRun} from the
 * {@code ecs_step} declarations in the main script and the files it sources (its {@code wp-cli} step downloading
 * against the simulated Internet, {@link SimulatedWpCliDownload}); {@code status D} and {@code log D
 * offset} read that run at the current moment. The agent script itself must have been uploaded (its content is not
 * interpreted: the simulation stands in for it), as on a real server where a missing file is an error.
 */
final class SimulatedBootstrapAgent {

    private static final Logger LOG = Logger.getLogger(SimulatedBootstrapAgent.class.getName());

    static final Pattern STEP = Pattern.compile("^\\s*ecs_step\\s+([a-z0-9][a-z0-9-]*)\\s+\"([^\"]*)\"");
    private static final Pattern SOURCE = Pattern.compile("^\\s*(?:source|\\.)\\s+(.+)$");

    private final Clock clock;
    private final double durationScale;
    private final long seed;
    private final BiFunction<String, String, Optional<InjectedFailure>> failureFor;
    /** The port the hosts' SSH answers on: what the real firewall step allows (it reads sshd's own ports). */
    private final int sshPort;
    private final Supplier<Set<String>> tamperedHosts;

    SimulatedBootstrapAgent(Clock clock, double durationScale, long seed,
                   BiFunction<String, String, Optional<InjectedFailure>> failureFor) {
        this(clock, durationScale, seed, failureFor, 22, Set::of);
    }

    /**
     * @param failureFor    the injected failure, if any, for (instance id, step id), asked when a run starts
     * @param sshPort       the port the hosts' SSH answers on
     * @param tamperedHosts hosts whose downloads the simulated Internet alters ({@link SimulatedWpCliDownload})
     */
    SimulatedBootstrapAgent(Clock clock, double durationScale, long seed,
                   BiFunction<String, String, Optional<InjectedFailure>> failureFor, int sshPort,
                   Supplier<Set<String>> tamperedHosts) {
        this.clock = clock;
        this.durationScale = durationScale;
        this.seed = seed;
        this.failureFor = failureFor;
        this.sshPort = sshPort;
        this.tamperedHosts = tamperedHosts;
    }

    static boolean isAgentScript(String path) {
        return path.equals("ecs-agent.sh") || path.endsWith("/ecs-agent.sh");
    }

    /**
     * @param script    the agent script's path on the machine
     * @param scriptArg how the command line named it, for messages
     */
    ExecResult run(SimulatedMachine machine, Path script, String scriptArg, List<String> args) {
        if (!Files.isRegularFile(script)) {
            return ExecResult.of("", "bash: " + scriptArg + ": No such file or directory\n", 127);
        }
        String usage = "usage: ecs-agent.sh start DIR MAIN-SCRIPT | status DIR | log DIR OFFSET\n";
        if (args.size() < 2) {
            return ExecResult.of("", usage, 2);
        }
        String directory = args.get(1);
        if (!directory.startsWith("/")) {
            return ExecResult.of("", "ecs-agent.sh: DIR must be an absolute path, got '" + directory + "'\n", 2);
        }
        String dir = machine.path(directory).toString();
        Instant now = clock.instant();
        ExecResult result = switch (args.get(0)) {
            case "start" -> args.size() == 3 ? start(machine, dir, args.get(2), now) : ExecResult.of("", usage, 2);
            case "status" -> args.size() == 2 ? status(machine, dir, now) : ExecResult.of("", usage, 2);
            case "log" -> args.size() == 3 ? log(machine, dir, args.get(2), now) : ExecResult.of("", usage, 2);
            default -> ExecResult.of("", usage, 2);
        };
        writeRunFiles(machine, now);
        return result;
    }

    private ExecResult start(SimulatedMachine machine, String dir, String mainScript, Instant now) {
        synchronized (machine) {
            SimulatedBootstrapRun existing = machine.run(dir);
            if (existing != null && existing.isRunning(now)) {
                return ExecResult.of("already-running\n", "", 0);
            }
            if (existing != null && existing.isFinished(now)) {
                return ExecResult.of("already-finished " + existing.exitCode() + "\n", "", 0);
            }
            // No run, or one lost to a stop or reboot: its process is gone, so the agent starts afresh.
            Path main = machine.path(dir).resolve(mainScript).normalize();
            if (!Files.isRegularFile(main)) {
                return ExecResult.of("", "ecs-agent.sh: main script " + main + " not found\n", 2);
            }
            List<SimulatedBootstrapRun.Step> steps;
            Optional<SimulatedWpCliDownload.Outcome> wpCli;
            String php;
            try {
                steps = declaredSteps(machine, main);
                wpCli = SimulatedWpCliDownload.forRun(machine.path(dir), tamperedHosts.get());
                php = machine.os().phpBranchFor(wantedPhp(machine.path(dir)));
            } catch (IOException e) {
                return ExecResult.of("", "ecs-agent.sh: cannot read " + main + ": " + e.getMessage() + "\n", 2);
            }
            String instanceId = machine.instanceId();
            Random random = new Random(seed ^ (31L * instanceId.hashCode() + dir.hashCode()));
            SimulatedBootstrapRun run = SimulatedBootstrapRun.plan(now, steps, machine.os(), php,
                    step -> failureFor.apply(instanceId, step), wpCli, durationScale, random);
            machine.putRun(dir, run);
            applyFirewallStep(machine, steps, step -> failureFor.apply(instanceId, step));
            LOG.fine(() -> "Bootstrap run on " + instanceId + " in " + dir + ": " + steps.size() + " steps, "
                    + run.plannedDuration().toMillis() + " ms, exit " + run.exitCode());
            return ExecResult.of("started\n", "", 0);
        }
    }

    /** The run's {@code ECS_PHP_VERSION}, as {@code steps.sh} reads it from {@code bootstrap.env}; null without one. */
    private static String wantedPhp(java.nio.file.Path runDirectory) throws IOException {
        java.nio.file.Path env = runDirectory.resolve("bootstrap.env");
        return Files.isRegularFile(env)
                ? SimulatedWpCliDownload.settings(Files.readAllLines(env, java.nio.charset.StandardCharsets.UTF_8)).get("ECS_PHP_VERSION")
                : null;
    }

    /**
     * What the real script's firewall step leaves on the host ({@code step_firewall}: incoming denied, SSH, 80 and
     * 443 allowed, ufw enabled), so that a bootstrapped sandbox host's {@code ufw status} matches its security group
     * as a real server's does. Set when the run starts rather than when its firewall step's output appears: nothing
     * reads ufw during a bootstrap, and a run that fails before or at that step leaves ufw as it was.
     */
    private void applyFirewallStep(SimulatedMachine machine, List<SimulatedBootstrapRun.Step> steps,
                                   java.util.function.Function<String, Optional<InjectedFailure>> failure) {
        for (SimulatedBootstrapRun.Step step : steps) {
            if (failure.apply(step.id()).isPresent()) {
                return;
            }
            if (step.id().equals("firewall")) {
                Ufw ufw = machine.ufw();
                ufw.run(List.of("default", "deny", "incoming"));
                ufw.run(List.of("default", "allow", "outgoing"));
                for (String port : List.of(sshPort + "/tcp", "80/tcp", "443/tcp")) {
                    ufw.run(List.of("allow", port));
                }
                ufw.run(List.of("--force", "enable"));
                return;
            }
        }
    }

    private static ExecResult status(SimulatedMachine machine, String dir, Instant now) {
        SimulatedBootstrapRun run = machine.run(dir);
        return ExecResult.of((run == null ? "not-started" : run.status(now)) + "\n", "", 0);
    }

    private static ExecResult log(SimulatedMachine machine, String dir, String offsetText, Instant now) {
        long offset;
        try {
            offset = Long.parseLong(offsetText);
        } catch (NumberFormatException e) {
            offset = -1;
        }
        if (offset < 0) {
            return ExecResult.of("", "ecs-agent.sh: OFFSET must be a byte offset >= 0, got '" + offsetText + "'\n", 2);
        }
        SimulatedBootstrapRun run = machine.run(dir);
        byte[] log = run == null ? new byte[0] : run.log(now);
        byte[] tail = offset >= log.length ? new byte[0] : Arrays.copyOfRange(log, (int) offset, log.length);
        return new ExecResult(tail, new byte[0], 0);
    }

    /**
     * Mirrors each run into {@code D/bootstrap.log} and, once finished, {@code D/bootstrap.exit}, where the real
     * agent writes them, so that {@code cat} and {@code test -e} see what a real server would show.
     */
    void writeRunFiles(SimulatedMachine machine) {
        writeRunFiles(machine, clock.instant());
    }

    private void writeRunFiles(SimulatedMachine machine, Instant now) {
        for (String dir : machine.runDirectories()) {
            SimulatedBootstrapRun run = machine.run(dir);
            Path folder = machine.path(dir);
            try {
                Files.createDirectories(folder);
                Files.write(folder.resolve("bootstrap.log"), run.log(now));
                if (run.isFinished(now)) {
                    Files.writeString(folder.resolve("bootstrap.exit"), run.exitCode() + "\n", StandardCharsets.UTF_8);
                } else {
                    Files.deleteIfExists(folder.resolve("bootstrap.exit"));
                }
            } catch (IOException e) {
                // Someone removed or replaced the folder by hand; the run itself is unaffected.
                LOG.fine(() -> "Could not mirror the bootstrap log into " + folder + ": " + e);
            }
        }
    }

    /** The steps declared by the main script and, in order, by the files it sources (each file once). */
    static List<SimulatedBootstrapRun.Step> declaredSteps(SimulatedMachine machine, Path main) throws IOException {
        List<SimulatedBootstrapRun.Step> steps = new ArrayList<>();
        scan(machine, main, main.getParent(), new HashSet<>(), steps);
        return steps;
    }

    private static void scan(SimulatedMachine machine, Path file, Path dir, Set<Path> seen,
                             List<SimulatedBootstrapRun.Step> steps) throws IOException {
        if (!seen.add(file) || !Files.isRegularFile(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher step = STEP.matcher(line);
            if (step.find()) {
                steps.add(new SimulatedBootstrapRun.Step(step.group(1), step.group(2)));
                continue;
            }
            Matcher source = SOURCE.matcher(line);
            if (source.find()) {
                scan(machine, sourcedFile(machine, source.group(1), dir), dir, seen, steps);
            }
        }
    }

    /**
     * Where a {@code source} line points. Scripts usually name their neighbours through a variable
     * ({@code "$DIR/lib.sh"}, {@code "$(dirname "$0")/lib.sh"}); without a shell to expand it, such a path is
     * taken as the file of that name in the bootstrap directory, which is where the runner uploads everything.
     */
    private static Path sourcedFile(SimulatedMachine machine, String rest, Path dir) {
        String text = rest.replaceFirst("\\s+#.*$", "").trim();
        if (text.contains("$")) {
            String name = text.substring(text.lastIndexOf('/') + 1).replace("\"", "").replace("'", "").trim();
            return dir.resolve(name.split("\\s+")[0]);
        }
        String path = text.split("\\s+")[0].replace("\"", "").replace("'", "");
        return path.startsWith("/") ? machine.path(path) : dir.resolve(path).normalize();
    }
}

package com.ecsprovisioner.sandbox.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A small command interpreter for exec requests, deliberately not a shell: it knows the handful of commands the
 * product's bootstrap and tests use ({@code true}, {@code echo}, {@code id}, {@code uname}, {@code cat},
 * {@code test}, {@code mkdir}, {@code rm}, {@code chmod}, {@code sha256sum}, {@code ls}, {@code bash -c},
 * {@code bash .../ecs-agent.sh} and a reboot: {@code reboot}, {@code systemctl reboot}, {@code shutdown -r now}),
 * joined with {@code &&}, {@code ||} and {@code ;}, with quoting and {@code >} / {@code >>} into files. Everything acts on the simulated machine's in-memory files; nothing is ever executed on
 * the real one. Anything else answers as bash does for a missing program: exit 127.
 * <p>
 * This class runs the command line ({@link CommandLines} splits it) and the shell's own commands ({@code bash},
 * {@code exit}, the reboots); the commands that read the machine are in {@link BasicCommands}, those on files in
 * {@link FileCommands}.
 */
final class CommandInterpreter {

    private static final int NOT_FOUND = 127;

    /** What a reboot command does to the machine's instance; the SSH hosts do it through the sandbox cloud. */
    @FunctionalInterface
    interface Power {
        /** Answers false when the reboot cannot happen (then the command fails, as without permission). */
        boolean reboot(SimulatedMachine machine);

        /** For a machine that cannot be rebooted (a test of the interpreter alone). */
        Power NONE = machine -> false;
    }

    private final SimulatedBootstrapAgent agent;
    private final Power power;

    CommandInterpreter(SimulatedBootstrapAgent agent) {
        this(agent, Power.NONE);
    }

    CommandInterpreter(SimulatedBootstrapAgent agent, Power power) {
        this.agent = agent;
        this.power = power;
    }

    ExecResult run(SimulatedMachine machine, String commandLine) {
        // Bring bootstrap.log / bootstrap.exit up to this moment, so that cat and test see what the run has written.
        agent.writeRunFiles(machine);
        return run(new Shell(machine, machine.path(SimulatedMachine.HOME)), commandLine);
    }

    private ExecResult run(Shell machine, String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<CommandLines.Token> tokens;
        try {
            tokens = CommandLines.tokenize(commandLine);
        } catch (IllegalArgumentException e) {
            return ExecResult.of("", "bash: " + e.getMessage() + "\n", 2);
        }
        int exit = 0;
        String connector = ";";
        List<String> words = new ArrayList<>();
        List<CommandLines.Token> all = new ArrayList<>(tokens);
        all.add(CommandLines.Token.op(";"));
        for (CommandLines.Token token : all) {
            if (!token.operator() || token.text().equals(">") || token.text().equals(">>")) {
                words.add(token.operator() ? "\u0000" + token.text() : token.text());
                continue;
            }
            switch (token.text()) {
                case ";", "&&", "||" -> {
                    boolean skip = (connector.equals("&&") && exit != 0) || (connector.equals("||") && exit == 0);
                    if (!words.isEmpty() && !skip) {
                        Outcome outcome = runSimple(machine, words, out, err);
                        exit = outcome.exit();
                        if (outcome.stop()) {
                            return new ExecResult(out.toByteArray(), err.toByteArray(), exit);
                        }
                    } else if (words.isEmpty() && !token.text().equals(";")) {
                        return ExecResult.of("", "bash: syntax error near unexpected token `" + token.text() + "'\n", 2);
                    }
                    words.clear();
                    connector = token.text();
                }
                default -> {
                    // Pipelines, background jobs and input redirection need a real shell; say so plainly.
                    return ExecResult.of(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
                            + "sandbox: '" + token.text() + "' is not supported by the simulated machine's"
                            + " command interpreter\n", 2);
                }
            }
        }
        return new ExecResult(out.toByteArray(), err.toByteArray(), exit);
    }

    private record Outcome(int exit, boolean stop) {
    }

    private Outcome runSimple(Shell machine, List<String> words, ByteArrayOutputStream out,
                              ByteArrayOutputStream err) {
        List<String> args = new ArrayList<>();
        Path redirect = null;
        boolean append = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("\u0000")) {
                if (i + 1 >= words.size() || words.get(i + 1).startsWith("\u0000")) {
                    write(err, "bash: syntax error near unexpected token `newline'\n");
                    return new Outcome(2, true);
                }
                append = word.equals("\u0000>>");
                redirect = machine.path(words.get(++i));
            } else {
                args.add(word);
            }
        }
        if (args.isEmpty()) {
            return new Outcome(0, false);
        }
        if (args.get(0).equals("exit")) {
            int code = args.size() > 1 ? parseExit(args.get(1)) : 0;
            return new Outcome(code, true);
        }
        ExecResult result = execute(machine, args);
        err.writeBytes(result.stderr());
        if (redirect == null) {
            out.writeBytes(result.stdout());
        } else {
            try {
                if (redirect.getParent() != null && !Files.isDirectory(redirect.getParent())) {
                    throw new NoSuchFileException(redirect.toString());
                }
                Files.write(redirect, result.stdout(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                write(err, "bash: " + redirect + ": " + FileCommands.reason(e) + "\n");
                return new Outcome(1, false);
            }
        }
        return new Outcome(result.exitCode(), false);
    }

    private static int parseExit(String text) {
        try {
            return Integer.parseInt(text) & 0xff;
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    private ExecResult execute(Shell machine, List<String> args) {
        String name = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (name) {
            case "true", ":" -> ExecResult.of("", "", 0);
            case "false" -> ExecResult.of("", "", 1);
            case "echo" -> BasicCommands.echo(rest);
            case "id" -> BasicCommands.id(rest);
            case "whoami" -> ExecResult.of("root\n", "", 0);
            case "hostname" -> ExecResult.of(machine.hostname() + "\n", "", 0);
            case "pwd" -> ExecResult.of(machine.cwd + "\n", "", 0);
            case "cd" -> BasicCommands.cd(machine, rest);
            case "command", "which" -> BasicCommands.commandV(name, rest);
            case "uname" -> BasicCommands.uname(machine, rest);
            case "cat" -> FileCommands.cat(machine, rest);
            case "test" -> FileCommands.test(machine, rest);
            case "[" -> rest.isEmpty() || !rest.get(rest.size() - 1).equals("]")
                    ? ExecResult.of("", "bash: [: missing `]'\n", 2)
                    : FileCommands.test(machine, rest.subList(0, rest.size() - 1));
            case "mkdir" -> FileCommands.mkdir(machine, rest);
            case "rm" -> FileCommands.rm(machine, rest);
            case "chmod" -> FileCommands.chmod(machine, rest);
            case "sha256sum" -> FileCommands.sha256sum(machine, rest);
            case "ls" -> FileCommands.ls(machine, rest);
            case "ufw", "/usr/sbin/ufw" -> machine.machine.ufw().run(rest);
            case "bash", "sh", "/bin/bash", "/bin/sh", "/usr/bin/bash" -> bash(machine, name, rest);
            case "reboot", "/sbin/reboot", "/usr/sbin/reboot" -> reboot(machine, name);
            case "systemctl" -> rest.equals(List.of("reboot")) ? reboot(machine, "systemctl reboot")
                    : ExecResult.of("", "sandbox: only 'systemctl reboot' is simulated\n", 1);
            case "shutdown", "/sbin/shutdown" -> rest.size() == 2 && rest.get(0).equals("-r")
                    && (rest.get(1).equals("now") || rest.get(1).equals("+0")) ? reboot(machine, "shutdown -r")
                    : ExecResult.of("", "sandbox: only 'shutdown -r now' is simulated (a delayed or halting shutdown is not)\n", 1);
            default -> ExecResult.of("", "bash: " + name + ": command not found\n", NOT_FOUND);
        };
    }

    /**
     * The OS goes down: like systemd, the command returns at once and the machine stops a moment later (its sessions
     * close, its processes die), then boots again as the cloud's reboot does.
     */
    private ExecResult reboot(Shell machine, String command) {
        if (!power.reboot(machine.machine)) {
            return ExecResult.of("", command + ": Failed to reboot: the machine cannot be rebooted from here\n", 1);
        }
        return ExecResult.of("", "", 0);
    }

    private ExecResult bash(Shell machine, String shell, List<String> args) {
        if (args.isEmpty()) {
            return ExecResult.of("", "", 0);
        }
        if (args.get(0).equals("-c")) {
            return args.size() < 2 ? ExecResult.of("", shell + ": -c: option requires an argument\n", 2)
                    : run(new Shell(machine.machine, machine.cwd), args.get(1)); // a child shell: its cd stays there
        }
        if (SimulatedBootstrapAgent.isAgentScript(args.get(0))) {
            return agent.run(machine.machine, machine.path(args.get(0)), args.get(0), args.subList(1, args.size()));
        }
        Path script = machine.path(args.get(0));
        if (!Files.exists(script)) {
            return ExecResult.of("", shell + ": " + args.get(0) + ": No such file or directory\n", NOT_FOUND);
        }
        // Only the bootstrap agent is simulated; pretending to run another script would be a lie the caller trusts.
        return ExecResult.of("", "sandbox: running " + args.get(0) + " is not simulated; scripts run through"
                + " ecs-agent.sh start DIR MAIN-SCRIPT\n", 126);
    }

    private static void write(ByteArrayOutputStream stream, String text) {
        stream.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

}

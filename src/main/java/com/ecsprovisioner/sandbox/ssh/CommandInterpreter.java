package com.ecsprovisioner.sandbox.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A small command interpreter for exec requests, deliberately not a shell: it knows the handful of commands the
 * product's bootstrap and tests use ({@code true}, {@code echo}, {@code id}, {@code uname}, {@code cat},
 * {@code test}, {@code mkdir}, {@code rm}, {@code chmod}, {@code sha256sum}, {@code ls}, {@code bash -c},
 * {@code bash .../ecs-agent.sh} and a reboot: {@code reboot}, {@code systemctl reboot}, {@code shutdown -r now}), joined with {@code &&}, {@code ||} and {@code ;}, with quoting and {@code >} /
 * {@code >>} into files. Everything acts on the simulated machine's in-memory files; nothing is ever executed on
 * the real one. Anything else answers as bash does for a missing program: exit 127.
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

    /** What one command line shares between its commands: the machine and the current directory ({@code cd}). */
    private static final class Shell {
        final SimulatedMachine machine;
        Path cwd;

        Shell(SimulatedMachine machine, Path cwd) {
            this.machine = machine;
            this.cwd = cwd;
        }

        Path path(String text) {
            if (text.equals("~") || text.startsWith("~/")) {
                return machine.path(text);
            }
            return cwd.resolve(text).normalize();
        }

        String hostname() {
            return machine.hostname();
        }

        OsProfile os() {
            return machine.os();
        }
    }

    private ExecResult run(Shell machine, String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Token> tokens;
        try {
            tokens = tokenize(commandLine);
        } catch (IllegalArgumentException e) {
            return ExecResult.of("", "bash: " + e.getMessage() + "\n", 2);
        }
        int exit = 0;
        String connector = ";";
        List<String> words = new ArrayList<>();
        List<Token> all = new ArrayList<>(tokens);
        all.add(Token.op(";"));
        for (Token token : all) {
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
                write(err, "bash: " + redirect + ": " + reason(e) + "\n");
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
            case "echo" -> echo(rest);
            case "id" -> id(rest);
            case "whoami" -> ExecResult.of("root\n", "", 0);
            case "hostname" -> ExecResult.of(machine.hostname() + "\n", "", 0);
            case "pwd" -> ExecResult.of(machine.cwd + "\n", "", 0);
            case "cd" -> cd(machine, rest);
            case "command", "which" -> commandV(name, rest);
            case "uname" -> uname(machine, rest);
            case "cat" -> cat(machine, rest);
            case "test" -> test(machine, rest);
            case "[" -> rest.isEmpty() || !rest.get(rest.size() - 1).equals("]")
                    ? ExecResult.of("", "bash: [: missing `]'\n", 2)
                    : test(machine, rest.subList(0, rest.size() - 1));
            case "mkdir" -> mkdir(machine, rest);
            case "rm" -> rm(machine, rest);
            case "chmod" -> chmod(machine, rest);
            case "sha256sum" -> sha256sum(machine, rest);
            case "ls" -> ls(machine, rest);
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

    private static ExecResult cd(Shell shell, List<String> args) {
        Path target = args.isEmpty() ? shell.path("~") : shell.path(args.get(0));
        if (!Files.isDirectory(target)) {
            String reason = Files.exists(target) ? "Not a directory" : "No such file or directory";
            return ExecResult.of("", "bash: cd: " + args.get(0) + ": " + reason + "\n", 1);
        }
        shell.cwd = target;
        return ExecResult.of("", "", 0);
    }

    private static final List<String> PROGRAMS = List.of("true", "false", "echo", "id", "whoami", "hostname", "pwd",
            "uname", "cat", "test", "[", "mkdir", "rm", "chmod", "sha256sum", "ls", "bash", "sh", "scp", "reboot", "systemctl",
            "shutdown");

    /** {@code command -v NAME} / {@code which NAME}: where the programs the interpreter knows would live. */
    private static ExecResult commandV(String name, List<String> args) {
        List<String> names = name.equals("command") ? (args.isEmpty() || !args.get(0).equals("-v") ? null
                : args.subList(1, args.size())) : args;
        if (names == null) {
            return ExecResult.of("", "bash: command: only 'command -v NAME' is supported\n", 2);
        }
        StringBuilder out = new StringBuilder();
        int exit = names.isEmpty() ? 1 : 0;
        for (String program : names) {
            if (PROGRAMS.contains(program)) {
                out.append("/usr/bin/").append(program).append('\n');
            } else {
                exit = 1;
            }
        }
        return ExecResult.of(out.toString(), "", exit);
    }

    private static ExecResult echo(List<String> args) {
        boolean newline = true;
        List<String> words = args;
        if (!words.isEmpty() && words.get(0).equals("-n")) {
            newline = false;
            words = words.subList(1, words.size());
        }
        return ExecResult.of(String.join(" ", words) + (newline ? "\n" : ""), "", 0);
    }

    private static ExecResult id(List<String> args) {
        String option = String.join(" ", args);
        return switch (option) {
            case "" -> ExecResult.of("uid=0(root) gid=0(root) groups=0(root)\n", "", 0);
            case "-u", "-g" -> ExecResult.of("0\n", "", 0);
            case "-un", "-nu", "-gn", "-ng", "-u -n", "-n -u" -> ExecResult.of("root\n", "", 0);
            default -> ExecResult.of("", "id: unsupported option '" + option + "'\n", 1);
        };
    }

    private static ExecResult uname(Shell machine, List<String> args) {
        String option = args.isEmpty() ? "-s" : String.join(" ", args);
        return switch (option) {
            case "-a" -> ExecResult.of(machine.os().uname(machine.hostname()) + "\n", "", 0);
            case "-s" -> ExecResult.of("Linux\n", "", 0);
            case "-r" -> ExecResult.of(machine.os().kernelRelease() + "\n", "", 0);
            case "-m", "-p", "-i" -> ExecResult.of("x86_64\n", "", 0);
            case "-n" -> ExecResult.of(machine.hostname() + "\n", "", 0);
            case "-o" -> ExecResult.of("GNU/Linux\n", "", 0);
            default -> ExecResult.of("", "uname: invalid option -- '" + option + "'\n", 1);
        };
    }

    private static ExecResult cat(Shell machine, List<String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (String file : files) {
            Path path = machine.path(file);
            try {
                if (Files.isDirectory(path)) {
                    err.append("cat: ").append(file).append(": Is a directory\n");
                    exit = 1;
                } else {
                    out.writeBytes(Files.readAllBytes(path));
                }
            } catch (IOException e) {
                err.append("cat: ").append(file).append(": ").append(reason(e)).append('\n');
                exit = 1;
            }
        }
        return new ExecResult(out.toByteArray(), err.toString().getBytes(StandardCharsets.UTF_8), exit);
    }

    private static ExecResult test(Shell machine, List<String> args) {
        boolean negate = !args.isEmpty() && args.get(0).equals("!");
        List<String> expr = negate ? args.subList(1, args.size()) : args;
        Boolean result;
        if (expr.isEmpty()) {
            result = false;
        } else if (expr.size() == 1) {
            result = !expr.get(0).isEmpty();
        } else if (expr.size() == 2) {
            String operand = expr.get(1);
            result = switch (expr.get(0)) {
                case "-e" -> Files.exists(machine.path(operand), LinkOption.NOFOLLOW_LINKS);
                case "-f" -> Files.isRegularFile(machine.path(operand));
                case "-d" -> Files.isDirectory(machine.path(operand));
                case "-s" -> size(machine.path(operand)) > 0;
                case "-x" -> hasPermission(machine.path(operand), PosixFilePermission.OWNER_EXECUTE);
                case "-r" , "-w" -> Files.exists(machine.path(operand)); // root reads and writes everything
                case "-z" -> operand.isEmpty();
                case "-n" -> !operand.isEmpty();
                default -> null;
            };
        } else if (expr.size() == 3 && (expr.get(1).equals("=") || expr.get(1).equals("!="))) {
            result = expr.get(0).equals(expr.get(2)) == expr.get(1).equals("=");
        } else {
            result = null;
        }
        if (result == null) {
            return ExecResult.of("", "test: unsupported expression: " + String.join(" ", args) + "\n", 2);
        }
        return ExecResult.of("", "", result != negate ? 0 : 1);
    }

    private static long size(Path path) {
        try {
            return Files.isRegularFile(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean hasPermission(Path path, PosixFilePermission permission) {
        try {
            return Files.exists(path) && Files.getPosixFilePermissions(path).contains(permission);
        } catch (IOException e) {
            return false;
        }
    }

    private static ExecResult mkdir(Shell machine, List<String> args) {
        boolean parents = args.contains("-p");
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (String dir : args) {
            if (dir.equals("-p")) {
                continue;
            }
            if (dir.startsWith("-")) {
                return ExecResult.of("", "mkdir: unsupported option '" + dir + "'\n", 1);
            }
            Path path = machine.path(dir);
            try {
                if (parents) {
                    if (Files.exists(path) && !Files.isDirectory(path)) {
                        throw new FileAlreadyExistsException(dir);
                    }
                    Files.createDirectories(path);
                } else {
                    Files.createDirectory(path);
                }
            } catch (IOException e) {
                err.append("mkdir: cannot create directory '").append(dir).append("': ").append(reason(e)).append('\n');
                exit = 1;
            }
        }
        return ExecResult.of("", err.toString(), exit);
    }

    private static ExecResult rm(Shell machine, List<String> args) {
        boolean recursive = false;
        boolean force = false;
        List<String> targets = new ArrayList<>();
        for (String arg : args) {
            if (arg.matches("-[rRf]+")) {
                recursive |= arg.contains("r") || arg.contains("R");
                force |= arg.contains("f");
            } else if (arg.startsWith("-")) {
                return ExecResult.of("", "rm: unsupported option '" + arg + "'\n", 1);
            } else {
                targets.add(arg);
            }
        }
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (String target : targets) {
            Path path = machine.path(target);
            if (path.getParent() == null) {
                err.append("rm: it is dangerous to operate recursively on '/'\n");
                exit = 1;
                continue;
            }
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                if (!force) {
                    err.append("rm: cannot remove '").append(target).append("': No such file or directory\n");
                    exit = 1;
                }
                continue;
            }
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && !recursive) {
                err.append("rm: cannot remove '").append(target).append("': Is a directory\n");
                exit = 1;
                continue;
            }
            try (Stream<Path> tree = Files.walk(path)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                err.append("rm: cannot remove '").append(target).append("': ").append(reason(e)).append('\n');
                exit = 1;
            }
        }
        return ExecResult.of("", err.toString(), exit);
    }

    private static ExecResult chmod(Shell machine, List<String> args) {
        if (args.size() < 2) {
            return ExecResult.of("", "chmod: missing operand\n", 1);
        }
        String mode = args.get(0);
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (String target : args.subList(1, args.size())) {
            Path path = machine.path(target);
            try {
                Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
                Set<PosixFilePermission> next = FileModes.apply(mode, current);
                if (next == null) {
                    return ExecResult.of("", "chmod: invalid mode: '" + mode + "'\n", 1);
                }
                Files.setPosixFilePermissions(path, next);
            } catch (IOException e) {
                err.append("chmod: cannot access '").append(target).append("': ").append(reason(e)).append('\n');
                exit = 1;
            }
        }
        return ExecResult.of("", err.toString(), exit);
    }

    private static ExecResult sha256sum(Shell machine, List<String> files) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (String file : files) {
            Path path = machine.path(file);
            try {
                if (Files.isDirectory(path)) {
                    err.append("sha256sum: ").append(file).append(": Is a directory\n");
                    exit = 1;
                    continue;
                }
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path));
                out.append(HexFormat.of().formatHex(digest)).append("  ").append(file).append('\n');
            } catch (IOException e) {
                err.append("sha256sum: ").append(file).append(": ").append(reason(e)).append('\n');
                exit = 1;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }
        return ExecResult.of(out.toString(), err.toString(), exit);
    }

    private static ExecResult ls(Shell machine, List<String> args) {
        List<String> targets = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (targets.isEmpty()) {
            targets = List.of(machine.cwd.toString());
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (String target : targets) {
            Path path = machine.path(target);
            if (!Files.exists(path)) {
                err.append("ls: cannot access '").append(target).append("': No such file or directory\n");
                exit = 2;
            } else if (!Files.isDirectory(path)) {
                out.append(target).append('\n');
            } else {
                try (Stream<Path> children = Files.list(path)) {
                    children.map(p -> p.getFileName().toString()).sorted().forEach(n -> out.append(n).append('\n'));
                } catch (IOException e) {
                    err.append("ls: cannot open directory '").append(target).append("': ").append(reason(e)).append('\n');
                    exit = 2;
                }
            }
        }
        return ExecResult.of(out.toString(), err.toString(), exit);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        String message = e.getMessage();
        return message != null && message.contains("directory") ? "Not a directory" : "Input/output error";
    }

    private static void write(ByteArrayOutputStream stream, String text) {
        stream.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- tokenizing -------------------------------------------------------------------------------------------

    record Token(String text, boolean operator) {
        static Token word(String text) {
            return new Token(text, false);
        }

        static Token op(String text) {
            return new Token(text, true);
        }
    }

    /** Splits a command line into words and operators, honouring single and double quotes and backslashes. */
    static List<Token> tokenize(String line) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unexpected EOF while looking for matching `''");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unexpected EOF while looking for matching `\"'");
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == ' ' || c == '\t') {
                inWord = flush(tokens, word, inWord);
                i++;
            } else if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '>' || c == '<') {
                inWord = flush(tokens, word, inWord);
                String two = i + 1 < line.length() ? line.substring(i, i + 2) : "";
                String op = switch (two) {
                    case "&&", "||", ">>" -> two;
                    default -> c == '\n' ? ";" : String.valueOf(c);
                };
                tokens.add(Token.op(op));
                i += op.equals(";") && c == '\n' ? 1 : op.length();
            } else if (c == '#' && !inWord) {
                // A comment runs to the end of the line.
                int end = line.indexOf('\n', i);
                i = end < 0 ? line.length() : end;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        flush(tokens, word, inWord);
        return tokens;
    }

    private static boolean flush(List<Token> tokens, StringBuilder word, boolean inWord) {
        if (inWord) {
            tokens.add(Token.word(word.toString()));
            word.setLength(0);
        }
        return false;
    }

    /** Octal and symbolic ({@code u+x,go-w}) chmod modes. */
    static final class FileModes {
        private FileModes() {
        }

        /** The permissions after applying the mode, or null if the mode is not valid. */
        static Set<PosixFilePermission> apply(String mode, Set<PosixFilePermission> current) {
            if (mode.matches("0?[0-7]{3}")) {
                String digits = mode.substring(mode.length() - 3);
                Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
                PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ..OTHERS_EXECUTE
                for (int who = 0; who < 3; who++) {
                    int bits = digits.charAt(who) - '0';
                    for (int bit = 0; bit < 3; bit++) {
                        if ((bits & (4 >> bit)) != 0) {
                            result.add(order[who * 3 + bit]);
                        }
                    }
                }
                return result;
            }
            Set<PosixFilePermission> result = current.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class)
                    : EnumSet.copyOf(current);
            for (String clause : mode.split(",")) {
                if (!clause.matches("[ugoa]*[+=-][rwx]*")) {
                    return null;
                }
                int op = 0;
                while ("+=-".indexOf(clause.charAt(op)) < 0) {
                    op++; // the pattern above guarantees an operator
                }
                String who = clause.substring(0, op);
                char operator = clause.charAt(op);
                String what = clause.substring(op + 1);
                if (who.isEmpty() || who.contains("a")) {
                    who = "ugo";
                }
                PosixFilePermission[] order = PosixFilePermission.values();
                for (char w : who.toCharArray()) {
                    int base = w == 'u' ? 0 : w == 'g' ? 3 : 6;
                    if (operator == '=') {
                        for (int bit = 0; bit < 3; bit++) {
                            result.remove(order[base + bit]);
                        }
                    }
                    for (char p : what.toCharArray()) {
                        PosixFilePermission permission = order[base + "rwx".indexOf(p)];
                        if (operator == '-') {
                            result.remove(permission);
                        } else {
                            result.add(permission);
                        }
                    }
                }
            }
            return result;
        }
    }
}

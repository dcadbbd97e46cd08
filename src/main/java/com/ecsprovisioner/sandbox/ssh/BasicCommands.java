package com.ecsprovisioner.sandbox.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The commands that read the machine or the shell: {@code cd}, {@code command -v}/{@code which}, {@code echo}, {@code id}, {@code uname}. */
final class BasicCommands {

    private BasicCommands() {
    }

    static ExecResult cd(Shell shell, List<String> args) {
        Path target = args.isEmpty() ? shell.path("~") : shell.path(args.get(0));
        if (!Files.isDirectory(target)) {
            String reason = Files.exists(target) ? "Not a directory" : "No such file or directory";
            return ExecResult.of("", "bash: cd: " + args.get(0) + ": " + reason + "\n", 1);
        }
        shell.cwd = target;
        return ExecResult.of("", "", 0);
    }

    static final List<String> PROGRAMS = List.of("true", "false", "echo", "id", "whoami", "hostname", "pwd",
            "uname", "cat", "test", "[", "mkdir", "rm", "chmod", "sha256sum", "ls", "bash", "sh", "scp", "reboot", "systemctl",
            "shutdown", "ufw");

    /** {@code command -v NAME} / {@code which NAME}: where the programs the interpreter knows would live. */
    static ExecResult commandV(String name, List<String> args) {
        List<String> names = name.equals("command") ? (args.isEmpty() || !args.get(0).equals("-v") ? null
                : args.subList(1, args.size())) : args;
        if (names == null) {
            return ExecResult.of("", "bash: command: only 'command -v NAME' is supported\n", 2);
        }
        StringBuilder out = new StringBuilder();
        int exit = names.isEmpty() ? 1 : 0;
        for (String program : names) {
            if (PROGRAMS.contains(program)) {
                out.append(program.equals("ufw") ? "/usr/sbin/" : "/usr/bin/").append(program).append('\n');
            } else {
                exit = 1;
            }
        }
        return ExecResult.of(out.toString(), "", exit);
    }

    static ExecResult echo(List<String> args) {
        boolean newline = true;
        List<String> words = args;
        if (!words.isEmpty() && words.get(0).equals("-n")) {
            newline = false;
            words = words.subList(1, words.size());
        }
        return ExecResult.of(String.join(" ", words) + (newline ? "\n" : ""), "", 0);
    }

    static ExecResult id(List<String> args) {
        String option = String.join(" ", args);
        return switch (option) {
            case "" -> ExecResult.of("uid=0(root) gid=0(root) groups=0(root)\n", "", 0);
            case "-u", "-g" -> ExecResult.of("0\n", "", 0);
            case "-un", "-nu", "-gn", "-ng", "-u -n", "-n -u" -> ExecResult.of("root\n", "", 0);
            default -> ExecResult.of("", "id: unsupported option '" + option + "'\n", 1);
        };
    }

    static ExecResult uname(Shell machine, List<String> args) {
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
}

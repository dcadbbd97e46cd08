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
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The commands that act on the simulated machine's in-memory files: {@code cat}, {@code test}/{@code [},
 * {@code mkdir}, {@code rm}, {@code chmod}, {@code sha256sum}, {@code ls}; errors read as GNU coreutils' do.
 */
final class FileCommands {

    private FileCommands() {
    }

    static ExecResult cat(Shell machine, List<String> files) {
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

    static ExecResult test(Shell machine, List<String> args) {
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

    static ExecResult mkdir(Shell machine, List<String> args) {
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

    static ExecResult rm(Shell machine, List<String> args) {
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

    static ExecResult chmod(Shell machine, List<String> args) {
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

    static ExecResult sha256sum(Shell machine, List<String> files) {
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

    static ExecResult ls(Shell machine, List<String> args) {
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

    static String reason(IOException e) {
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
}

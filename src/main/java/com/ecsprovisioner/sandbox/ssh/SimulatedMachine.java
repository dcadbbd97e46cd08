package com.ecsprovisioner.sandbox.ssh;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;


/**
 * The machine behind one sandbox instance, as far as SSH can see it: an in-memory POSIX file system seeded with what
 * a fresh image has ({@code /etc/os-release}, {@code /root}, ...), its OS profile and hostname, and its detached
 * bootstrap runs by directory. It belongs to the instance, not to an SSH session, so uploads and runs outlive
 * connections; a new instance (even at a reused address) gets a new machine.
 */
final class SimulatedMachine {

    static final String HOME = "/root";

    private final String instanceId;
    private final OsProfile os;
    private final String hostname;
    private final FileSystem fileSystem;
    private final FileSystem sessionView;
    private final Map<String, SimulatedBootstrapRun> runsByDirectory = new ConcurrentHashMap<>();
    private volatile String publicIp;
    /** The boot id last written to the machine's files (commands of one session run one after another). */
    private volatile String bootId;
    /** The host's ufw rule set (kept while the sandbox runs). */
    private final Ufw ufw = new Ufw();

    Ufw ufw() {
        return ufw;
    }

    /**
     * What the machine's system disk holds, copied: its files (not the kernel's {@code /proc}) and its ufw rule
     * set, which a real host keeps on disk in {@code /etc/ufw}. Never changed once made; machines copy from it.
     */
    record Disk(FileSystem files, Ufw ufw) {
    }

    /** A machine as a fresh image leaves it. */
    SimulatedMachine(String instanceId, String osName, String publicIp) {
        this(instanceId, osName, publicIp, null);
    }

    /** A machine whose disk holds a copy of {@code disk} (a snapshot), or as a fresh image leaves it when null. */
    SimulatedMachine(String instanceId, String osName, String publicIp, Disk disk) {
        this.instanceId = instanceId;
        this.os = OsProfile.forOsName(osName);
        this.publicIp = publicIp;
        // Alibaba names Linux instances "iZ<id>Z" unless told otherwise.
        this.hostname = "iZ" + instanceId.replaceFirst("^i-", "").toLowerCase(Locale.ROOT) + "Z";
        this.fileSystem = newFileSystem();
        try {
            if (disk == null) {
                seed();
            } else {
                copyTree(disk.files(), fileSystem);
                ufw.restore(disk.ufw());
            }
            // SFTP closes the file system it is given when its channel ends; the rooted view's close does nothing,
            // so the machine's files survive every session.
            this.sessionView = new RootedFileSystemProvider().newFileSystem(fileSystem.getPath("/"), Collections.emptyMap());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the simulated machine of " + instanceId, e);
        }
    }

    private static FileSystem newFileSystem() {
        return Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .setWorkingDirectory(HOME)
                .build());
    }

    /** A copy of the disk as it is now, for a snapshot taken of it. */
    Disk copyDisk() {
        FileSystem copy = newFileSystem();
        try {
            copyTree(fileSystem, copy);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the disk of " + instanceId, e);
        }
        return new Disk(copy, ufw.copy());
    }

    /** Every file, directory and link with its mode and modification time, but the kernel's /proc. */
    private static void copyTree(FileSystem from, FileSystem to) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from.getPath("/"))) {
            all = walk.toList();
        }
        for (Path source : all) {
            String name = source.toString();
            if (name.equals("/") || name.equals("/proc") || name.startsWith("/proc/")) {
                continue;
            }
            Path target = to.getPath(name);
            if (Files.isSymbolicLink(source)) {
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, to.getPath(Files.readSymbolicLink(source).toString()));
                continue;
            }
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
            Files.setLastModifiedTime(target, Files.getLastModifiedTime(source));
        }
    }

    private void seed() throws IOException {
        for (String dir : new String[]{HOME, "/tmp", "/etc", "/var/log", "/var/www", "/usr/bin", "/usr/local/bin",
                "/home", "/opt"}) {
            Files.createDirectories(fileSystem.getPath(dir));
        }
        Files.writeString(fileSystem.getPath("/etc/os-release"), os.osRelease(), StandardCharsets.UTF_8);
        Files.writeString(fileSystem.getPath("/etc/hostname"), hostname + "\n", StandardCharsets.UTF_8);
        Files.writeString(fileSystem.getPath("/etc/issue"), os.prettyName() + " \\n \\l\n\n", StandardCharsets.UTF_8);
    }

    String instanceId() {
        return instanceId;
    }

    OsProfile os() {
        return os;
    }

    String hostname() {
        return hostname;
    }

    String publicIp() {
        return publicIp;
    }

    void movedTo(String ip) {
        this.publicIp = ip;
    }

    /** The machine's own file system, for the command interpreter. */
    FileSystem fileSystem() {
        return fileSystem;
    }

    /** A view of the same files for SFTP and scp, which may close it without harm. */
    FileSystem sessionView() {
        return sessionView;
    }

    /** A path on this machine; relative paths and "~" are taken from root's home, as a login shell would. */
    Path path(String text) {
        String p = text;
        if (p.equals("~")) {
            p = HOME;
        } else if (p.startsWith("~/")) {
            p = HOME + p.substring(1);
        }
        return fileSystem.getPath(HOME).resolve(p).normalize();
    }

    SimulatedBootstrapRun run(String directory) {
        return runsByDirectory.get(directory);
    }

    Set<String> runDirectories() {
        return runsByDirectory.keySet();
    }

    void putRun(String directory, SimulatedBootstrapRun run) {
        runsByDirectory.put(directory, run);
    }

    boolean hasRunInProgress(Instant now) {
        return runsByDirectory.values().stream().anyMatch(run -> run.isRunning(now));
    }

    /**
     * The kernel's boot id as the machine's files show it ({@code /proc/sys/kernel/random/boot_id}). Asked before
     * every command; the file is written only when the boot changed.
     */
    void booted(String bootId) {
        if (bootId.equals(this.bootId)) {
            return;
        }
        this.bootId = bootId;
        try {
            Path file = fileSystem.getPath("/proc/sys/kernel/random/boot_id");
            Files.createDirectories(file.getParent());
            Files.writeString(file, bootId + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the boot id of " + instanceId, e);
        }
    }

    /** The instance stopped or rebooted: runs in progress die, as processes do. */
    void loseRunsInProgress(Instant now) {
        runsByDirectory.values().forEach(run -> run.lose(now));
    }

    void close() {
        try {
            fileSystem.close();
        } catch (IOException e) {
            // Memory only: nothing to release that the garbage collector will not.
        }
    }
}

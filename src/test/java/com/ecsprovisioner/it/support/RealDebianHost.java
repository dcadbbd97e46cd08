package com.ecsprovisioner.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Debian 12 server on this machine for {@code RealBootstrapIT}: a {@code debootstrap} root file system whose
 * {@code sshd} runs in a network namespace of the test's own, reached from the host at {@link #ADDRESS}.
 * <p>
 * Why a network namespace: this machine runs its own MariaDB, Redis, PostgreSQL and web servers on loopback, and
 * the bootstrap starts MariaDB, Redis, nginx and PHP-FPM on their standard ports; in the namespace they have a
 * loopback and ports of their own. The namespace has no route anywhere but to the host's end of its veth pair, so
 * nothing the server does can reach another address: Debian's packages come through {@link DebianArchiveProxy} on
 * the host's end, the way a cloud image reaches its region's mirror.
 * <p>
 * Why the mounts are made inside {@code ip netns exec}: that command gives its processes a mount namespace of their
 * own (slave to the host's), so {@code /proc}, {@code /sys}, {@code /dev} and a fresh tmpfs on {@code /run} exist
 * only for the server's processes and disappear with the last of them; the host's {@code /run} (and so its systemd)
 * is never seen, and nothing is left mounted on the host if the test dies. Without a PID namespace the server's
 * {@code /proc/1} is the host's init, which is how the scripts tell that they run in a chroot.
 * <p>
 * The root file system is built once per {@link #ROOTFS_VERSION} into a cache folder (by default
 * {@code /var/tmp/ecs-provisioner-it}, {@code -Dit.real.cache=} changes it) and copied for each run, so a second run
 * does not download it again. {@link #close()} ends every process of the server, deletes the namespace and the
 * copy, also after a failure.
 */
public final class RealDebianHost implements AutoCloseable {

    /** Change it whenever what goes into the cached root file system changes, so that a stale cache is not reused. */
    static final String ROOTFS_VERSION = "debian12-minbase-openssh-v1";
    static final String HOST_ADDRESS = "10.213.7.1";
    public static final String ADDRESS = "10.213.7.2";
    static final int PROXY_PORT = 3142;
    static final String MIRROR = "http://deb.debian.org/debian";
    private static final String NAMESPACE = "ecsboot";
    private static final String HOST_LINK = "ecsboot0";
    private static final String SERVER_LINK = "ecsboot1";
    private static final List<String> SEARCH_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private final Path rootfs;
    private final Path sshdLog;
    private final Consumer<String> log;
    private DebianArchiveProxy proxy;
    private Process sshd;
    private boolean namespaceMade;

    private RealDebianHost(Path rootfs, Path sshdLog, Consumer<String> log) {
        this.rootfs = rootfs;
        this.sshdLog = sshdLog;
        this.log = log;
    }

    /** What this machine lacks to run the test, in words; empty when it can. */
    public static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (network namespaces, chroot and mounts need it)");
        }
        for (String tool : List.of("debootstrap", "ip", "chroot", "mount", "cp")) {
            if (which(tool) == null) {
                missing.add(tool + (tool.equals("debootstrap") ? " (apt-get install debootstrap)" : ""));
            }
        }
        return missing;
    }

    /**
     * Prepares the root file system, the namespace and the apt proxy, authorises {@code publicKey} for root, starts
     * {@code sshd} on port 22 of {@link #ADDRESS} and waits until it answers.
     */
    public static RealDebianHost start(Path workDir, Path cacheDir, String publicKey, Consumer<String> log) throws IOException, InterruptedException {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("This machine cannot run a real Debian server: missing " + String.join(", ", missing));
        }
        Files.createDirectories(workDir);
        Path cached = cachedRootfs(cacheDir, log);
        RealDebianHost host = new RealDebianHost(workDir.resolve("rootfs"), workDir.resolve("sshd.log"), log);
        try {
            host.removeLeftovers();
            long t = System.nanoTime();
            run(Duration.ofMinutes(5), "cp", "-a", cached.toString(), host.rootfs.toString());
            log.accept("Root file system copied from the cache in " + seconds(t));
            host.configure(publicKey);
            host.makeNamespace();
            host.proxy = DebianArchiveProxy.start(HOST_ADDRESS, PROXY_PORT, log);
            host.startSshd();
            return host;
        } catch (IOException | InterruptedException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /** The cached root file system, built with debootstrap when this version is not cached yet. */
    private static Path cachedRootfs(Path cacheDir, Consumer<String> log) throws IOException, InterruptedException {
        Path dir = cacheDir.resolve(ROOTFS_VERSION);
        Path rootfs = dir.resolve("rootfs");
        Path complete = dir.resolve("complete");
        if (Files.exists(complete)) {
            log.accept("Debian 12 root file system from the cache " + rootfs);
            return rootfs;
        }
        Path building = cacheDir.resolve(ROOTFS_VERSION + ".building-" + ProcessHandle.current().pid());
        Files.createDirectories(building);
        log.accept("Building a Debian 12 root file system with debootstrap (once per cache version) in " + building);
        long t = System.nanoTime();
        // minbase is smaller than any cloud image: what the scripts need beyond it, they must install themselves.
        run(Duration.ofMinutes(20), "debootstrap", "--variant=minbase", "--include=openssh-server", "bookworm",
                building.resolve("rootfs").toString(), MIRROR);
        // Host keys are part of the image, as on a cloud image: each copy keeps them (they are pinned per server anyway).
        run(Duration.ofMinutes(1), "chroot", building.resolve("rootfs").toString(), "apt-get", "clean");
        Files.writeString(building.resolve("complete"), ROOTFS_VERSION + "\n");
        if (Files.exists(dir)) {
            run(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", dir.toString());
        }
        Files.move(building, dir);
        log.accept("Root file system built in " + seconds(t));
        return rootfs;
    }

    /** What a Debian 12 cloud image has that minbase lacks, plus the test's network: apt through the proxy, no DNS. */
    private void configure(String publicKey) throws IOException {
        Path ssh = rootfs.resolve("root/.ssh");
        Files.createDirectories(ssh);
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Path keys = ssh.resolve("authorized_keys");
        Files.writeString(keys, publicKey.strip() + "\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        // The sources a Debian 12 cloud image has (main, updates and security), instead of debootstrap's one line.
        Files.writeString(rootfs.resolve("etc/apt/sources.list"), "# See /etc/apt/sources.list.d/debian.sources\n");
        Files.writeString(rootfs.resolve("etc/apt/sources.list.d/debian.sources"), """
                Types: deb
                URIs: http://deb.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://deb.debian.org/debian-security
                Suites: bookworm-security
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
        Files.writeString(rootfs.resolve("etc/apt/apt.conf.d/00ecs-it-proxy"), """
                // Written by RealBootstrapIT: the test's network namespace reaches Debian's archive only through the
                // test's proxy on the host's end of the veth pair. apt's pipelining is off for that small proxy.
                Acquire::http::Proxy "http://%s:%d/";
                Acquire::http::Pipeline-Depth "0";
                """.formatted(HOST_ADDRESS, PROXY_PORT));
        // No name server: nothing in the namespace resolves or reaches any host on the internet (WP-CLI's default
        // source included), and no query is sent anywhere.
        Files.writeString(rootfs.resolve("etc/resolv.conf"), "# RealBootstrapIT: no name server in the test's namespace\n");
        Files.writeString(rootfs.resolve("etc/hostname"), "real-debian-12\n");
        Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 localhost\n127.0.1.1 real-debian-12\n::1 localhost ip6-localhost ip6-loopback\n");
    }

    private void makeNamespace() throws IOException, InterruptedException {
        namespaceMade = true;
        run(Duration.ofSeconds(30), "ip", "netns", "add", NAMESPACE);
        run(Duration.ofSeconds(30), "ip", "link", "add", HOST_LINK, "type", "veth", "peer", "name", SERVER_LINK, "netns", NAMESPACE);
        run(Duration.ofSeconds(30), "ip", "addr", "add", HOST_ADDRESS + "/30", "dev", HOST_LINK);
        run(Duration.ofSeconds(30), "ip", "link", "set", HOST_LINK, "up");
        run(Duration.ofSeconds(30), "ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up");
        run(Duration.ofSeconds(30), "ip", "netns", "exec", NAMESPACE, "ip", "addr", "add", ADDRESS + "/30", "dev", SERVER_LINK);
        run(Duration.ofSeconds(30), "ip", "netns", "exec", NAMESPACE, "ip", "link", "set", SERVER_LINK, "up");
    }

    private void startSshd() throws IOException, InterruptedException {
        String r = rootfs.toString();
        // Mounted here, inside ip netns exec's own mount namespace: see the class comment.
        String script = String.join(" && ",
                "mount -t proc proc '" + r + "/proc'",
                "mount -t sysfs sysfs '" + r + "/sys'",
                "mount --rbind /dev '" + r + "/dev'",
                "mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs '" + r + "/run'",
                "mkdir -p '" + r + "/run/sshd' '" + r + "/run/lock'",
                "exec chroot '" + r + "' /usr/sbin/sshd -D -e -p 22");
        sshd = new ProcessBuilder(which("ip"), "netns", "exec", NAMESPACE, "/bin/sh", "-c", script)
                .redirectErrorStream(true).redirectOutput(sshdLog.toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (!sshd.isAlive()) {
                throw new IllegalStateException("sshd in the Debian root file system stopped at once: " + Files.readString(sshdLog));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ADDRESS, 22), 1000);
                log.accept("sshd answers on " + ADDRESS + ":22");
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("sshd did not answer on " + ADDRESS + ":22 within 30 s: " + Files.readString(sshdLog));
    }

    Path rootfs() {
        return rootfs;
    }

    public String sshdLog() {
        try {
            return Files.exists(sshdLog) ? Files.readString(sshdLog) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DebianArchiveProxy proxy() {
        return proxy;
    }

    /** Ends every process of the server (by its root directory and by its namespace), the namespace and the copy. */
    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
        try {
            stopServerProcesses();
            if (sshd != null) {
                sshd.destroyForcibly();
                sshd.waitFor(10, TimeUnit.SECONDS);
            }
            if (namespaceMade) {
                // Deleting the namespace deletes its end of the veth pair, and with it the host's end.
                quietly("ip", "netns", "del", NAMESPACE);
                quietly("ip", "link", "del", HOST_LINK);
            }
            if (Files.exists(rootfs) && !Boolean.getBoolean("it.real.keep")) {
                // --one-file-system: should any mount have survived, rm never walks into it (the host's /dev above all).
                quietly("rm", "-rf", "--one-file-system", rootfs.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A run that died (or -Dit.real.keep=true) may have left the namespace, processes or a copy behind. */
    private void removeLeftovers() throws InterruptedException {
        stopServerProcesses();
        quietly("ip", "netns", "del", NAMESPACE);
        quietly("ip", "link", "del", HOST_LINK);
        if (Files.exists(rootfs)) {
            quietly("rm", "-rf", "--one-file-system", rootfs.toString());
        }
        if (Files.exists(rootfs)) {
            throw new IllegalStateException(rootfs + " is left from an earlier run and could not be removed");
        }
    }

    private void stopServerProcesses() throws InterruptedException {
        for (String signal : List.of("TERM", "KILL")) {
            List<String> pids = serverProcesses();
            if (pids.isEmpty()) {
                return;
            }
            List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
            command.addAll(pids);
            quietly(command.toArray(String[]::new));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!serverProcesses().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(200);
            }
        }
        List<String> left = serverProcesses();
        if (!left.isEmpty()) {
            log.accept("Processes of the Debian server still alive after SIGKILL: " + left);
        }
    }

    /**
     * Processes whose root is the copy, or that live in the namespace; never a process of the host's own network
     * namespace (the one this JVM runs in), whatever the listing says.
     */
    private List<String> serverProcesses() {
        List<String> pids = new ArrayList<>();
        Path hostNet;
        try {
            hostNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path root = rootfs.toAbsolutePath().normalize();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    if (Files.readSymbolicLink(p.resolve("root")).equals(root)) {
                        pids.add(p.getFileName().toString());
                    }
                } catch (IOException | SecurityException gone) {
                    // The process ended meanwhile, or is a kernel thread: not ours.
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process p = new ProcessBuilder(which("ip"), "netns", "pids", NAMESPACE).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                out.lines().map(String::strip).filter(s -> !s.isEmpty() && s.chars().allMatch(Character::isDigit))
                        .filter(s -> !pids.contains(s)).forEach(pids::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pids.removeIf(pid -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", pid, "ns", "net")).equals(hostNet)
                        && !Files.readSymbolicLink(Path.of("/proc", pid, "root")).equals(root);
            } catch (IOException gone) {
                return true;
            }
        });
        return pids;
    }

    /** Runs a host command and answers its output; fails with the output when it fails or takes too long. */
    static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> resolved = new ArrayList<>(List.of(command));
        String tool = which(command[0]);
        if (tool == null) {
            throw new IllegalStateException(command[0] + " is not installed");
        }
        resolved.set(0, tool);
        Path out = Files.createTempFile("ecs-real-", ".out");
        try {
            Process p = new ProcessBuilder(resolved).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + ": " + tail(out));
            }
            String text = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ": " + tail(out));
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void quietly(String... command) throws InterruptedException {
        try {
            String tool = which(command[0]);
            if (tool == null) {
                return;
            }
            List<String> resolved = new ArrayList<>(List.of(command));
            resolved.set(0, tool);
            Process p = new ProcessBuilder(resolved).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // Clean-up goes on with the next thing; what is left is removed by the next run's removeLeftovers.
        }
    }

    private static String tail(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    static String which(String tool) {
        for (String dir : SEARCH_PATH) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[2].equals("0")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    public static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}

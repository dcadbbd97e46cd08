package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.sandbox.SandboxHostDirectory.SandboxHost;
import com.ecsprovisioner.sandbox.SandboxHostDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.SessionFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;


/**
 * The sandbox's SSH hosts: one SSH server (Apache MINA SSHD) listening on the configured port of every public
 * address the sandbox cloud has assigned, answering for whichever instance holds that address at connection time.
 * <p>
 * Start it with {@link #start(SandboxHostDirectory, SshHostsConfig)} and {@link #close()} it when the sandbox
 * stops. It binds an address when the directory says it was assigned and unbinds it when released. A connection to
 * an address whose instance is absent or not answering (stopped, starting, rebooting) is closed at once, so the
 * client sees a failure to connect rather than a hang. Logins are by public key only, as {@code root}, with the
 * instance's own key pair; each instance presents its own host key.
 * <p>
 * The instance's state is read, never pushed, so a watcher re-reads it every {@value #WATCH_MILLIS} ms for the
 * instances that have something to lose (open sessions or a bootstrap run in progress): when one stops answering,
 * its sessions are closed and its run is lost, as on a real stop or reboot.
 */
public final class SandboxSshHosts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SandboxSshHosts.class.getName());

    static final long WATCH_MILLIS = 200;
    static final long REBOOT_DELAY_MILLIS = 100;
    private static final String LOGIN_USER = "root";
    private static final AttributeKey<SimulatedMachine> MACHINE = new AttributeKey<>();

    private final SandboxHostDirectory directory;
    private final SshHostsConfig config;
    private final Clock clock;
    private final HostKeys hostKeys;
    private final Map<String, SimulatedMachine> machines = new ConcurrentHashMap<>();
    private final SnapshotDisks disks = new SnapshotDisks(machines);
    private final Map<String, Set<Session>> sessionsByInstance = new ConcurrentHashMap<>();
    private final Set<String> boundAddresses = ConcurrentHashMap.newKeySet();
    private final List<InjectedFailure> failures = new CopyOnWriteArrayList<>();
    /** Hosts whose downloads the simulated Internet alters, as a compromised mirror or a man in the middle would. */
    private final Set<String> tamperedHosts = ConcurrentHashMap.newKeySet();
    /** Instances whose OS accepts a reboot command and then does not reboot (a hung shutdown). */
    private final Set<String> ignoringReboots = ConcurrentHashMap.newKeySet();
    private final CommandInterpreter interpreter;
    private final ExecutorService commandThreads;
    private final ScheduledExecutorService watcher;
    private final BindableServer server;
    private volatile boolean closed;

    private SandboxSshHosts(SandboxHostDirectory directory, SshHostsConfig config, Clock clock) {
        this.directory = directory;
        this.config = config;
        this.clock = clock;
        this.hostKeys = new HostKeys(config.dataFolder());
        this.failures.addAll(config.failures());
        SimulatedBootstrapAgent agent = new SimulatedBootstrapAgent(clock, config.stepDurationScale(), config.seed(),
                this::failureFor, config.port(), () -> Set.copyOf(tamperedHosts));
        this.interpreter = new CommandInterpreter(agent, this::rebootFromOs);
        this.commandThreads = Executors.newCachedThreadPool(daemonThreads("sandbox-ssh-exec"));
        this.watcher = Executors.newSingleThreadScheduledExecutor(daemonThreads("sandbox-ssh-watch"));
        this.server = (BindableServer) ServerBuilder.builder().factory(BindableServer::new).build();
    }

    /**
     * Starts the SSH hosts and registers with the directory for address changes; every address the directory
     * reports as assigned (including, by the directory's contract, those assigned before this call) gets a listener.
     *
     * @throws IOException if the SSH server cannot be set up
     */
    public static SandboxSshHosts start(SandboxHostDirectory directory, SshHostsConfig config) throws IOException {
        return start(directory, config, Clock.systemUTC());
    }

    static SandboxSshHosts start(SandboxHostDirectory directory, SshHostsConfig config, Clock clock) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        SandboxSshHosts hosts = new SandboxSshHosts(directory, config, clock);
        try {
            hosts.configureAndOpen();
        } catch (IOException | RuntimeException e) {
            hosts.close();
            throw e;
        }
        try {
            directory.addAddressListener(new SandboxHostDirectory.AddressListener() {
                @Override
                public void assigned(String ipAddress) {
                    hosts.bind(ipAddress);
                }

                @Override
                public void released(String ipAddress) {
                    hosts.unbind(ipAddress);
                }
            });
            directory.addDiskListener(hosts.disks);
        } catch (RuntimeException e) {
            hosts.close();
            throw e;
        }
        hosts.watcher.scheduleWithFixedDelay(hosts::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info(() -> "Sandbox SSH hosts started on port " + config.port()
                + (config.dataFolder() == null ? ", host keys in memory" : ", host keys under " + config.dataFolder()));
        return hosts;
    }

    private void configureAndOpen() throws IOException {
        server.setPort(config.port());
        server.setKeyPairProvider(new InstanceHostKeys());
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((username, key, session) -> authenticate(username, key, session));
        server.setFileSystemFactory(new MachineFiles());
        server.setCommandFactory(new ScpCommandFactory.Builder()
                .withDelegate((channel, command) -> new SimulatedCommand(command, commandThreads,
                        () -> machineOf(channel.getServerSession()), interpreter,
                        () -> answering(channel.getServerSession())))
                .build());
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        server.admission = this::admits;
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                SimulatedMachine machine = machineOf(session);
                if (machine != null) {
                    sessionsByInstance.computeIfAbsent(machine.instanceId(), id -> ConcurrentHashMap.newKeySet())
                            .add(session);
                }
            }

            @Override
            public void sessionClosed(Session session) {
                SimulatedMachine machine = session.getAttribute(MACHINE);
                if (machine != null) {
                    Set<Session> open = sessionsByInstance.get(machine.instanceId());
                    if (open != null) {
                        open.remove(session);
                    }
                }
            }
        });
        server.openWithoutBinding();
    }

    // ---- public API ---------------------------------------------------------------------------------------------

    /** The port every instance address listens on. */
    public int port() {
        return config.port();
    }

    /** The addresses listened on now, sorted. */
    public Set<String> boundAddresses() {
        return Collections.unmodifiableSet(new TreeSet<>(boundAddresses));
    }

    /**
     * Makes a bootstrap step fail from the next run on (runs already started keep their plan).
     */
    public void injectFailure(InjectedFailure failure) {
        failures.add(Objects.requireNonNull(failure, "failure"));
        LOG.info(() -> "Sandbox SSH: step " + failure.stepId() + " will fail with exit code " + failure.exitCode()
                + " on " + (InjectedFailure.ANY_INSTANCE.equals(failure.instanceId()) ? "every instance"
                : "instance " + failure.instanceId()));
    }

    /**
     * From now on the instance's OS answers a reboot command with success and then does not reboot, as one whose
     * shutdown hangs on a service or an inhibitor lock does.
     */
    public void ignoreReboots(String instanceId) {
        ignoringReboots.add(Objects.requireNonNull(instanceId, "instanceId"));
    }

    /** Removes every injected failure, including those from the configuration. */
    public void clearInjectedFailures() {
        failures.clear();
    }

    /**
     * From the next run on, what servers download from this host (e.g. {@code github.com}) is not what its
     * publisher released, as from a compromised mirror or through a man in the middle; runs already started keep
     * their plan. The bootstrap must refuse it ({@link SimulatedWpCliDownload}).
     */
    public void tamperDownloadsFrom(String host) {
        tamperedHosts.add(Objects.requireNonNull(host, "host").strip().toLowerCase(Locale.ROOT));
        LOG.info(() -> "Sandbox SSH: downloads from " + host + " are tampered with from now on");
    }

    /** Downloads from every host are genuine again. */
    public void clearTamperedDownloads() {
        tamperedHosts.clear();
    }

    /**
     * Closes every open SSH session of the instance, as a network drop would; its bootstrap run goes on, because it
     * belongs to the machine, not to the session.
     *
     * @return how many sessions were closed
     */
    public int dropConnections(String instanceId) {
        Set<Session> open = sessionsByInstance.getOrDefault(instanceId, Set.of());
        int count = 0;
        for (Session session : List.copyOf(open)) {
            session.close(true);
            count++;
        }
        int dropped = count;
        LOG.fine(() -> "Sandbox SSH: dropped " + dropped + " session(s) of " + instanceId);
        return count;
    }

    /** The host key an instance presents (generated on first use), e.g. to show its fingerprint. */
    public PublicKey hostKey(String instanceId) {
        return hostKeys.forInstance(instanceId).getPublic();
    }

    /** The SHA-256 fingerprint of an instance's host key as OpenSSH prints it ("SHA256:..."). */
    public String hostKeyFingerprint(String instanceId) {
        return KeyUtils.getFingerPrint(org.apache.sshd.common.digest.BuiltinDigests.sha256, hostKey(instanceId));
    }

    /** Stops listening, closes every session and forgets the simulated machines (host keys stay on disk). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watcher.shutdownNow();
        try {
            // Unbinding first frees the addresses before close() returns, so a restart can bind them again at once.
            server.unbindAll();
            server.stop(true);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Sandbox SSH server did not stop cleanly", e);
        }
        commandThreads.shutdownNow();
        machines.values().forEach(SimulatedMachine::close);
        machines.clear();
        boundAddresses.clear();
        LOG.info("Sandbox SSH hosts stopped");
    }

    // ---- addresses ----------------------------------------------------------------------------------------------

    private void bind(String ipAddress) {
        if (closed || boundAddresses.contains(ipAddress)) {
            return;
        }
        InetSocketAddress address;
        try {
            InetAddress ip = InetAddress.getByName(ipAddress);
            if (!ip.isLoopbackAddress() || !ipAddress.equals(ip.getHostAddress())) {
                // The sandbox's public addresses are 127.x.y.z by design; anything else would expose it.
                LOG.warning(() -> "Sandbox SSH: not listening on " + ipAddress + ": sandbox addresses must be"
                        + " IPv4 loopback addresses (127.0.0.0/8)");
                return;
            }
            address = new InetSocketAddress(ip, config.port());
        } catch (IOException e) {
            LOG.warning(() -> "Sandbox SSH: '" + ipAddress + "' is not an IP address");
            return;
        }
        synchronized (boundAddresses) {
            if (boundAddresses.contains(ipAddress)) {
                return;
            }
            try {
                server.bind(address);
                boundAddresses.add(ipAddress);
                LOG.fine(() -> "Sandbox SSH listening on " + ipAddress + ":" + config.port());
            } catch (IOException e) {
                LOG.warning(() -> "Sandbox SSH could not listen on " + ipAddress + ":" + config.port() + ": " + e
                        + " (is another program using that port?)");
            }
        }
    }

    private void unbind(String ipAddress) {
        if (closed) {
            return;
        }
        synchronized (boundAddresses) {
            if (boundAddresses.remove(ipAddress)) {
                server.unbind(new InetSocketAddress(ipAddress, config.port()));
            }
        }
        // Sessions still open on the released address end with it.
        for (Session session : server.getActiveSessions()) {
            if (ipAddress.equals(localIp(session))) {
                session.close(true);
            }
        }
    }

    // ---- who answers --------------------------------------------------------------------------------------------

    /** Whether a connection to this local address may go on: only if a running instance holds the address. */
    private boolean admits(SocketAddress local) {
        if (closed || !(local instanceof InetSocketAddress inet)) {
            return false;
        }
        String ip = inet.getAddress().getHostAddress();
        Optional<SandboxHost> host = directory.hostAt(ip);
        if (host.isEmpty() || !host.get().answering()) {
            host.map(h -> machines.get(h.instanceId())).ifPresent(m -> m.loseRunsInProgress(clock.instant()));
            LOG.fine(() -> "Sandbox SSH: refused a connection to " + ip + ": "
                    + (host.isEmpty() ? "no instance holds it" : "instance " + host.get().instanceId() + " is not running"));
            return false;
        }
        return true;
    }

    /**
     * Whether the session's instance still answers, asked before each command; when it does, its boot id is brought
     * up to date first, so that a command sees the boot it runs in.
     */
    private boolean answering(Session session) {
        SimulatedMachine machine = session.getAttribute(MACHINE);
        if (machine == null) {
            return false;
        }
        Optional<SandboxHost> host = directory.hostAt(localIp(session));
        boolean up = host.isPresent() && host.get().answering() && host.get().instanceId().equals(machine.instanceId());
        if (up) {
            machine.booted(host.get().bootId());
        }
        return up;
    }

    /**
     * A reboot command ran on the machine. As systemd does, it returns at once and the machine goes down a moment
     * later ({@value #REBOOT_DELAY_MILLIS} ms, so that the command's exit status still reaches the client): the cloud
     * reboots the instance as RebootInstance would (Starting, then Running, with a new boot), its SSH sessions close
     * and its detached runs die. An instance told to {@link #ignoreReboots ignore reboots} only answers success.
     */
    private boolean rebootFromOs(SimulatedMachine machine) {
        if (ignoringReboots.contains(machine.instanceId())) {
            LOG.fine(() -> "Sandbox SSH: instance " + machine.instanceId() + " ignores the reboot it was asked for");
            return true;
        }
        Optional<SandboxHost> host = directory.hostAt(machine.publicIp());
        if (host.isEmpty() || !host.get().instanceId().equals(machine.instanceId())) {
            return false;
        }
        try {
            watcher.schedule(() -> {
                if (directory.rebootFromOs(machine.publicIp())) {
                    machine.loseRunsInProgress(clock.instant());
                    dropConnections(machine.instanceId());
                }
            }, REBOOT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return false; // the hosts are closing
        }
        return true;
    }

    /** The machine of the instance that held the session's address when it connected (resolved once, kept). */
    private SimulatedMachine machineOf(SessionContext context) {
        if (!(context instanceof Session session)) {
            return null;
        }
        SimulatedMachine known = session.getAttribute(MACHINE);
        if (known != null) {
            return known;
        }
        String ip = localIp(session);
        Optional<SandboxHost> host = ip == null ? Optional.empty() : directory.hostAt(ip);
        if (host.isEmpty()) {
            return null;
        }
        SandboxHost h = host.get();
        SimulatedMachine machine = machines.computeIfAbsent(h.instanceId(),
                id -> disks.newMachine(id, h.osName(), h.publicIp()));
        machine.movedTo(ip);
        session.setAttribute(MACHINE, machine);
        return machine;
    }

    private static String localIp(Session session) {
        SocketAddress local = session.getIoSession() == null ? null : session.getIoSession().getLocalAddress();
        return local instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : null;
    }

    private boolean authenticate(String username, PublicKey offered, org.apache.sshd.server.session.ServerSession session) {
        SimulatedMachine machine = machineOf(session);
        if (machine == null || !LOGIN_USER.equals(username)) {
            return false;
        }
        Optional<SandboxHost> host = directory.hostAt(localIp(session));
        if (host.isEmpty() || !host.get().instanceId().equals(machine.instanceId())) {
            return false;
        }
        String authorized = host.get().authorizedKey();
        if (authorized == null || authorized.isBlank()) {
            LOG.warning(() -> "Sandbox SSH: instance " + machine.instanceId() + " has no key pair; nobody can log in");
            return false;
        }
        try {
            PublicKey expected = AuthorizedKeyEntry.parseAuthorizedKeyEntry(authorized.trim())
                    .resolvePublicKey(session, Collections.emptyMap(), PublicKeyEntryResolver.FAILING);
            return KeyUtils.compareKeys(expected, offered);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            LOG.warning(() -> "Sandbox SSH: the public key of instance " + machine.instanceId()
                    + " is not a usable OpenSSH public key line (" + e.getMessage() + ")");
            return false;
        }
    }

    private Optional<InjectedFailure> failureFor(String instanceId, String stepId) {
        return failures.stream().filter(f -> f.appliesTo(instanceId, stepId)).findFirst();
    }

    /**
     * Re-reads the state of instances that have open sessions or a run in progress: one that stopped answering (or
     * whose address now belongs to another instance) loses its sessions and its run.
     */
    private void watch() {
        try {
            Instant now = clock.instant();
            for (SimulatedMachine machine : List.copyOf(machines.values())) {
                Set<Session> open = sessionsByInstance.getOrDefault(machine.instanceId(), Set.of());
                if (open.isEmpty() && !machine.hasRunInProgress(now)) {
                    continue;
                }
                Optional<SandboxHost> host = directory.hostAt(machine.publicIp());
                boolean up = host.isPresent() && host.get().answering()
                        && host.get().instanceId().equals(machine.instanceId());
                if (!up) {
                    machine.loseRunsInProgress(now);
                    for (Session session : List.copyOf(open)) {
                        session.close(true);
                    }
                }
            }
        } catch (RuntimeException e) {
            // The watcher must survive a directory hiccup, or stopped instances would keep answering.
            LOG.log(Level.WARNING, "Sandbox SSH: checking instance states failed", e);
        }
    }

    // ---- MINA plumbing ------------------------------------------------------------------------------------------

    /** Each session presents the host key of the instance it reached. */
    private final class InstanceHostKeys implements KeyPairProvider {
        @Override
        public Iterable<KeyPair> loadKeys(SessionContext session) {
            SimulatedMachine machine = machineOf(session);
            return machine == null ? List.of() : List.of(hostKeys.forInstance(machine.instanceId()));
        }
    }

    /** SFTP and scp see the machine's in-memory files, starting in root's home. */
    private final class MachineFiles implements FileSystemFactory {
        @Override
        public Path getUserHomeDir(SessionContext session) throws IOException {
            return fileSystem(session).getPath(SimulatedMachine.HOME);
        }

        @Override
        public FileSystem createFileSystem(SessionContext session) throws IOException {
            return fileSystem(session);
        }

        private FileSystem fileSystem(SessionContext session) throws IOException {
            SimulatedMachine machine = machineOf(session);
            if (machine == null) {
                throw new IOException("No sandbox instance behind this connection any more");
            }
            return machine.sessionView();
        }
    }

    /**
     * MINA's server binds the addresses given before start; the sandbox's addresses come and go while it runs, so
     * this opens the acceptor without binding anything and binds each address on demand.
     */
    static final class BindableServer extends SshServer {
        /** Asked for each accepted connection, before a single SSH byte is sent. */
        Predicate<SocketAddress> admission = local -> false;

        @Override
        protected SessionFactory createSessionFactory() {
            return new SessionFactory(this) {
                @Override
                public void sessionCreated(IoSession ioSession) throws Exception {
                    if (!admission.test(ioSession.getLocalAddress())) {
                        // Closing the socket now makes the client fail to connect at once instead of waiting.
                        ioSession.close(true);
                        return;
                    }
                    super.sessionCreated(ioSession);
                }

                @Override
                public void sessionClosed(IoSession ioSession) throws Exception {
                    if (AbstractSession.getSession(ioSession, true) != null) {
                        super.sessionClosed(ioSession); // refused connections never had an SSH session
                    }
                }
            };
        }

        void openWithoutBinding() throws IOException {
            checkConfig();
            if (getSessionFactory() == null) {
                setSessionFactory(createSessionFactory());
            }
            acceptor = createAcceptor();
            setupSessionTimeout(getSessionFactory());
        }

        void bind(InetSocketAddress address) throws IOException {
            acceptor.bind(address);
        }

        void unbind(InetSocketAddress address) {
            acceptor.unbind(address);
        }

        void unbindAll() {
            if (acceptor != null) {
                acceptor.unbind();
            }
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

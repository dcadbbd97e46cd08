package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.sandbox.SandboxHostDirectory.SandboxHost;
import com.ecsprovisioner.sandbox.SandboxHostDirectory;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
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
 * <p>
 * Its parts: {@link HostAddresses} binds and unbinds the addresses, {@link InstanceSessions} says who answers behind
 * each and keeps the sessions, {@link BindableServer} is MINA's server with addresses bound on demand; the
 * simulated OS is {@link CommandInterpreter}'s.
 */
public final class SandboxSshHosts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SandboxSshHosts.class.getName());

    static final long WATCH_MILLIS = 200;
    static final long REBOOT_DELAY_MILLIS = 100;

    private final SandboxHostDirectory directory;
    private final SshHostsConfig config;
    private final Clock clock;
    private final HostKeys hostKeys;
    /** Who answers behind each address, and the sessions open on each instance. */
    private final InstanceSessions sessions;
    private final List<InjectedFailure> failures = new CopyOnWriteArrayList<>();
    /** Hosts whose downloads the simulated Internet alters, as a compromised mirror or a man in the middle would. */
    private final Set<String> tamperedHosts = ConcurrentHashMap.newKeySet();
    /** Instances whose OS accepts a reboot command and then does not reboot (a hung shutdown). */
    private final Set<String> ignoringReboots = ConcurrentHashMap.newKeySet();
    private final CommandInterpreter interpreter;
    private final ExecutorService commandThreads;
    private final ScheduledExecutorService watcher;
    private final BindableServer server;
    private final HostAddresses addresses;
    private volatile boolean closed;

    private SandboxSshHosts(SandboxHostDirectory directory, SshHostsConfig config, Clock clock) {
        this.directory = directory;
        this.config = config;
        this.clock = clock;
        this.hostKeys = new HostKeys(config.dataFolder());
        this.sessions = new InstanceSessions(directory, clock);
        this.failures.addAll(config.failures());
        SimulatedBootstrapAgent agent = new SimulatedBootstrapAgent(clock, config.stepDurationScale(), config.seed(),
                this::failureFor, config.port(), () -> Set.copyOf(tamperedHosts));
        this.interpreter = new CommandInterpreter(agent, this::rebootFromOs);
        this.commandThreads = Executors.newCachedThreadPool(daemonThreads("sandbox-ssh-exec"));
        this.watcher = Executors.newSingleThreadScheduledExecutor(daemonThreads("sandbox-ssh-watch"));
        this.server = (BindableServer) ServerBuilder.builder().factory(BindableServer::new).build();
        this.addresses = new HostAddresses(server, config.port());
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
                    hosts.addresses.bind(ipAddress);
                }

                @Override
                public void released(String ipAddress) {
                    hosts.addresses.unbind(ipAddress);
                }
            });
            directory.addDiskListener(hosts.sessions.disks());
        } catch (RuntimeException e) {
            hosts.close();
            throw e;
        }
        hosts.watcher.scheduleWithFixedDelay(hosts.sessions::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
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
        server.setPublickeyAuthenticator(sessions::authenticate);
        server.setFileSystemFactory(new MachineFiles(sessions));
        server.setCommandFactory(new ScpCommandFactory.Builder()
                .withDelegate((channel, command) -> new SimulatedCommand(command, commandThreads,
                        () -> sessions.machineOf(channel.getServerSession()), interpreter,
                        () -> sessions.answering(channel.getServerSession())))
                .build());
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        server.admission = sessions::admits;
        server.addSessionListener(sessions);
        server.openWithoutBinding();
    }

    // ---- public API ---------------------------------------------------------------------------------------------

    /** The port every instance address listens on. */
    public int port() {
        return config.port();
    }

    /** The addresses listened on now, sorted. */
    public Set<String> boundAddresses() {
        return addresses.bound();
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
        int count = sessions.dropConnections(instanceId);
        int dropped = count;
        LOG.fine(() -> "Sandbox SSH: dropped " + dropped + " session(s) of " + instanceId);
        return count;
    }

    /** How many SSH sessions the instance has open now. */
    public int openSessions(String instanceId) {
        return sessions.openSessions(instanceId);
    }

    /** How many SSH sessions were opened to the instance since these hosts started: what a client's connections cost it. */
    public long sessionsOpened(String instanceId) {
        return sessions.sessionsOpened(instanceId);
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
        addresses.close();
        sessions.close();
        watcher.shutdownNow();
        try {
            // Unbinding first frees the addresses before close() returns, so a restart can bind them again at once.
            server.unbindAll();
            server.stop(true);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Sandbox SSH server did not stop cleanly", e);
        }
        commandThreads.shutdownNow();
        sessions.forgetMachines();
        addresses.forget();
        LOG.info("Sandbox SSH hosts stopped");
    }

    // ---- the OS and the bootstrap ----------------------------------------------------------------------------------

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

    private Optional<InjectedFailure> failureFor(String instanceId, String stepId) {
        return failures.stream().filter(f -> f.appliesTo(instanceId, stepId)).findFirst();
    }

    // ---- MINA plumbing ------------------------------------------------------------------------------------------

    /** Each session presents the host key of the instance it reached. */
    private final class InstanceHostKeys implements KeyPairProvider {
        @Override
        public Iterable<KeyPair> loadKeys(SessionContext session) {
            SimulatedMachine machine = sessions.machineOf(session);
            return machine == null ? List.of() : List.of(hostKeys.forInstance(machine.instanceId()));
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

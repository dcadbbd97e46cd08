package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.sandbox.SandboxHostDirectory;
import com.ecsprovisioner.sandbox.SandboxHostDirectory.SandboxHost;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;

/**
 * Who answers behind an address, asked of the sandbox's directory at each turn (the instance's state is read, never
 * pushed): whether a connection may go on, which simulated machine a session reached, whether its instance still
 * answers before each command, whose key logs in; and the sessions open on each instance, closed when it stops
 * answering ({@link #watch}) or when the network drops ({@link #dropConnections}).
 */
final class InstanceSessions implements SessionListener {

    private static final Logger LOG = Logger.getLogger(SandboxSshHosts.class.getName());

    private static final String LOGIN_USER = "root";
    private static final AttributeKey<SimulatedMachine> MACHINE = new AttributeKey<>();

    private final SandboxHostDirectory directory;
    private final Clock clock;
    private final Map<String, SimulatedMachine> machines = new ConcurrentHashMap<>();
    private final SnapshotDisks disks = new SnapshotDisks(machines);
    private final Map<String, Set<Session>> sessionsByInstance = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> opened = new ConcurrentHashMap<>();
    private volatile boolean closed;

    InstanceSessions(SandboxHostDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** Where the directory tells of disks made from snapshots and of disks reset, for the machines' files. */
    SnapshotDisks disks() {
        return disks;
    }

    /** Whether a connection to this local address may go on: only if a running instance holds the address. */
    boolean admits(SocketAddress local) {
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
    boolean answering(Session session) {
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

    /** The machine of the instance that held the session's address when it connected (resolved once, kept). */
    SimulatedMachine machineOf(SessionContext context) {
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

    static String localIp(Session session) {
        SocketAddress local = session.getIoSession() == null ? null : session.getIoSession().getLocalAddress();
        return local instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : null;
    }

    /** Public key only, as {@code root}, with the key pair the instance was made with. */
    boolean authenticate(String username, PublicKey offered, ServerSession session) {
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

    @Override
    public void sessionCreated(Session session) {
        SimulatedMachine machine = machineOf(session);
        if (machine != null) {
            sessionsByInstance.computeIfAbsent(machine.instanceId(), id -> ConcurrentHashMap.newKeySet()).add(session);
            opened.computeIfAbsent(machine.instanceId(), id -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }
    }

    /** How many SSH sessions the instance has open now. */
    int openSessions(String instanceId) {
        return sessionsByInstance.getOrDefault(instanceId, Set.of()).size();
    }

    /** How many SSH sessions were opened to the instance since these hosts started. */
    long sessionsOpened(String instanceId) {
        java.util.concurrent.atomic.AtomicLong count = opened.get(instanceId);
        return count == null ? 0 : count.get();
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

    /** Closes every open SSH session of the instance; answers how many. */
    int dropConnections(String instanceId) {
        Set<Session> open = sessionsByInstance.getOrDefault(instanceId, Set.of());
        int count = 0;
        for (Session session : List.copyOf(open)) {
            session.close(true);
            count++;
        }
        return count;
    }

    /**
     * Re-reads the state of instances that have open sessions or a run in progress: one that stopped answering (or
     * whose address now belongs to another instance) loses its sessions and its run.
     */
    void watch() {
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

    /** No connection is admitted any more (the hosts are closing). */
    void close() {
        closed = true;
    }

    /** The simulated machines are forgotten (their files with them), once the server stopped. */
    void forgetMachines() {
        machines.values().forEach(SimulatedMachine::close);
        machines.clear();
    }
}

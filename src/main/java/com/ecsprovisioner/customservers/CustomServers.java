package com.ecsprovisioner.customservers;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditTrail;
import com.ecsprovisioner.audit.Changes;
import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.bootstrap.DownloadSources;
import com.ecsprovisioner.bootstrap.SshConnection;
import com.ecsprovisioner.bootstrap.SshFailure;
import com.ecsprovisioner.bootstrap.SshTarget;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.ProfileAccess;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.security.SecretBox;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerSearch;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * The boundary for custom (bring-your-own) servers: register one, test its SSH login, run the bootstrap on it (a
 * bootstrap-only job: the same {@code BOOTSTRAP} step as a deployment), and remove it. Registering checks the key
 * and the address before anything is stored; keys are sealed at once and never read back to a page. Removing a
 * custom server forgets it and its key; the machine itself is not touched.
 */
@Stateless
public class CustomServers {

    private static final Logger LOG = Logger.getLogger(CustomServers.class.getName());
    /** A quick answer for a button: shorter than the bootstrap's own time-outs. */
    private static final SshTimeouts TEST_TIMEOUTS = new SshTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10));

    @PersistenceContext
    EntityManager em;

    /** Who calls: recorded on every job this boundary makes. */
    @Resource
    SessionContext context;

    /** The name recorded as who asked: the caller, or the sender an interface authenticated itself (JMS). */
    @Inject
    Requester requester;

    /** What this boundary changes outside a job is recorded with who asked, in the change's transaction. */
    @Inject
    AuditTrail audit;

    @Inject
    SecretBox box;

    @Inject
    ProfileAccess profiles;

    @Inject
    JobQueue queue;

    /** Every change here is told as events in its own transaction (README, Automation interface, Events). */
    @Inject
    JobEvents events;

    @Inject
    ServerLogins logins;

    /**
     * How a person logs in to a server (ECS or custom) as the product does, to copy from its page: {@code ssh} with
     * its user, port and key file; empty before it has an address. Here because custom servers keep their own login.
     */
    @jakarta.annotation.security.RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public java.util.Optional<String> sshCommand(long serverId) {
        Server server = em.find(Server.class, serverId);
        return server == null ? java.util.Optional.empty() : logins.sshCommandFor(server).map(c -> c.text());
    }

    /** A custom server with its login and its latest job (null before its first bootstrap), as the console lists it. */
    public record Listed(Server server, CustomServer login, Long latestJobId) {
    }

    /** The outcome of "test SSH": whether the login worked, what the server is, and its host key. */
    public record SshCheck(boolean ok, String message, String hostKeyFingerprint) {
    }

    @RolesAllowed(Role.ADMIN_NAME)
    public long register(CustomServerRequest request) {
        Checked checked = check(request);
        Server.requireValidName(request.name());
        if (ServerSearch.nameInUse(em, request.name())) {
            throw new Rejected("A server named " + request.name() + " exists already: choose another name");
        }
        AddressClash.refuseManaged(checked.target().host(), em.createQuery(
                "SELECT s FROM Server s WHERE s.custom = FALSE AND s.publicIp IS NOT NULL AND s.status <> :deleted", Server.class)
                .setParameter("deleted", ServerStatus.DELETED).getResultList());
        Instant now = Instant.now();
        Server server = Server.custom(request.name(), checked.target().host(), checked.profileId(), checked.regionId(), now);
        em.persist(server);
        em.flush();
        events.serverStatusChanged(server, null, now);
        CustomServer login = checked.ownKey()
                ? CustomServer.withOwnKey(server.getId(), checked.target().port(), checked.target().user(),
                        box.seal(ServerLogins.PRIVATE_KEY, request.privateKey()),
                        request.passphrase() == null || request.passphrase().isEmpty() ? null : box.seal(ServerLogins.PASSPHRASE, request.passphrase()),
                        checked.target().keyType(), now)
                : CustomServer.withProfileKey(server.getId(), checked.target().port(), checked.target().user(), checked.profileId(), now);
        login.changeBootstrap(request.bootstrap());
        em.persist(login);
        Changes changes = Changes.none().value("address", checked.target().host()).value("sshPort", checked.target().port())
                .value("sshUser", checked.target().user()).value("region", checked.regionId())
                .value("login", checked.ownKey() ? "its own private key" : "the key of profile \"" + checked.profileName() + "\"");
        if (!request.bootstrap().equals(BootstrapOverrides.none())) {
            changes.value("bootstrapSettings", request.bootstrap().describe());
        }
        audit.record(requester.nameOf(context.getCallerPrincipal()), AuditAction.CUSTOM_SERVER_REGISTERED, subject(server), changes);
        LOG.info(() -> "Custom server registered: " + request);
        return server.getId();
    }

    /** Logs in with the entered login (nothing is stored) and runs {@code id -un}; never throws for a refused login. */
    @RolesAllowed(Role.ADMIN_NAME)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public SshCheck testSsh(CustomServerRequest request) {
        SshTarget target = check(request).target();
        try (SshConnection ssh = SshConnection.open(target, TEST_TIMEOUTS)) {
            SshConnection.Result who = ssh.exec("id -un");
            String user = who.stdoutText().strip();
            return new SshCheck(who.exitCode() == 0, who.exitCode() == 0
                    ? "Logged in to " + target.address() + " as " + user + (user.equals("root") ? "" : " (the bootstrap runs through sudo -n)")
                    : "Logged in to " + target.address() + ", but 'id -un' failed with exit code " + who.exitCode(),
                    ssh.hostKey().type() + " " + ssh.hostKey().fingerprint());
        } catch (SshFailure e) {
            return new SshCheck(false, e.getMessage(), null);
        }
    }

    /** Starts a bootstrap-only job on the server; answers the job's id (for {@code job.xhtml?id=}). */
    @RolesAllowed(Role.ADMIN_NAME)
    public long bootstrap(long serverId) {
        Server server = requireCustom(serverId);
        boolean busy = em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultStream()
                .anyMatch(j -> j.getState().isActive());
        if (busy) {
            throw new Rejected("Server " + server.getName() + " has a job running: wait for it or cancel it first");
        }
        if (server.getStatus() == ServerStatus.BOOTSTRAPPING) {
            throw new Rejected("Server " + server.getName() + " is being bootstrapped already");
        }
        Instant now = Instant.now();
        CustomServer login = loginOf(server);
        Job job = DeploymentJobs.bootstrapOnly(serverId, server.getProfileId(), server.getRegionId(), server.getName(), login.getSshPort(),
                requester.nameOf(context.getCallerPrincipal()), now);
        em.persist(job);
        em.flush();
        events.record(JobEvents.before(null, server), job, server, now);
        queue.advance(job.getId());
        return job.getId();
    }

    /** Forgets the server and its key (the machine is not touched). */
    @RolesAllowed(Role.ADMIN_NAME)
    public void delete(long serverId) {
        Server server = requireCustom(serverId);
        boolean busy = em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultStream()
                .anyMatch(j -> j.getState().isActive());
        if (busy) {
            throw new Rejected("Server " + server.getName() + " has a job running: wait for it or cancel it first");
        }
        Instant now = Instant.now();
        try {
            ServerStatus was = server.getStatus();
            server.delete("custom server removed from the product (the machine is untouched)", now);
            server.markDeleted(now);
            events.serverStatusChanged(server, was, now);
        } catch (IllegalTransition e) {
            throw new Rejected("Server " + server.getName() + " is " + server.getStatus().name().toLowerCase() + " already");
        }
        em.remove(loginOf(server));
        audit.record(requester.nameOf(context.getCallerPrincipal()), AuditAction.CUSTOM_SERVER_REMOVED, subject(server),
                Changes.none().value("address", server.getPublicIp()));
        LOG.info(() -> "Custom server " + server.getName() + " removed");
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<Listed> list() {
        List<Server> servers = em.createQuery("SELECT s FROM Server s WHERE s.custom = TRUE AND s.status <> :deleted ORDER BY s.name", Server.class)
                .setParameter("deleted", ServerStatus.DELETED).getResultList();
        return servers.stream().map(s -> new Listed(s, loginOf(s), em.createNamedQuery("Job.forServer", Job.class)
                .setParameter("serverId", s.getId()).setMaxResults(1).getResultStream().findFirst().map(Job::getId).orElse(null)))
                .toList();
    }

    /** profileName: what the audit trail shows of the profile whose key logs in (its id means nothing to a reader). */
    private record Checked(SshTarget target, boolean ownKey, long profileId, String profileName, String regionId) {
    }

    /** Everything a person can get wrong, said in words, before anything is stored or any connection is made. */
    private Checked check(CustomServerRequest r) {
        if (r == null) {
            throw new Rejected("The custom server's details are missing");
        }
        boolean ownKey = r.privateKey() != null && !r.privateKey().isBlank();
        if (!ownKey && r.keyProfileId() == null) {
            throw new Rejected("Paste the server's private key, or choose a provider profile whose key logs in");
        }
        if (ownKey && r.keyProfileId() != null) {
            throw new Rejected("Paste a private key or choose a profile's key, not both");
        }
        ProviderProfile profile = r.keyProfileId() == null ? null : em.find(ProviderProfile.class, r.keyProfileId());
        if (r.keyProfileId() != null && profile == null) {
            throw new Rejected("There is no provider profile " + r.keyProfileId());
        }
        String region = r.regionId() == null || r.regionId().isBlank() ? (profile == null ? null : profile.getRegionId()) : r.regionId().strip();
        if (region == null) {
            throw new Rejected("Choose the region nearest to the server (it decides the download mirrors), e.g. cn-hangzhou or ap-southeast-1");
        }
        try {
            DownloadSources.isMainlandChina(region);
            String key = ownKey ? r.privateKey() : profiles.loginKeyFor(r.keyProfileId()).privateKeyPem();
            String passphrase = ownKey ? r.passphrase() : profiles.loginKeyFor(r.keyProfileId()).passphrase();
            SshTarget target = new SshTarget(r.address(), r.sshPort(), r.user(), key, passphrase, null);
            return new Checked(target, ownKey, profile == null ? 0 : profile.getId(), profile == null ? null : profile.getName(), region);
        } catch (Rejected e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new Rejected(e.getMessage());
        }
    }

    private static String subject(Server server) {
        return "custom server '" + server.getName() + "' (" + server.getId() + ")";
    }

    private Server requireCustom(long serverId) {
        Server server = em.find(Server.class, serverId);
        if (server == null || !server.isCustom()) {
            throw new Rejected("There is no custom server " + serverId);
        }
        return server;
    }

    private CustomServer loginOf(Server server) {
        return em.createNamedQuery("CustomServer.byServer", CustomServer.class).setParameter("serverId", server.getId())
                .getResultStream().findFirst()
                .orElseThrow(() -> new Rejected("Custom server " + server.getName() + " has no login registered"));
    }
}

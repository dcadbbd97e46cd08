package com.ecsprovisioner.firewall;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.firewall.FirewallRequests.Where;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.server.Server;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The boundary for a server's firewall. Admins change it; admins and viewers read it.
 * <p>
 * {@link #view} reads where each rule stands now: the server's security group (DescribeSecurityGroupAttribute) and ufw
 * on the server (over SSH), and marks drift, a rule open in one place and missing in the other. {@link #open} and
 * {@link #close} make one durable job that changes both places (the security group first); {@link #repair} makes the
 * same kind of job for one place, to add a drifted rule where it is missing or remove it where it is. Each answers
 * the job's id at once; the job's progress and log are read like any other job's. A refusal is a {@link Rejected}
 * whose message is meant for the person (see {@link FirewallRequests}).
 * <p>
 * {@code ecs.firewall.product-address}: the IPv4 address the product's SSH connections reach servers from, as the
 * servers see it. Closing SSH to a range that includes it is refused; while it is not set, closing SSH to everyone
 * is refused, since the product cannot know it would still get in.
 */
@Stateless
public class Firewall {

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    @Inject
    Requester requester;

    @Inject
    TargetsLookup targets;

    @Inject
    JobQueue queue;

    @Inject
    JobEvents events;

    @Inject
    BootstrapAccess access;

    @Inject
    @ConfigProperty(name = "ecs.firewall.product-address")
    Optional<String> productAddress;

    private HostFirewall host;

    @PostConstruct
    void connect() {
        host = new HostFirewall(access, SshTimeouts.defaults());
    }

    /** Where each rule stands now in the security group and on the server. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public FirewallView view(long serverId) {
        Server server = server(serverId);
        return read(server);
    }

    /** Opens TCP {@code port} to {@code cidr} in the security group and on the server; answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long open(long serverId, int port, String cidr) {
        return change(serverId, true, FirewallRule.of(port, cidr), Where.BOTH);
    }

    /** Closes TCP {@code port} to {@code cidr} in the security group and on the server; answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long close(long serverId, int port, String cidr) {
        return change(serverId, false, FirewallRule.of(port, cidr), Where.BOTH);
    }

    /**
     * Puts a drifted rule right: {@code keep} adds it where it is missing, otherwise it is removed where it is open.
     * Refused when the rule is not drifted now (it is in both places or in neither).
     */
    @RolesAllowed(Role.ADMIN_NAME)
    public long repair(long serverId, int port, String cidr, boolean keep) {
        Server server = server(serverId);
        FirewallRule rule = FirewallRule.of(port, cidr);
        FirewallView view = read(server);
        return change(serverId, keep, rule, FirewallLooks.repairPlace(view, rule, keep));
    }

    // ---- Internals --------------------------------------------------------------------------------------------

    private long change(long serverId, boolean opening, FirewallRule rule, Where where) {
        Server server = server(serverId);
        // A firewall job leaves the server's row as it is, so no version check would catch a second request (or a
        // Stop or Delete) made at the same moment: the row is locked until this transaction has made its job.
        em.lock(server, LockModeType.PESSIMISTIC_WRITE);
        List<Job> jobs = em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultList();
        Optional<String> busy = FirewallRequests.refusal(server, jobs);
        if (busy.isPresent()) {
            throw new Rejected(busy.get());
        }
        boolean shared = !server.isCustom() && where != Where.SERVER && sharedGroup(server);
        List<FirewallRule> open = opening ? List.of() : FirewallLooks.openEverywhere(read(server), server.isCustom() ? Where.SERVER : where);
        FirewallRequests.Context ctx = new FirewallRequests.Context(shared, sshPort(server), productAddress.map(String::strip)
                .filter(a -> !a.isEmpty()), open);
        JobEvents.Before before = JobEvents.before(null, server);
        Instant now = Instant.now();
        FirewallRequests.Planned planned = FirewallRequests.request(serverId, server, jobs, opening, rule, where, ctx,
                requester.nameOf(context.getCallerPrincipal()), now);
        Job job = planned.job();
        em.persist(job);
        em.flush();
        em.persist(planned.change(serverId, now));
        events.record(before, job, server, now);
        queue.advance(job.getId());
        return job.getId();
    }

    private FirewallView read(Server server) {
        return FirewallLooks.read(server, () -> targets.get().cloudFor(server), host, sshPort(server));
    }

    private boolean sharedGroup(Server server) {
        String group = server.getSecurityGroupId();
        CloudTypes.SecurityGroup g = targets.get().cloudFor(server).describeSecurityGroups(List.of(group)).get(group);
        return g != null && g.tags().containsKey(Tags.SHARED_NETWORK);
    }

    private int sshPort(Server server) {
        try {
            return host.sshPort(server);
        } catch (IllegalArgumentException noLogin) {
            return 22;
        }
    }

    private Server server(long serverId) {
        Server server = em.find(Server.class, serverId);
        if (server == null) {
            throw new Rejected("There is no server " + serverId);
        }
        return server;
    }
}

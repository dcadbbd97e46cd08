package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.lifecycle.LifecycleRequests.NetworkChoice;
import com.ecsprovisioner.lifecycle.LifecycleRequests.Options;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerAction;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The boundary for what a person does to servers that exist, and for network clean-up. Admins act; admins and
 * viewers read.
 * <p>
 * Actions ({@link #start}, {@link #stop}, {@link #reboot} (soft over SSH, hard through the API when that is not
 * possible), {@link #hardReboot} (through the API only), {@link #resize} (stop, change
 * the type, start again if it was running), {@link #snapshot} (system disk), {@link #delete}) each make a durable
 * job on the deployment engine and answer its id at once: the job's progress, steps and log are read through
 * {@code provisioning.Deployments#job(long)}, a failed one is retried there too. A request the server's state does
 * not allow is refused with a {@link Rejected} whose message is meant for the person (e.g. "Server blog-1 is
 * stopped: it can be rebooted only when it is active, unreachable, failed"); {@link #allowedActions} says in
 * advance which buttons make sense. Only one job runs on a server at a time.
 * <p>
 * Delete: {@link #deletionOffer} lists the network resources that can go with the server, each with the other live
 * servers that use it and whether it is selected by default (when none does); {@link #delete} takes the ids chosen.
 * The job releases the instance, then deletes the chosen resources children first, retrying the cloud's
 * DependencyViolation until its deadline, and its log ends with what it deleted.
 */
@Stateless
public class ServerActions {

    @PersistenceContext
    EntityManager em;

    /** Who calls: recorded on every job this boundary makes. */
    @Resource
    SessionContext context;

    /** The name recorded as who asked: the caller, or the sender an interface authenticated itself (JMS). */
    @Inject
    Requester requester;

    @Inject
    TargetsLookup targets;

    @Inject
    JobQueue queue;

    /** Every change here is told as events in its own transaction (README, Automation interface, Events). */
    @Inject
    JobEvents events;

    /** Starts a stopped server; answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long start(long serverId) {
        return act(ServerAction.START, serverId, Options.none());
    }

    /** Stops a running server (a normal shutdown); answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long stop(long serverId) {
        return act(ServerAction.STOP, serverId, Options.none());
    }

    /**
     * Reboot: asks the OS over SSH when the server is active and its host key is pinned, and watches it go down and
     * answer again; reboots through the API when that is not possible or does not happen in time (the job's log says
     * which and why). Answers the job's id.
     */
    @RolesAllowed(Role.ADMIN_NAME)
    public long reboot(long serverId) {
        return act(ServerAction.REBOOT, serverId, Options.none());
    }

    /** Hard reboot through the API only (ForceStop), for a server whose OS no longer responds; answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long hardReboot(long serverId) {
        return act(ServerAction.HARD_REBOOT, serverId, Options.none());
    }

    /** Changes the instance type (stop, ModifyInstanceSpec, start again if it was running); answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long resize(long serverId, String instanceType) {
        if (instanceType != null && !instanceType.isBlank()) {
            Server server = server(serverId);
            CloudRegion cloud = targets.get().cloudFor(server);
            boolean known = cloud.instanceTypes().stream().anyMatch(t -> t.id().equals(instanceType.strip()));
            if (!known) {
                throw new Rejected("Region " + server.getRegionId() + " has no instance type " + instanceType.strip()
                        + ": choose one from the list");
            }
        }
        return act(ServerAction.RESIZE, serverId, Options.resizeTo(instanceType));
    }

    /** Snapshot of the system disk; {@code name} may be null (the server's name and the time). Answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long snapshot(long serverId, String name) {
        return act(ServerAction.SNAPSHOT, serverId, Options.snapshotNamed(name));
    }

    /** Deletes the server and the chosen network resources (ids from {@link #deletionOffer}); answers the job's id. */
    @RolesAllowed(Role.ADMIN_NAME)
    public long delete(long serverId, Set<String> networkResourceIds) {
        return act(ServerAction.DELETE, serverId, Options.deleting(networkResourceIds));
    }

    /** The network resources that can be deleted with the server, and which are selected by default. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<NetworkChoice> deletionOffer(long serverId) {
        Server server = server(serverId);
        return LifecycleRequests.deletionOffer(targets.get().cloudFor(server), serverId, server,
                liveServersOf(server.getProfileId()));
    }

    /**
     * Servers whose instance was deleted outside the product, newest first ({@code Server.all} hides deleted servers;
     * these show as deleted with the time the sync noticed it, {@code getStatusNoticedAt()}).
     */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<Server> deletedOutside(int max) {
        return em.createNamedQuery("Server.deletedOutside", Server.class).setParameter("deleted", ServerStatus.DELETED)
                .setMaxResults(Math.max(1, Math.min(max, 500))).getResultList();
    }

    /** The actions that can be asked now (none while a job runs on the server). */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<ServerAction> allowedActions(long serverId) {
        return refusals(serverId).entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    /** For each action, why it cannot be asked now, or null when it can (the console's disabled buttons say why). */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Map<ServerAction, String> refusals(long serverId) {
        Server server = server(serverId);
        List<Job> jobs = jobs(serverId);
        Map<ServerAction, String> out = new EnumMap<>(ServerAction.class);
        for (ServerAction a : ServerAction.values()) {
            out.put(a, LifecycleRequests.refusal(a, server, jobs).orElse(null));
        }
        return out;
    }

    // ---- Internals --------------------------------------------------------------------------------------------

    private long act(ServerAction action, long serverId, Options options) {
        Server server = server(serverId);
        List<NetworkChoice> offer = action == ServerAction.DELETE
                ? LifecycleRequests.deletionOffer(targets.get().cloudFor(server), serverId, server,
                liveServersOf(server.getProfileId()))
                : List.of();
        JobEvents.Before before = JobEvents.before(null, server);
        Instant now = Instant.now();
        LifecycleRequests.Requested requested = LifecycleRequests.request(action, serverId, server, jobs(serverId), options, offer,
                requester.nameOf(context.getCallerPrincipal()), now);
        Job job = requested.job();
        em.persist(job);
        em.flush();
        em.persist(requested.actionOfJob());
        events.record(before, job, server, now);
        queue.advance(job.getId());
        return job.getId();
    }

    private Server server(long serverId) {
        Server server = em.find(Server.class, serverId);
        if (server == null) {
            throw new Rejected("There is no server " + serverId);
        }
        return server;
    }

    private List<Job> jobs(long serverId) {
        return em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultList();
    }

    private Map<Long, Server> liveServersOf(long profileId) {
        Map<Long, Server> out = new LinkedHashMap<>();
        allServersOf(profileId).forEach((id, s) -> {
            if (s.getStatus() != ServerStatus.DELETED) {
                out.put(id, s);
            }
        });
        return out;
    }

    private Map<Long, Server> allServersOf(long profileId) {
        Map<Long, Server> out = new LinkedHashMap<>();
        em.createNamedQuery("Server.ofProfile", Server.class).setParameter("profileId", profileId)
                .getResultList().forEach(s -> out.put(s.getId(), s));
        return out;
    }
}

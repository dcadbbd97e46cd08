package com.ecsprovisioner.deployment;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditTrail;
import com.ecsprovisioner.audit.Changes;
import com.ecsprovisioner.bootstrap.HostKeyPin;
import com.ecsprovisioner.engine.DeploymentTargets;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobHandlers;
import com.ecsprovisioner.engine.JobTiming;
import com.ecsprovisioner.engine.JobLogEntry;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.server.IllegalTransition;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerSearch;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The boundary for deployments: deploy, retry, roll back, cancel, and the reads the console needs. Each command is
 * one transaction that changes the rows and sends "advance job N" on the XA connection factory, so the message
 * leaves only if the rows are committed. A request that cannot work is refused before anything is created, with a
 * {@link Rejected} message meant for the person.
 */
@Stateless
public class Deployments {

    /** How many earlier succeeded jobs of a kind the job page's estimate learns from. */
    static final int HISTORY = 20;

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
    TargetsLookup targets;

    @Inject
    JobQueue queue;

    @Inject
    DeploymentProcess process;

    /** A retry goes to the handler of the job's kind (a failed resize retries as a resize). */
    @Inject
    JobHandlers handlers;

    /** Every change here is told as events in its own transaction (README, Automation interface, Events). */
    @Inject
    JobEvents events;

    /** What a deploy created: the server (listed at once as "requested") and its job. */
    public record Deployment(long serverId, long jobId) {
    }

    @RolesAllowed(Role.ADMIN_NAME)
    public Deployment deploy(DeployRequest request) {
        if (request == null) {
            throw new Rejected("The deploy request is empty");
        }
        DeploymentTargets t = targets.get();
        String region = request.regionOrNull();
        DeploymentPlan plan = DeployRequestCheck.plan(request, t.defaultsFor(request.profileId()).inRegion(region),
                t.cloudFor(request.profileId(), region));
        if (nameTaken(plan.serverName())) {
            throw new Rejected("A server named " + plan.serverName() + " exists already: choose another name");
        }
        return start(plan);
    }

    /**
     * The console's deploy: {@code quantity} servers named by the request's name, a {@link NamePattern} such as
     * {@code shop-{n}}, once the pre-flight check (quotas counted for all of them, permissions tried) found nothing
     * wrong; all of them or none.
     */
    @RolesAllowed(Role.ADMIN_NAME)
    public List<Deployment> deployMany(DeployRequest request, int quantity) {
        BulkPreflight.Named named = preflightNamed(request, quantity);
        if (named.checked().plan() == null) {
            throw new PreflightRefused(named.checked().preflight());
        }
        return named.names().stream().map(n -> start(named.checked().plan().named(n))).toList();
    }

    /** What {@link #deployMany} would refuse, without creating anything: every reason, by the field it is about. */
    @RolesAllowed(Role.ADMIN_NAME)
    public Preflight preflight(DeployRequest request, int quantity) {
        return preflightNamed(request, quantity).checked().preflight();
    }

    private BulkPreflight.Named preflightNamed(DeployRequest request, int quantity) {
        if (request == null) {
            throw new Rejected("The deploy request is empty");
        }
        return BulkPreflight.check(request, quantity, this::nameTaken, targets.get());
    }

    private boolean nameTaken(String name) {
        return ServerSearch.nameInUse(em, name);
    }

    private Deployment start(DeploymentPlan plan) {
        Instant now = Instant.now();
        Server server = new Server(plan.serverName(), plan.profileId(), plan.regionId(), plan.instanceType(), plan.imageId(), now);
        server.choosePhpVersion(plan.phpVersion());
        em.persist(server);
        em.flush();
        Job job = DeploymentJobs.create(server.getId(), plan, requester.nameOf(context.getCallerPrincipal()), now);
        em.persist(job);
        em.flush();
        events.record(JobEvents.before(null, null), job, server, now);
        queue.advance(job.getId());
        return new Deployment(server.getId(), job.getId());
    }

    /** A failed job runs again from its failed step; a failed rollback tries again. */
    @RolesAllowed(Role.ADMIN_NAME)
    public void retry(long jobId) {
        Job job = job(jobId);
        if (!handlers.runs(job.getKind())) {
            throw new Rejected("No part of this application runs " + job.getKind().label().toLowerCase(Locale.ROOT) + " jobs: this one cannot run again here");
        }
        Server server = server(job);
        Instant now = Instant.now();
        try {
            events.during(job, server, now, () -> handlers.forJob(job).retry(job, server, now));
        } catch (IllegalTransition e) {
            if (job.getState() == JobState.FAILED && server != null && !job.getKind().equals(DeploymentJobs.DEPLOY)) {
                // The job may run again, but its server moved since (the status sync saw it change).
                throw new Rejected("Server " + server.getName() + " is " + server.getStatus().dbName() + " now: this "
                        + job.getKind().label().toLowerCase() + " cannot run again; ask for what the server needs now");
            }
            throw new Rejected("Only a failed job can be retried; this one is " + job.getState().dbName().replace('_', ' '));
        }
        noteRequester(job, "Retry");
        queue.advance(jobId);
    }

    /** Deletes exactly what the job created (failed or finished jobs; a running one is cancelled instead). */
    @RolesAllowed(Role.ADMIN_NAME)
    public void rollback(long jobId) {
        Job job = job(jobId);
        Server server = server(job);
        Instant now = Instant.now();
        try {
            events.during(job, server, now, () -> handlers.forJob(job).startRollback(job, server, now));
        } catch (IllegalTransition e) {
            throw new Rejected("This job is " + job.getState().dbName().replace('_', ' ')
                    + (job.getState().isActive() ? ": cancel it instead" : ": there is nothing to roll back"));
        }
        noteRequester(job, "Roll back");
        queue.advance(jobId);
    }

    /**
     * An operator checked that the server was legitimately rebuilt (its new host key fingerprint matches the one its
     * console shows): the pinned key is forgotten, and the next connection (a retry of its job) pins the new one.
     */
    @RolesAllowed(Role.ADMIN_NAME)
    public void acceptNewHostKey(long serverId) {
        Server server = server(serverId);
        if (server.getHostKey() == null) {
            throw new Rejected("Server " + server.getName() + " has no pinned host key: the next connection pins the one it shows");
        }
        String pinned = server.getHostKey();
        server.forgetHostKey(Instant.now());
        audit.record(requester.nameOf(context.getCallerPrincipal()), AuditAction.HOST_KEY_ACCEPTED,
                "server '" + server.getName() + "' (" + server.getId() + ")",
                Changes.none().field("pinnedHostKey", pinnedFingerprint(pinned), "(none: the next connection pins the key it sees)"));
        Logger.getLogger(Deployments.class.getName()).info(() -> "Host key of server " + server.getName()
                + " forgotten by an operator; the next connection pins the key the server shows");
    }

    /** Whether the job page offers Roll back: its kind's handler says (a deployment, a restore to a new server). */
    public boolean rollbackOffered(Job job) {
        return handlers.find(job.getKind()).map(h -> h.rollbackOffered(job)).orElse(false);
    }

    /** Whether the job page offers Cancel: a queued or running job of a kind its handler lets stop. */
    public boolean cancelOffered(Job job) {
        return cancellable(job) && job.getState().isActive() && job.getState() != JobState.ROLLING_BACK;
    }

    private boolean cancellable(Job job) {
        return handlers.find(job.getKind()).map(h -> h.cancellable(job.getKind())).orElse(false);
    }

    /** The fingerprint a person compares (a public key, not a secret; the whole line when it does not parse). */
    private static String pinnedFingerprint(String keyLine) {
        try {
            return HostKeyPin.parse(keyLine).fingerprint();
        } catch (RuntimeException e) {
            return keyLine;
        }
    }

    /** Stops a queued or running deployment and deletes what it created so far. */
    @RolesAllowed(Role.ADMIN_NAME)
    public void cancel(long jobId) {
        // Locked: a worker may be claiming or writing back this job at the same moment; without the lock the later
        // of the two transactions fails its version check, and a person's cancel would fail with it. With it, the
        // cancel waits for the worker's short transaction and reads what it wrote; the worker's next version check
        // then sees the cancel, as the engine expects.
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new Rejected("There is no job " + jobId);
        }
        if (!cancellable(job)) {
            throw new Rejected("A " + job.getKind().label().toLowerCase() + " job cannot be cancelled: it finishes or fails within its deadline");
        }
        Instant now = Instant.now();
        try {
            events.during(job, server(job), now, () -> handlers.requestCancel(job, now));
        } catch (IllegalTransition e) {
            throw new Rejected("Only a queued or running job can be cancelled; this one is " + job.getState().dbName().replace('_', ' '));
        }
        noteRequester(job, "Cancel");
        queue.advance(jobId);
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<Server> servers() {
        return em.createNamedQuery("Server.all", Server.class).setParameter("deleted", ServerStatus.DELETED).getResultList();
    }

    /** How many servers match the Servers list's filters (not deleted ones, unless asked for). */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public long countServers(ServerSearch.Query query) {
        return ServerSearch.count(em, Objects.requireNonNull(query, "query"));
    }

    /** One page of the Servers list, filtered and sorted by the database. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<Server> serverPage(ServerSearch.Query query) {
        return ServerSearch.page(em, Objects.requireNonNull(query, "query"));
    }

    /** How many servers are in each status (the dashboard), counted by the database. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Map<ServerStatus, Long> serverCountsByStatus() {
        return ServerSearch.countsByStatus(em);
    }

    /** The regions that have servers (the Servers list's region filter). */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<String> serverRegions() {
        return ServerSearch.regions(em);
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Server server(long serverId) {
        Server server = em.find(Server.class, serverId);
        if (server == null) {
            throw new Rejected("There is no server " + serverId);
        }
        server.getHistory().size();
        return server;
    }

    /** A job with its steps, resources and log. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Job job(long jobId) {
        Job job = em.find(Job.class, jobId);
        if (job == null) {
            throw new Rejected("There is no job " + jobId);
        }
        job.getSteps().size();
        job.resources().size();
        job.log().size();
        return job;
    }

    /**
     * How far the job is and how long it usually takes: the step times of the last {@value #HISTORY} succeeded jobs
     * of its kind, and how far its running step got as its handler tells.
     */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public JobTiming timing(Job job) {
        List<Job> past = em.createNamedQuery("Job.succeededOfKind", Job.class).setParameter("kind", job.getKind().dbName())
                .setParameter("state", JobState.SUCCEEDED).setMaxResults(HISTORY).getResultList();
        OptionalDouble share = handlers.find(job.getKind()).map(h -> h.shareOfCurrentStep(job)).orElse(OptionalDouble.empty());
        return new JobTiming(job, JobTiming.typicalSteps(past), past.size(), share, Instant.now());
    }

    /**
     * The servers whose latest job stopped because the server showed another host key than the pinned one: only
     * there does accepting a new host key make sense (the job's failure code, not its message, says so).
     */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public java.util.Set<Long> serversWithChangedHostKey() {
        return new java.util.HashSet<>(em.createQuery("SELECT j.serverId FROM Job j WHERE j.failure.code = :code AND j.state = :failed"
                        + " AND j.id = (SELECT MAX(k.id) FROM Job k WHERE k.serverId = j.serverId)", Long.class)
                .setParameter("code", "HostKeyChanged").setParameter("failed", JobState.FAILED).getResultList());
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<Job> jobsOf(long serverId) {
        return em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", serverId).getResultList();
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<Job> recentJobs(int max) {
        return em.createNamedQuery("Job.recent", Job.class).setMaxResults(Math.max(1, Math.min(max, 500))).getResultList();
    }

    /** The job keeps who started it; who asked for a retry, roll back or cancel of it goes into its log. */
    private void noteRequester(Job job, String what) {
        job.log(Instant.now(), JobLogEntry.Level.INFO, what + " requested by " + requester.nameOf(context.getCallerPrincipal()));
    }

    /** Null for a job about no server (an orphan's deletion). */
    private Server server(Job job) {
        return job.getServerId() == null ? null : em.find(Server.class, job.getServerId());
    }
}

package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.engine.DeploymentTargets;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobKind;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.platform.PeriodicTurns;
import com.ecsprovisioner.platform.SkipTicksUntilStarted;
import com.ecsprovisioner.platform.TimerTick;
import com.ecsprovisioner.platform.Transactions;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Keeps each server's status true: every minute, per profile, one DescribeInstances look for all its servers
 * (batched by 100 ids and paged by the port), outside any transaction; then each server is updated in a short
 * transaction of its own, after checking again that no job started on it meanwhile. A server deleted or stopped
 * outside the product shows as such, with the time it was noticed ({@link CloudSync}, {@link Server#observe}).
 * The timer is not persistent: the database is the truth, and the next tick after a restart looks again. With
 * several nodes the first to take the minute's turn in the database syncs ({@link PeriodicTurns}), so that the
 * cloud is read once per minute, not once per node.
 */
@Singleton
@Interceptors(SkipTicksUntilStarted.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class StatusSync {

    private static final Logger LOG = Logger.getLogger(StatusSync.class.getName());

    @PersistenceContext
    EntityManager em;

    @Resource
    UserTransaction tx;

    @Inject
    TargetsLookup targets;

    @EJB
    PeriodicTurns turns;

    /** A status the sync changes is told as an event in the same transaction (README, Automation interface, Events). */
    @Inject
    JobEvents events;

    /** The job states in which a job moves its server itself (the sync keeps out). */
    public static final List<JobState> ACTIVE_JOBS = List.of(JobState.QUEUED, JobState.RUNNING, JobState.ROLLING_BACK);

    private final TimerTick ticks = new TimerTick(LOG, "the status sync");

    @Schedule(second = "20", minute = "*", hour = "*", persistent = false, info = "server status sync")
    void tick() {
        ticks.run(() -> {
            if (targets.available() && turns.take(PeriodicTurns.STATUS_SYNC, Duration.ofMinutes(1))) {
                syncAll();
            }
        });
    }

    /** One pass over every profile; answers how many servers changed status. */
    public int syncAll() {
        // By account and region: a server deployed to another region than its profile's is looked for there.
        Map<DeploymentTargets.AccountRegion, Map<Long, String>> instancesByProfile = inTransaction(() -> {
            Set<Long> busy = busyServers();
            Map<DeploymentTargets.AccountRegion, Map<Long, String>> out = new LinkedHashMap<>();
            for (Server s : em.createNamedQuery("Server.synced", Server.class).setParameter("statuses", Server.SYNCED).getResultList()) {
                if (CloudSync.eligible(s, busy.contains(s.getId()), latestJob(s))) {
                    out.computeIfAbsent(new DeploymentTargets.AccountRegion(s.getProfileId(), s.getRegionId()), p -> new LinkedHashMap<>()).put(s.getId(), s.getInstanceId());
                }
            }
            return out;
        });
        int changed = 0;
        for (Map.Entry<DeploymentTargets.AccountRegion, Map<Long, String>> profile : instancesByProfile.entrySet()) {
            Optional<Map<String, CloudTypes.Instance>> seen;
            try {
                CloudRegion cloud = targets.get().cloudFor(profile.getKey());
                seen = CloudSync.look(cloud, profile.getValue().values());
            } catch (CloudException e) {
                LOG.warning(() -> "Status sync of " + profile.getKey() + " skipped: " + e.describe());
                continue;
            } catch (RuntimeException e) {
                LOG.warning(() -> "Status sync of " + profile.getKey() + " skipped: " + e.getMessage());
                continue;
            }
            if (seen.isEmpty()) {
                continue;
            }
            for (Long serverId : profile.getValue().keySet()) {
                try {
                    if (Boolean.TRUE.equals(inTransaction(() -> apply(serverId, seen.get())))) {
                        changed++;
                    }
                } catch (RuntimeException e) {
                    // A job or a person changed the server meanwhile (version conflict): the next pass looks again.
                    LOG.fine(() -> "Server " + serverId + " not synced this time: " + e);
                }
            }
        }
        return changed;
    }

    private Boolean apply(long serverId, Map<String, CloudTypes.Instance> seen) {
        Server server = em.find(Server.class, serverId);
        if (server == null || !CloudSync.eligible(server, busyServers().contains(serverId), latestJob(server))) {
            return false;
        }
        ServerStatus was = server.getStatus();
        Instant now = Instant.now();
        boolean changed = CloudSync.apply(server, seen, now);
        if (changed) {
            events.serverStatusChanged(server, was, now);
            LOG.info(() -> "Server " + server.getName() + ": " + server.getStatusReason());
        }
        return changed;
    }

    /** Only a failed server's latest job matters (see {@link CloudSync#eligible}); the others skip the query. */
    private JobKind latestJob(Server server) {
        if (server.getStatus() != ServerStatus.FAILED) {
            return null;
        }
        return em.createNamedQuery("Job.forServer", Job.class).setParameter("serverId", server.getId()).setMaxResults(1)
                .getResultList().stream().findFirst().map(Job::getKind).orElse(null);
    }

    private Set<Long> busyServers() {
        return new HashSet<>(em.createNamedQuery("Job.busyServers", Long.class).setParameter("active", ACTIVE_JOBS).getResultList());
    }

    private <T> T inTransaction(Supplier<T> work) {
        return Transactions.inTransaction(tx, "status sync", work);
    }
}

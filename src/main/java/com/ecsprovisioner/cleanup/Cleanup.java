package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.security.Requester;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Clean-up page's boundary: a profile's orphans as the last look recorded them (with their age, when each is
 * deleted by itself, and the job deleting it), the profile's grace periods, a look asked for now, and a person's
 * deletion, which makes a deletion job per orphan and answers at once (the deletions run on the engine, not in the
 * request). The looks themselves are {@link OrphanSweep}'s.
 */
@Stateless
public class Cleanup {

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    @Inject
    Requester requester;

    @Inject
    CleanupSettings settings;

    @Inject
    JobQueue queue;

    @Inject
    JobEvents events;

    /** An orphan as the page shows it. {@code deleteAt} null: never by itself; {@code jobState} null: no job yet. */
    public record Orphan(ResourceKind kind, String id, String name, String regionId, String why, Instant createdAt,
                         Instant orphanSince, Duration age, Instant deleteAt, Long jobId, String jobState) {
    }

    /** How the profile's clean-up stands: its looks and its grace periods (own, or the global ones). */
    public record Watch(Instant lastLookAt, String lastLookError, Instant nextLookAt, Integer networkMinutes,
                        Integer instanceMinutes, Optional<Duration> networkGrace, Optional<Duration> instanceGrace,
                        Optional<Duration> globalNetworkGrace, Optional<Duration> globalInstanceGrace) {
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<Orphan> orphans(long profileId) {
        return views(book(), profileId, Instant.now());
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Watch watch(long profileId) {
        OrphanWatch w = book().peek(profileId, Instant.now());
        GracePeriods g = w.grace();
        return new Watch(w.getLastLookAt(), w.getLastLookError(), w.getNextLookAt(), g.getNetworkMinutes(), g.getInstanceMinutes(),
                g.forKind(ResourceKind.VPC, settings), g.forKind(ResourceKind.INSTANCE, settings), settings.networkGrace(),
                settings.instanceGrace());
    }

    /** The profile's own grace periods in minutes: null follows the global setting, {@link GracePeriods#OFF} never. */
    @RolesAllowed(Role.ADMIN_NAME)
    public void setGrace(long profileId, Integer networkMinutes, Integer instanceMinutes) {
        book().watch(profileId, Instant.now()).setGrace(GracePeriods.of(networkMinutes, instanceMinutes));
    }

    /** The next tick of the sweep (on any node) looks at the profile's account. */
    @RolesAllowed(Role.ADMIN_NAME)
    public void lookNow(long profileId) {
        Instant now = Instant.now();
        book().watch(profileId, now).lookSoon(now);
    }

    /** Deletion jobs for the chosen orphans (by resource id); answers their ids. */
    @RolesAllowed(Role.ADMIN_NAME)
    public List<Long> delete(long profileId, Set<String> resourceIds) {
        Instant now = Instant.now();
        List<Job> jobs = book().requestDeletion(profileId, resourceIds, requester.nameOf(context.getCallerPrincipal()), now);
        for (Job job : jobs) {
            events.record(JobEvents.before(null, null), job, null, now);
            queue.advance(job.getId());
        }
        return jobs.stream().map(Job::getId).toList();
    }

    static List<Orphan> views(OrphanBook book, long profileId, Instant now) {
        GracePeriods grace = book.peek(profileId, now).grace();
        return book.records(profileId).stream().map(r -> {
            Optional<Job> job = book.jobOf(r);
            return new Orphan(r.getKind(), r.getResourceId(), r.getName(), r.getRegionId(), r.getWhy(), r.getCreatedAt(),
                    r.getFirstSeenAt(), r.age(now), r.deletionDueAt(grace.forKind(r.getKind(), book.settings())).orElse(null),
                    job.map(Job::getId).orElse(null), job.map(j -> j.getState().dbName().replace('_', ' ')).orElse(null));
        }).toList();
    }

    private OrphanBook book() {
        return new OrphanBook(em, settings);
    }
}

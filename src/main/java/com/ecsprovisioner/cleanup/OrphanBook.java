package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.security.Callers;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The clean-up's records, through the caller's entity manager and inside the caller's transaction (the sweep's own
 * short ones, the boundary's container-managed one, a test's): the profile's watch, the orphans a look found, and
 * the deletion jobs made for them. Deletion jobs are made in the deletion order (instances, groups, vSwitches, VPCs),
 * so that a parent is usually asked after its children.
 */
final class OrphanBook {

    private final EntityManager em;
    private final CleanupSettings settings;

    OrphanBook(EntityManager em, CleanupSettings settings) {
        this.em = em;
        this.settings = settings;
    }

    CleanupSettings settings() {
        return settings;
    }

    /** The profile's watch, made (due at once) on first use. */
    OrphanWatch watch(long profileId, Instant now) {
        return em.createNamedQuery("OrphanWatch.ofProfile", OrphanWatch.class).setParameter("profileId", profileId)
                .getResultStream().findFirst().orElseGet(() -> {
                    OrphanWatch w = new OrphanWatch(profileId, now);
                    em.persist(w);
                    return w;
                });
    }

    /** The profile's watch as it stands, for reading: one never looked at yet is shown as due, and not stored. */
    OrphanWatch peek(long profileId, Instant now) {
        return em.createNamedQuery("OrphanWatch.ofProfile", OrphanWatch.class).setParameter("profileId", profileId)
                .getResultStream().findFirst().orElseGet(() -> new OrphanWatch(profileId, now));
    }

    /** Takes the profile's look when it is due and free; the caller commits before looking (the version check decides). */
    boolean claimLook(long profileId, Instant now) {
        return watch(profileId, now).claim(now, settings.lease());
    }

    /** Every server of the profile, by id: what the finder needs to tell a live server's resources. */
    Map<Long, Server> servers(long profileId) {
        Map<Long, Server> out = new LinkedHashMap<>();
        em.createNamedQuery("Server.ofProfile", Server.class).setParameter("profileId", profileId)
                .getResultList().forEach(s -> out.put(s.getId(), s));
        return out;
    }

    /**
     * The regions to look in: the profile's own, and every region one of its servers (deleted ones too: what a
     * deletion left behind is an orphan there) or jobs was in. The product makes resources only where it deploys, so
     * these are all the regions it can have left something in, without listing every region of the account.
     */
    Set<String> regions(long profileId, String profileRegionId) {
        Set<String> out = new TreeSet<>();
        out.add(profileRegionId);
        out.addAll(em.createQuery("SELECT DISTINCT s.regionId FROM Server s WHERE s.profileId = :profileId AND s.custom = FALSE",
                String.class).setParameter("profileId", profileId).getResultList());
        em.createQuery("SELECT DISTINCT j.plan.regionId FROM Job j WHERE j.profileId = :profileId", String.class)
                .setParameter("profileId", profileId).getResultList().stream().filter(Objects::nonNull).forEach(out::add);
        return out;
    }

    /**
     * Records what a look found ({@code tagged}, read from the cloud before this transaction read the servers): new orphans are added (their grace starts now), those seen before are updated, and
     * those no longer found are dropped unless a job is still deleting them. Then each orphan whose grace period has
     * passed and that no job deletes yet gets its deletion job, asked by {@code system}. Answers the new jobs.
     */
    List<Job> recordLook(long profileId, List<OrphanFinder.Tagged> tagged, Instant now) {
        OrphanWatch watch = watch(profileId, now);
        List<OrphanFinder.Found> found = OrphanFinder.orphans(tagged, servers(profileId));
        Map<String, OrphanRecord> known = records(profileId).stream()
                .collect(Collectors.toMap(OrphanRecord::getResourceId, Function.identity()));
        List<OrphanRecord> current = new ArrayList<>();
        for (OrphanFinder.Found f : found) {
            OrphanRecord r = known.remove(f.id());
            if (r == null) {
                r = new OrphanRecord(profileId, f, now);
                em.persist(r);
            } else {
                r.seenAgain(f, now);
            }
            current.add(r);
        }
        for (OrphanRecord gone : known.values()) {
            if (!isActive(jobOf(gone))) {
                em.remove(gone);
            }
        }
        List<Job> made = new ArrayList<>();
        for (OrphanRecord r : sorted(current)) {
            Optional<Duration> grace = watch.grace().forKind(r.getKind(), settings);
            Optional<Instant> due = r.deletionDueAt(grace);
            if (due.isPresent() && !due.get().isAfter(now) && r.getDeletionJobId() == null) {
                made.add(deletion(r, Callers.SYSTEM, "its grace period of " + minutes(grace.get()) + " has passed", now));
            }
        }
        watch.looked(now, settings.lookEvery(), null);
        return made;
    }

    /** A look that could not be made (the cloud refused, the account is unreachable): told on the page, tried later. */
    void lookFailed(long profileId, String error, Instant now) {
        watch(profileId, now).looked(now, settings.lookEvery(), error);
    }

    /**
     * A person's deletion of recorded orphans: one job each, unless one is already deleting it. An id that is not a
     * recorded orphan of the profile (any more) is refused before any job is made.
     */
    List<Job> requestDeletion(long profileId, Collection<String> resourceIds, String actor, Instant now) {
        if (resourceIds == null || resourceIds.isEmpty()) {
            throw new Rejected("Choose the orphaned resources to delete");
        }
        Map<String, OrphanRecord> known = records(profileId).stream()
                .collect(Collectors.toMap(OrphanRecord::getResourceId, Function.identity()));
        List<OrphanRecord> chosen = new ArrayList<>();
        for (String id : resourceIds) {
            OrphanRecord r = known.get(id);
            if (r == null) {
                throw new Rejected(id + " is not an orphaned resource of this profile (any more): refresh the list");
            }
            chosen.add(r);
        }
        List<Job> made = new ArrayList<>();
        for (OrphanRecord r : sorted(chosen)) {
            if (!isActive(jobOf(r))) {
                made.add(deletion(r, actor, "asked on the Clean-up page", now));
            }
        }
        return made;
    }

    List<OrphanRecord> records(long profileId) {
        return em.createNamedQuery("OrphanRecord.ofProfile", OrphanRecord.class).setParameter("profileId", profileId)
                .getResultList();
    }

    Optional<Job> jobOf(OrphanRecord r) {
        return r.getDeletionJobId() == null ? Optional.empty() : Optional.ofNullable(em.find(Job.class, r.getDeletionJobId()));
    }

    private Job deletion(OrphanRecord r, String actor, String why, Instant now) {
        Job job = OrphanDeletion.create(r, actor, why, now);
        em.persist(job);
        em.flush();
        r.deletingBy(job.getId());
        return job;
    }

    private static boolean isActive(Optional<Job> job) {
        return job.map(j -> j.getState().isActive()).orElse(false);
    }

    private static List<OrphanRecord> sorted(List<OrphanRecord> records) {
        return records.stream().sorted(Comparator.comparing((OrphanRecord r) -> OrphanFinder.DELETION_ORDER.indexOf(r.getKind()))
                .thenComparing(OrphanRecord::getResourceId)).toList();
    }

    static String minutes(Duration d) {
        return d.toDays() >= 1 && d.toMinutes() % (24 * 60) == 0 ? d.toDays() + " days"
                : d.toHours() >= 1 && d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
}

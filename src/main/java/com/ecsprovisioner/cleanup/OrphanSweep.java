package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobEvents;
import com.ecsprovisioner.engine.JobQueue;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.platform.SkipTicksUntilStarted;
import com.ecsprovisioner.platform.TimerTick;
import com.ecsprovisioner.platform.Transactions;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Every minute, on every node: each profile whose look is due is claimed in a short transaction (of several nodes,
 * the version check lets one have it), its account is listed outside any transaction, and what was found is recorded
 * in another short one, with the deletion jobs of the orphans whose grace has passed, each woken on the engine's
 * queue. The timer is not persistent: the watches in the database say what is due, so a restart loses nothing.
 */
@Singleton
@Interceptors(SkipTicksUntilStarted.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class OrphanSweep {

    private static final Logger LOG = Logger.getLogger(OrphanSweep.class.getName());

    @PersistenceContext
    EntityManager em;

    @Resource
    UserTransaction tx;

    @Inject
    TargetsLookup targets;

    @Inject
    CleanupSettings settings;

    @Inject
    JobQueue queue;

    @Inject
    JobEvents events;

    private final TimerTick ticks = new TimerTick(LOG, "the orphan clean-up");

    @Schedule(second = "40", minute = "*", hour = "*", persistent = false, info = "orphan clean-up")
    void tick() {
        ticks.run(() -> {
            if (targets.available()) {
                lookAtDue();
            }
        });
    }

    /**
     * Looks at each profile whose look is due and that no other node holds: the timer's work, public so that a caller
     * that cannot wait for the next tick (a test of the deployed application) can ask for it; it is safe at any
     * moment, the watches decide what is due.
     */
    public void lookAtDue() {
        List<Long> profiles = inTransaction(() -> em.createQuery("SELECT p.id FROM ProviderProfile p ORDER BY p.id", Long.class)
                .getResultList());
        profiles.forEach(this::lookAt);
    }

    private void lookAt(long profileId) {
        OrphanBook book = new OrphanBook(em, settings);
        try {
            if (!Boolean.TRUE.equals(inTransaction(() -> book.claimLook(profileId, Instant.now())))) {
                return;
            }
        } catch (RuntimeException e) {
            LOG.fine(() -> "Profile " + profileId + ": another node looks for orphans now (" + e + ")");
            return;
        }
        List<OrphanFinder.Tagged> tagged;
        try {
            String own = targets.get().defaultsFor(profileId).regionId();
            Set<String> regions = inTransaction(() -> book.regions(profileId, own));
            // One region failing fails the whole look: a partial one would drop the records of the region not seen.
            tagged = OrphanFinder.tagged(region -> targets.get().cloudFor(profileId, region), regions, profileId);
        } catch (RuntimeException e) {
            String why = e instanceof CloudException c ? c.describe() : String.valueOf(e.getMessage());
            LOG.warning(() -> "Orphans of provider profile " + profileId + " not looked for: " + why);
            inTransaction(() -> {
                book.lookFailed(profileId, why, Instant.now());
                return null;
            });
            return;
        }
        List<Job> made = inTransaction(() -> {
            Instant now = Instant.now();
            List<Job> jobs = book.recordLook(profileId, tagged, now);
            for (Job job : jobs) {
                events.record(JobEvents.before(null, null), job, null, now);
                queue.advance(job.getId());
            }
            return jobs;
        });
        if (!made.isEmpty()) {
            LOG.info(() -> "Provider profile " + profileId + ": " + made.size() + " orphaned resources past their grace period are being deleted");
        }
    }

    private <T> T inTransaction(Supplier<T> work) {
        return Transactions.inTransaction(tx, "orphan clean-up", work);
    }
}

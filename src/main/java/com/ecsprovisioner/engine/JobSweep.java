package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.platform.PeriodicTurns;
import com.ecsprovisioner.platform.SkipTicksUntilStarted;
import com.ecsprovisioner.platform.TimerTick;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every few seconds: the jobs that are due and nobody holds — waits that have come round, and jobs whose message
 * was lost or whose node died (their claim ran out). Jobs waiting on the cloud are advanced here with one describe
 * call per kind and per profile for all of them, so polling does not grow with the number of servers; the others
 * get an "advance" message so that the consumers share the work. The timer is not persistent (Payara Micro keeps
 * persistent timers in memory anyway): after a restart the first sweep finds everything in the database. With
 * several nodes every node's timer fires and the first to take the period's turn in the database sweeps
 * ({@link PeriodicTurns}); a node still busy with its last sweep does not ask, so a free node takes the turn.
 */
@Singleton
@Interceptors(SkipTicksUntilStarted.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobSweep {

    private static final Logger LOG = Logger.getLogger(JobSweep.class.getName());

    /** Jobs taken per sweep; the rest are due at the next one. */
    static final int BATCH = 500;

    @EJB
    JobWorker worker;

    @EJB
    JobAdvancer advancer;

    @Inject
    TargetsLookup targets;

    @EJB
    PeriodicTurns turns;

    private static final Duration PERIOD = Duration.ofSeconds(3);

    @Inject
    JobHandlers handlers;

    private final TimerTick tick = new TimerTick(LOG, "the job sweep");

    @Schedule(second = "*/3", minute = "*", hour = "*", persistent = false, info = "provisioning job sweep")
    void sweep() {
        tick.run(() -> {
            if (!targets.available() || !turns.take(PeriodicTurns.JOB_SWEEP, PERIOD)) {
                return;
            }
            // By account and region: one batched look per region, since a profile's servers may be in several.
            Map<DeploymentTargets.AccountRegion, List<Job>> byRegion = new LinkedHashMap<>();
            for (Job job : worker.due(BATCH)) {
                byRegion.computeIfAbsent(new DeploymentTargets.AccountRegion(job.getProfileId(), job.plan().regionId()),
                        p -> new ArrayList<>()).add(job);
            }
            byRegion.forEach((key, jobs) -> sweepProfile(key.profileId(), key.regionId(), jobs));
        });
    }

    private void sweepProfile(long profileId, String regionId, List<Job> jobs) {
        List<Job> waiting = jobs.stream().filter(j -> CloudObservations.waitsOnCloud(j, handlers)).toList();
        List<Long> others = jobs.stream().filter(j -> !CloudObservations.waitsOnCloud(j, handlers)).map(Job::getId).toList();
        if (!others.isEmpty()) {
            worker.requeue(others);
        }
        if (waiting.isEmpty()) {
            return;
        }
        CloudRegion cloud;
        try {
            cloud = targets.get().cloudFor(profileId, regionId);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Jobs of provider profile " + profileId + " wait: " + e.getMessage());
            return;
        }
        CloudObservations seen = CloudObservations.batchedFor(cloud, waiting, handlers);
        for (Job job : waiting) {
            try {
                advancer.advance(job.getId(), seen);
            } catch (CloudException e) {
                LOG.warning(() -> "Job " + job.getId() + ": " + e.describe());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Job " + job.getId() + " could not be advanced; its claim runs out and it is tried again", e);
            }
        }
    }
}

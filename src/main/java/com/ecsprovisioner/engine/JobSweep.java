package com.ecsprovisioner.engine;

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
import java.util.logging.Logger;

/**
 * Every second ({@link SweepRound}): the jobs that are due and nobody holds — waits that have come round, and jobs whose message
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

    /**
     * A look at the cloud waits for the sweep's next tick: every second, the interval between looks around a step's
     * usual time ({@code poll.near}), so that the tick does not make those looks coarser than they are meant to be.
     */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    @Inject
    JobHandlers handlers;

    private final TimerTick tick = new TimerTick(LOG, "the job sweep");

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "provisioning job sweep")
    void sweep() {
        tick.run(() -> {
            if (!targets.available() || !turns.take(PeriodicTurns.JOB_SWEEP, PERIOD)) {
                return;
            }
            new SweepRound(handlers, (profileId, regionId) -> targets.get().cloudFor(profileId, regionId),
                    worker::requeue, advancer::advance).run(worker.due(BATCH));
        });
    }
}

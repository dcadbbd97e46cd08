package com.ecsprovisioner.engine;

import com.ecsprovisioner.platform.PeriodicTurns;
import com.ecsprovisioner.platform.StartupWork;
import com.ecsprovisioner.platform.TimerTick;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@code ecs.provisioning.sweep} (0.25 s, {@link SweepRound}): the jobs that are due and nobody holds — waits
 * that have come round, and jobs whose message was lost or whose node died (their claim ran out). Jobs waiting on the
 * cloud are advanced here with one describe call per kind and per profile for all of them, so polling does not grow
 * with the number of servers; the others get an "advance" message so that the consumers share the work.
 * <p>
 * The ticks come from a thread of the container's {@link ManagedThreadFactory}, not an EJB timer: a look at the
 * cloud waits for the next tick, so the period is the grain of every wait on the cloud, and {@code @Schedule} cannot
 * tick more often than once a second. The schedule is this node's alone and lives as long as the application: after
 * a restart the first sweep finds everything in the database. Ticks before the application's start-up work is done
 * ({@link StartupWork}) do nothing. With several nodes every node ticks and the node that holds the turn in the
 * database sweeps ({@link PeriodicTurns#keep}): it keeps the turn while it ticks, and another node takes it over a
 * second after it stopped (or failed). It depends on the embedded broker's bean so that, at the application's end,
 * the last sweep's messages still find the broker. This class's transaction attribute holds for its life-cycle
 * callbacks only: the ticks call {@link #sweep} directly, and each turn inside is a transaction of the bean it calls.
 */
@Singleton
@Startup
@DependsOn({"StartupWork", "EmbeddedBroker"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobSweep {

    /**
     * How long this node holds the sweep's turn while a round runs ({@link PeriodicTurns#keep}): no other node sweeps
     * the same jobs meanwhile, and a node that dies mid-round keeps the others waiting this long at the most.
     */
    static final Duration ROUND_HOLD = Duration.ofSeconds(10);

    /** How long the end of the application waits for a sweep under way (it stops between jobs) before interrupting it. */
    static final Duration LAST_SWEEP = Duration.ofSeconds(5);

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

    @EJB
    StartupWork startup;

    @Inject
    JobHandlers handlers;

    @Inject
    ProvisioningSettings settings;

    /** Threads with the application's context (its naming, class loader, transactions), as the container makes them. */
    @Resource
    ManagedThreadFactory managedThreads;

    private final TimerTick tick = new TimerTick(LOG, "the job sweep");
    private final Resends resends = new Resends();
    private ScheduledExecutorService ticks;
    private volatile boolean stopping;

    /**
     * One thread of the container's making ticks, each tick a period after the last one ended (a long sweep is not
     * followed by the ticks it missed, back to back). Not the container's managed scheduled executor: Payara's sets
     * the submitting bean's invocation up around every run and fails to take it down again ("No invocation on
     * invocation stack"), which ends the thread after each tick, a new one for the next.
     */
    @PostConstruct
    void schedule() {
        long period = settings.sweep().toNanos();
        ticks = new ScheduledThreadPoolExecutor(1, managedThreads);
        ticks.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /** Lets a sweep under way finish its turns (each a transaction of its own) before the application goes. */
    @PreDestroy
    void stop() {
        stopping = true;
        ticks.shutdown();
        try {
            if (!ticks.awaitTermination(LAST_SWEEP.toMillis(), TimeUnit.MILLISECONDS)) {
                ticks.shutdownNow();
            }
        } catch (InterruptedException e) {
            ticks.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Never throws: anything thrown would end the schedule, and with it this node's sweeps. The turn is held for a
     * whole round ({@link #ROUND_HOLD}) and then for a little more than the period ({@link #hold}), so that this node
     * keeps it from tick to tick and another takes it over soon after this one stops; a round that fails here lets it
     * go at once, so that a node whose own connections fail does not keep the turn from the healthy ones.
     */
    void sweep() {
        try {
            tick.run(() -> {
                if (stopping || !startup.isDone() || !targets.available()
                        || !turns.keep(PeriodicTurns.JOB_SWEEP, ROUND_HOLD)) {
                    return;
                }
                try {
                    new SweepRound(handlers, (profileId, regionId) -> targets.get().cloudFor(profileId, regionId),
                            worker::requeue, advancer::advance, resends).run(worker.due(BATCH), () -> stopping);
                } catch (RuntimeException | Error e) {
                    turns.release(PeriodicTurns.JOB_SWEEP);
                    throw e;
                }
                turns.keep(PeriodicTurns.JOB_SWEEP, hold(settings.sweep()));
            });
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, "The job sweep failed; the next tick tries again", e);
        }
    }

    /** Between rounds: a second, or two periods when longer, so that the holder's next tick finds the turn its own. */
    static Duration hold(Duration period) {
        Duration twice = period.multipliedBy(2);
        return twice.compareTo(Duration.ofSeconds(1)) > 0 ? twice : Duration.ofSeconds(1);
    }
}

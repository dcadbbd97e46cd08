package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.SkipTicksUntilStarted;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays the outbox to {@code ecs.events} ({@link OutboxRelay}): woken after each commit that appended events
 * ({@link RelayWake}), and every few seconds by a sweep, the fallback after a crash, a broker outage or an event
 * written by another node. The timer is not persistent, like the engine's sweep: the outbox table is the truth. Once
 * an hour the sweep also deletes relayed rows older than {@code ecs.events.retention}.
 */
@Singleton
@Interceptors(SkipTicksUntilStarted.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class.getName());

    /** Rows per batch: one broker transaction each. */
    static final int BATCH = 200;
    /**
     * How long a claim of the relay lasts. A batch is sent well within it (each send ends within the broker client's
     * call time-out of 30 s); a node that died is replaced after it.
     */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    @EJB
    OutboxRelayStore store;

    @EJB
    EventPublisher publisher;

    @Inject
    RelayWake wakes;

    @Inject
    @ConfigProperty(name = "ecs.events.retention", defaultValue = "P7D")
    String retentionSetting;

    private Duration retention;

    private OutboxRelay relay;
    private volatile String lastFailure;

    @PostConstruct
    void init() {
        retention = retention(retentionSetting);
        relay = new OutboxRelay(store, publisher, "relay-" + UUID.randomUUID(), LEASE, BATCH);
    }

    /** An ISO-8601 duration ({@code P7D}, {@code PT12H}); a setting that is not one keeps the default, said once. */
    static Duration retention(String setting) {
        try {
            Duration d = Duration.parse(setting.trim());
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        LOG.warning(() -> "ecs.events.retention=" + setting + " is not a duration such as P7D; relayed events are kept 7 days");
        return DEFAULT_RETENTION;
    }

    /**
     * Relays on a thread of the container's own, as a new EJB invocation. Not a ManagedExecutorService task: such a
     * task shares the caller's invocation context, and when it ends it closes the non-transactional entity managers
     * of the caller's invocation, which then fails its next read (the engine's advance loop reads between steps).
     */
    @Asynchronous
    public void wake() {
        wakes.taken();
        relayPending();
    }

    /** Sends what is pending now; a failure is logged once per kind and left to the next wake or sweep. */
    public void relayPending() {
        try {
            relay.relayPending();
            if (lastFailure != null) {
                LOG.info("Events are relayed to the broker again");
                lastFailure = null;
            }
        } catch (RuntimeException e) {
            String what = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!what.equals(lastFailure)) {
                LOG.log(Level.WARNING, "Events could not be relayed; they stay in the outbox and are sent when the broker"
                        + " answers again (" + what + ")", e);
                lastFailure = what;
            }
        }
    }

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false, info = "event outbox relay sweep")
    void sweep() {
        relayPending();
    }

    @Schedule(second = "40", minute = "17", hour = "*", persistent = false, info = "event outbox retention")
    void purge() {
        try {
            int deleted = store.deleteRelayedBefore(Instant.now().minus(retention));
            if (deleted > 0) {
                LOG.info(() -> deleted + " relayed events older than " + retention + " deleted from the outbox");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Relayed events could not be deleted; the next hour tries again", e);
        }
    }
}

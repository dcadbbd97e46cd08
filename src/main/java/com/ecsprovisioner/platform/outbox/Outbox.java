package com.ecsprovisioner.platform.outbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;

/**
 * Appends events in the caller's transaction: the event commits with the change it describes, or not at all. The
 * per-job sequence is the next after the job's last one; two transactions on the same job are already serialised by
 * the job's version check, and the unique index on (job, sequence) refuses a repeat if they were not.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class Outbox {

    @PersistenceContext
    EntityManager em;

    /**
     * Told of each append; whoever relays the outbox observes it after the transaction committed
     * ({@code TransactionPhase.AFTER_SUCCESS}), so that an event leaves at once rather than at the next sweep. Null
     * outside a container (tests), where nobody listens.
     */
    @Inject
    Event<Appended> appended;

    /**
     * @param jobId the job the event is about, or null (its sequence is then 0)
     * @param type the event's type, e.g. {@code com.ecsprovisioner.job.step.finished.v1}
     * @param data the event's data, a JSON document
     * @param reply where the sender of a command asked for its answer, or null
     */
    public OutboxEvent append(Long jobId, String type, String subject, String requestId, String data, Reply reply,
                              Instant now) {
        long sequence = jobId == null ? 0 : nextSequence(jobId);
        OutboxEvent event = new OutboxEvent(jobId, sequence, type, subject, requestId, data,
                reply == null ? null : reply.destination(), reply == null ? null : reply.correlationId(), now);
        em.persist(event);
        if (appended != null) {
            appended.fire(new Appended(jobId));
        }
        return event;
    }

    /**
     * Puts the request id on the job's events that have none and are not relayed yet: the boundary that made the job
     * told its first events (queued, the server requested) before the automation interface could name the command's
     * request on the job, and a subscriber that selects on the request id must not miss them.
     */
    public void stampRequestId(long jobId, String requestId) {
        em.createNamedQuery("OutboxEvent.unrelayedWithoutRequest", OutboxEvent.class).setParameter("jobId", jobId)
                .getResultList().forEach(e -> e.requestNamed(requestId));
    }

    private long nextSequence(long jobId) {
        Long last = em.createNamedQuery("OutboxEvent.lastSequence", Long.class).setParameter("jobId", jobId)
                .getSingleResult();
        return last == null ? 1 : last + 1;
    }

    /** An event was appended in the current transaction (about that job, or none). */
    public record Appended(Long jobId) {
    }

    /** A command's JMSReplyTo (as the broker names the destination) and JMSCorrelationID. */
    public record Reply(String destination, String correlationId) {
    }
}

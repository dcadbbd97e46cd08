package com.ecsprovisioner.platform.outbox;

import com.ecsprovisioner.platform.StoredEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * One event waiting in the outbox, or already relayed. Written once, in the transaction of the change it describes;
 * afterwards only {@link #relayed(Instant)} changes it.
 */
@Entity
@Table(name = "event_outbox")
@NamedQuery(name = "OutboxEvent.lastSequence",
        query = "SELECT MAX(e.sequenceNo) FROM OutboxEvent e WHERE e.jobId = :jobId")
@NamedQuery(name = "OutboxEvent.pending",
        query = "SELECT e FROM OutboxEvent e WHERE e.relayedAt IS NULL ORDER BY e.id")
@NamedQuery(name = "OutboxEvent.unrelayedWithoutRequest",
        query = "SELECT e FROM OutboxEvent e WHERE e.jobId = :jobId AND e.requestId IS NULL AND e.relayedAt IS NULL")
public class OutboxEvent extends StoredEntity {

    @Column(name = "job_id")
    private Long jobId;

    @Column(name = "sequence_no", nullable = false)
    private long sequenceNo;

    @Column(name = "event_type", nullable = false, length = 128)
    private String type;

    @Column(length = 128)
    private String subject;

    @Column(name = "request_id", length = 100)
    private String requestId;

    @Column(nullable = false, length = 1_000_000)
    private String data;

    @Column(name = "reply_to", length = 512)
    private String replyTo;

    @Column(name = "correlation_id", length = 256)
    private String correlationId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "relayed_at")
    private Instant relayedAt;

    protected OutboxEvent() {
        // for JPA
    }

    OutboxEvent(Long jobId, long sequenceNo, String type, String subject, String requestId, String data,
                String replyTo, String correlationId, Instant createdAt) {
        this.jobId = jobId;
        this.sequenceNo = sequenceNo;
        this.type = Objects.requireNonNull(type, "type");
        this.subject = subject;
        this.requestId = requestId;
        this.data = Objects.requireNonNull(data, "data");
        this.replyTo = replyTo;
        this.correlationId = correlationId;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The request the event's job was made for, named after the event was told (see {@link Outbox#stampRequestId}). */
    void requestNamed(String id) {
        this.requestId = id;
    }

    /** The broker took the event: the relay does not send it again. */
    public void relayed(Instant at) {
        this.relayedAt = at;
    }

    public Long jobId() {
        return jobId;
    }

    public long sequenceNo() {
        return sequenceNo;
    }

    public String type() {
        return type;
    }

    public String subject() {
        return subject;
    }

    public String requestId() {
        return requestId;
    }

    public String data() {
        return data;
    }

    public String replyTo() {
        return replyTo;
    }

    public String correlationId() {
        return correlationId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant relayedAt() {
        return relayedAt;
    }
}

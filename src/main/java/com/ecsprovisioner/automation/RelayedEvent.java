package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.outbox.OutboxEvent;

import java.time.Instant;

/** One outbox row as the relay sends it: read in one short transaction, sent outside any, marked in another. */
public record RelayedEvent(long id, Long jobId, long sequenceNo, String type, String subject, String requestId,
                           String data, String replyTo, String correlationId, Instant createdAt) {

    static RelayedEvent of(OutboxEvent row) {
        return new RelayedEvent(row.getId(), row.jobId(), row.sequenceNo(), row.type(), row.subject(), row.requestId(),
                row.data(), row.replyTo(), row.correlationId(), row.createdAt());
    }
}

package com.ecsprovisioner.audit;

import com.ecsprovisioner.platform.StoredEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One change, as it was recorded. Immutable here and in the database (a trigger refuses UPDATE and DELETE): there is
 * no setter, and the mapping marks every column as not updatable, so that EclipseLink never even tries.
 */
@Entity
@Table(name = "audit_record")
public class AuditRecord extends StoredEntity {

    @Column(name = "recorded_at", nullable = false, updatable = false)
    private Instant recordedAt;

    @Column(nullable = false, updatable = false, length = 200)
    private String actor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 16)
    private Origin origin;

    @Column(name = "client_address", updatable = false, length = 100)
    private String clientAddress;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 64)
    private AuditAction action;

    @Column(nullable = false, updatable = false, length = 500)
    private String subject;

    @Column(nullable = false, updatable = false, length = 20000)
    private String changes;

    protected AuditRecord() {
    }

    AuditRecord(Instant recordedAt, String actor, Origin origin, String clientAddress, AuditAction action, String subject,
                String changes) {
        this.recordedAt = recordedAt;
        this.actor = cut(actor, 200);
        this.origin = origin;
        this.clientAddress = cut(clientAddress, 100);
        this.action = action;
        this.subject = cut(subject, 500);
        this.changes = cut(changes, 20000);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }

    public String getActor() {
        return actor;
    }

    public Origin getOrigin() {
        return origin;
    }

    public String getClientAddress() {
        return clientAddress;
    }

    public AuditAction getAction() {
        return action;
    }

    public String getSubject() {
        return subject;
    }

    /** One line per field changed ({@link Changes#text()}); empty when the action says it all. */
    public String getChanges() {
        return changes;
    }

    /** Where from, as the page shows it: {@code console (192.0.2.1)}, {@code JMS}, {@code timer}. */
    public String getWhere() {
        return origin.label() + (clientAddress == null ? "" : " (" + clientAddress + ")");
    }
}

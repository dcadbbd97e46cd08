package com.ecsprovisioner.server;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/** One row of a server's status history; written only by {@link Server} when its status changes. */
@Entity
@Table(name = "server_status_change")
public class ServerStatusChange {

    @Id
    @SequenceGenerator(name = "ecs_id", sequenceName = "ecs_id_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ecs_id")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "server_id")
    private Server server;

    @Column(name = "from_status", length = 16)
    @Convert(converter = ServerStatus.Column.class)
    private ServerStatus from;

    @Column(name = "to_status", nullable = false, length = 16)
    @Convert(converter = ServerStatus.Column.class)
    private ServerStatus to;

    @Column(length = 1000)
    private String reason;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected ServerStatusChange() {
    }

    ServerStatusChange(Server server, ServerStatus from, ServerStatus to, String reason, Instant at) {
        this.server = server;
        this.from = from;
        this.to = to;
        this.reason = Server.clip(reason, 1000);
        this.changedAt = at;
    }

    public ServerStatus getFrom() {
        return from;
    }

    public ServerStatus getTo() {
        return to;
    }

    public String getReason() {
        return reason;
    }

    public Instant getChangedAt() {
        return changedAt;
    }
}

package com.ecsprovisioner.server;

import com.ecsprovisioner.platform.StoredEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** One row of a server's status history; written only by {@link Server} when its status changes. */
@Entity
@Table(name = "server_status_change")
public class ServerStatusChange extends StoredEntity {

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

package com.ecsprovisioner.firewall;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * What one firewall job was asked to do, written with the job in the same transaction and never changed: open or
 * close one rule, in the security group, on the server's {@code ufw}, or both. How far it got is the job's steps'
 * state, not a field here. Its own table keyed by the job's id, so that the engine's job table learns nothing of
 * firewalls.
 */
@Entity
@Table(name = "firewall_change")
public class FirewallChange {

    @Id
    @Column(name = "job_id")
    private long jobId;

    @Column(name = "server_id", nullable = false)
    private long serverId;

    /** True: the rule is opened (added); false: closed (removed). */
    @Column(nullable = false)
    private boolean opening;

    @Column(nullable = false)
    private int port;

    @Column(nullable = false, length = 18)
    private String cidr;

    @Column(name = "in_cloud", nullable = false)
    private boolean inCloud;

    @Column(name = "on_server", nullable = false)
    private boolean onServer;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    protected FirewallChange() {
    }

    FirewallChange(long jobId, long serverId, boolean opening, FirewallRule rule, boolean inCloud, boolean onServer, Instant now) {
        if (!inCloud && !onServer) {
            throw new IllegalArgumentException("a firewall change is for the cloud, the server or both");
        }
        this.jobId = jobId;
        this.serverId = serverId;
        this.opening = opening;
        this.port = rule.port();
        this.cidr = rule.cidr();
        this.inCloud = inCloud;
        this.onServer = onServer;
        this.requestedAt = now;
    }

    public FirewallRule rule() {
        return new FirewallRule(port, cidr);
    }

    public long getJobId() {
        return jobId;
    }

    public long getServerId() {
        return serverId;
    }

    public boolean isOpening() {
        return opening;
    }

    public boolean isInCloud() {
        return inCloud;
    }

    public boolean isOnServer() {
        return onServer;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }

    /** "Open TCP 22 from 203.0.113.0/24 in the security group and on the server". */
    public String describe() {
        return (opening ? "Open " : "Close ") + rule() + (inCloud && onServer ? " in the security group and on the server"
                : inCloud ? " in the security group only" : " on the server (ufw) only");
    }
}

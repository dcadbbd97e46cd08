package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.StoredEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * A command that was accepted, remembered by who sent it and the request id they chose (unique together, V12), with
 * the hash of its canonical body, the job it made or acted on and what the sender was answered. Written in the
 * transaction that makes the job and its accepted event, so that it exists exactly when the job does.
 */
@Entity
@Table(name = "automation_request")
@NamedQuery(name = "CommandRequest.of",
        query = "SELECT r FROM CommandRequest r WHERE r.brokerUser = :user AND r.requestId = :requestId")
public class CommandRequest extends StoredEntity {

    @Column(name = "broker_user", nullable = false, length = 64)
    private String brokerUser;

    @Column(name = "request_id", nullable = false, length = 100)
    private String requestId;

    @Column(name = "command_type", nullable = false, length = 32)
    private String commandType;

    @Column(name = "body_sha256", nullable = false, length = 64)
    private String bodySha256;

    /** Null for a command that completes at once without a job (V29). */
    @Column(name = "job_id")
    private Long jobId;

    @Column(name = "server_id")
    private Long serverId;

    @Column(nullable = false, length = 4000)
    private String result;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected CommandRequest() {
        // for JPA
    }

    CommandRequest(String brokerUser, String requestId, String commandType, String bodySha256, Long jobId, Long serverId,
                   String result, Instant createdAt) {
        this.brokerUser = Objects.requireNonNull(brokerUser, "brokerUser");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.commandType = Objects.requireNonNull(commandType, "commandType");
        this.bodySha256 = Objects.requireNonNull(bodySha256, "bodySha256");
        this.jobId = jobId;
        this.serverId = serverId;
        this.result = Objects.requireNonNull(result, "result");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** True when the command now received under this request id is the one accepted then. */
    boolean sameBody(String sha256) {
        return bodySha256.equals(sha256);
    }

    public String brokerUser() {
        return brokerUser;
    }

    public String requestId() {
        return requestId;
    }

    public String commandType() {
        return commandType;
    }

    public Long jobId() {
        return jobId;
    }

    public Long serverId() {
        return serverId;
    }

    public String result() {
        return result;
    }

    public Instant createdAt() {
        return createdAt;
    }
}

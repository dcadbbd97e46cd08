package com.ecsprovisioner.engine;

import com.ecsprovisioner.security.Callers;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What was asked for and by whom: the job's kind (with the label it was made with), who asked, and the request id an
 * automation command's sender chose. Fixed when the job is made, except the request id, recorded in the same
 * transaction. Same columns as before it was split out of {@link Job}.
 */
@Embeddable
public class JobRequest {

    /** The kind's name in lower case; V11 dropped the schema's list of kinds, each feature declares its own. */
    @Column(name = "kind", nullable = false, length = 16)
    private String kind;

    /** The kind's label when the job was made (V11): a job shows what it is even if no handler declares its kind now. */
    @Column(name = "kind_label", length = 64)
    private String kindLabel;

    /** Who asked for the job: a console user's login name, or {@link Callers#SYSTEM} for what the product starts itself. */
    @Column(name = "requested_by", nullable = false, length = 128)
    private String requestedBy;

    /** The request id the sender of an automation command chose (V10); null for jobs asked for otherwise. */
    @Column(name = "request_id", length = 100)
    private String requestId;

    protected JobRequest() {
    }

    /** Every job names who asked for it; a blank name is a bug of the caller, not an anonymous request. */
    JobRequest(JobKind kind, String requestedBy) {
        if (requestedBy == null || requestedBy.isBlank()) {
            throw new IllegalArgumentException("a job needs the name of who requested it (or \"" + Callers.SYSTEM + "\")");
        }
        this.kind = kind.dbName();
        this.kindLabel = kind.label();
        this.requestedBy = Job.clip(requestedBy.strip(), 128);
    }

    /** The job's kind, with the label it was made with. */
    public JobKind kind() {
        return JobKind.stored(kind, kindLabel);
    }

    /** A login name, {@link Callers#SYSTEM}, or {@code unknown} for jobs made before this was kept. */
    public String requestedBy() {
        return requestedBy;
    }

    /** The sender's request id, when an automation command asked for the job; otherwise null. */
    public String id() {
        return requestId;
    }

    /** Through {@link Job#recordRequestId}: the automation interface sees of the engine only the Job. */
    void recordId(String requestId) {
        this.requestId = requestId;
    }
}

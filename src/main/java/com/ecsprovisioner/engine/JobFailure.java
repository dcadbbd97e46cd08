package com.ecsprovisioner.engine;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Why a job stopped: a message for people, and for machines the cloud's error code and request id (or the
 * product's own code, such as {@code Timeout}). Each part is cut to its column's width.
 */
@Embeddable
public class JobFailure {

    @Column(name = "failure_message", length = 2000)
    private String message;

    @Column(name = "failure_code", length = 128)
    private String code;

    @Column(name = "failure_request_id", length = 128)
    private String requestId;

    protected JobFailure() {
    }

    JobFailure(String message, String code, String requestId) {
        this.message = Job.clip(message, 2000);
        this.code = Job.clip(code, 128);
        this.requestId = Job.clip(requestId, 128);
    }

    public String message() {
        return message;
    }

    public String code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }

    /** The log's line: the reason, with the code and request id when there are any. */
    String describe(String reason) {
        // A request id says the code is the cloud's; without one it may be the product's own (Timeout, a bootstrap exit).
        return reason + (code == null ? "" : requestId != null ? com.ecsprovisioner.cloud.CloudException.forSupport(code, requestId)
                : " (error code: " + code + ")");
    }
}

package com.ecsprovisioner.cloud;

/**
 * A cloud call that did not succeed, classified so that callers decide without knowing the cloud: retry later
 * ({@link #isTransient()}), stop and tell a person ({@link #getMessage()}, written for one), and log the cloud's
 * own {@link #code()} and {@link #requestId()} for support.
 */
public class CloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The small vocabulary every cloud failure maps into. */
    public enum Kind {
        /** Unknown AccessKey or wrong secret. */
        BAD_CREDENTIALS,
        /** The account lacks a permission; {@link #missingPolicy()} names the RAM policy that grants it. */
        FORBIDDEN,
        /** Too many calls; retry with back-off. */
        THROTTLED,
        /** A quota is used up (VPCs per region, instances, ...). */
        QUOTA_EXCEEDED,
        /** The resource, region or zone does not exist (or no longer). */
        NOT_FOUND,
        /** The resource is in a state that does not allow this now (busy, dependency, wrong status). */
        CONFLICT,
        /** The zone has no stock of that instance type or disk now. */
        OUT_OF_STOCK,
        /** The request itself is wrong (bad parameter); retrying the same request will not help. */
        INVALID_REQUEST,
        /** The cloud did not answer, or answered with a server error. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final String requestId;
    private final boolean transientFailure;
    private final String missingPolicy;

    public CloudException(Kind kind, String code, String requestId, String message, boolean transientFailure,
                          String missingPolicy, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
        this.requestId = requestId;
        this.transientFailure = transientFailure;
        this.missingPolicy = missingPolicy;
    }

    public Kind kind() {
        return kind;
    }

    /** The cloud's error code, e.g. "Throttling.User"; "ConnectTimeout" and the like for transport failures. */
    public String code() {
        return code;
    }

    /** The cloud's request id, for support tickets; null when no answer came. */
    public String requestId() {
        return requestId;
    }

    /** True when the same call may succeed later (throttling, server errors, busy resources, time-outs). */
    public boolean isTransient() {
        return transientFailure;
    }

    /** For {@link Kind#FORBIDDEN}: the RAM policy to grant, e.g. "AliyunVPCFullAccess"; otherwise null. */
    public String missingPolicy() {
        return missingPolicy;
    }

    /** One line for logs and job histories: the message, then the code and request id support asks for. */
    public String describe() {
        return getMessage() + forSupport(code, requestId);
    }

    /**
     * " (cloud error code: Forbbiden, request id: 7A1F…)", or "" without a code: the one way a cloud's code reaches a
     * page or a log, labelled, so that a person reads it as something to quote to support, never as the message
     * (the cloud's codes are not words: the VPC API spells its own refusal "Forbbiden").
     */
    public static String forSupport(String code, String requestId) {
        if (code == null || code.isBlank()) {
            return requestId == null ? "" : " (request id: " + requestId + ")";
        }
        return " (cloud error code: " + code + (requestId == null ? "" : ", request id: " + requestId) + ")";
    }
}

package com.ecsprovisioner.sandbox.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The transient answers a robust client must survive, with the statuses and messages of the ECS and VPC error tables
 * (reference Appendix C and §4.7), so that fault injection can send them to any action: the codes
 * terraform-provider-alicloud retries per resource (listed in the automation notes of the reference).
 */
public enum TransientAnswer {
    OPERATION_CONFLICT(409, "OperationConflict", "Request was denied due to conflict with a previous request."),
    LAST_TOKEN_PROCESSING(403, "LastTokenProcessing", "The last token request is processing."),
    INCORRECT_VSWITCH_STATUS(400, "IncorrectVSwitchStatus",
            "The current status of virtual switch does not support this operation."),
    INCORRECT_INSTANCE_STATUS(403, "IncorrectInstanceStatus",
            "The current status of the resource does not support this operation."),
    INCORRECT_INSTANCE_STATUS_INITIALIZING(403, "IncorrectInstanceStatus.Initializing",
            "The specified instance status does not support this operation."),
    DEPENDENCY_VIOLATION(403, "DependencyViolation", "There is still instance(s) in the specified security group."),
    DEPENDENCY_VIOLATION_VSWITCH(400, "DependencyViolation.VSwitch", "Specified object has dependent vSwitch."),
    DEPENDENCY_VIOLATION_SECURITY_GROUP(400, "DependencyViolation.SecurityGroup",
            "Specified object has dependent security group."),
    DEPENDENCY_VIOLATION_ROUTE_ENTRY(400, "DependencyViolation.RouteEntry", "Specified instance is used by route entry.");

    private final int status;
    private final String code;
    private final String message;

    TransientAnswer(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public ApiError error() {
        return new ApiError(status, code, message);
    }

    /** The answer with this error code, or an {@link IllegalArgumentException} naming the codes there are. */
    public static TransientAnswer of(String code) {
        for (TransientAnswer a : values()) {
            if (a.code.equals(code)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown fault '" + code + "': expected throttle, error, drop, latency or"
                + " one of " + Arrays.stream(values()).map(TransientAnswer::code).collect(Collectors.joining(", ")));
    }
}

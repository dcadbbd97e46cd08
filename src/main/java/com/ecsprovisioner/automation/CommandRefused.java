package com.ecsprovisioner.automation;

import jakarta.ejb.ApplicationException;

/**
 * A command that cannot be carried out, for a reason its sender can act on: the field it is about (a JSON pointer,
 * or null when the whole command is), the rule it broke, and the reason meant for a person. An application
 * exception, so that the container passes it as it is and rolls back whatever the command had begun.
 */
@ApplicationException(rollback = true)
public class CommandRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The rules a command can break besides the schema's keywords (which are named as the schema names them). */
    public static final String NOT_JSON = "json";
    public static final String UNREADABLE_BODY = "body";
    public static final String NO_SENDER = "authenticated-sender";
    public static final String UNKNOWN_PROFILE = "known-profile";
    public static final String UNKNOWN_SERVER = "known-server";
    public static final String UNKNOWN_JOB = "known-job";
    public static final String REFUSED = "allowed-now";
    public static final String MISMATCH = "same-request-same-body";

    private final String field;
    private final String rule;

    public CommandRefused(String reason, String field, String rule) {
        super(reason, null, false, false);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}

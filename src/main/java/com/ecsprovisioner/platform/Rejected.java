package com.ecsprovisioner.platform;

import jakarta.ejb.ApplicationException;

/**
 * A request a boundary refuses for a reason the person can act on ("this is the last admin"); the message is
 * meant to be shown as it is. An application exception, so that the container neither wraps nor logs it as a
 * failure of ours, and the transaction is rolled back.
 */
@ApplicationException(rollback = true)
public class Rejected extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public Rejected(String message) {
        super(message);
    }

    /** A refusal because of a failure below (e.g. the cloud did not answer): the cause says whether it may pass. */
    public Rejected(String message, Throwable cause) {
        super(message, cause);
    }
}

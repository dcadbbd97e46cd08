package com.ecsprovisioner.security;

import java.security.Principal;
import java.util.Locale;

/**
 * The name a boundary records for whoever made a request (the requester of a job): the logged-in user's name, or
 * {@code system} when no person is behind the call (a timer, the status sync), for which the container hands an
 * anonymous principal.
 */
public final class Callers {

    /** What is recorded when the product acts by itself. */
    public static final String SYSTEM = "system";

    private Callers() {
    }

    public static String nameOf(Principal caller) {
        String name = caller == null ? null : caller.getName();
        if (name == null || name.isBlank() || name.strip().toLowerCase(Locale.ROOT).equals("anonymous")) {
            return SYSTEM;
        }
        return name.strip();
    }
}

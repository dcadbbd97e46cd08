package com.ecsprovisioner.security;

import java.security.Principal;
import java.util.Locale;

/**
 * The name a boundary records for whoever made a request (the requester of a job): the logged-in user's name, or
 * {@code system} when no person is behind the call (a timer, the status sync), for which the container hands an
 * anonymous principal, or the run-as principal of a bean that acts for the product.
 */
public final class Callers {

    /** What is recorded when the product acts by itself. */
    public static final String SYSTEM = "system";

    /**
     * The principal that work done on nobody's behalf runs as with {@code @RunAs} (WEB-INF/payara-web.xml): the
     * product acting by itself too, recorded as {@link #SYSTEM}, never as a user's name.
     */
    public static final String RUN_AS_PRINCIPAL = "ECS_SYSTEM";

    private Callers() {
    }

    public static String nameOf(Principal caller) {
        String name = caller == null ? null : caller.getName();
        if (name == null || name.isBlank() || name.strip().toLowerCase(Locale.ROOT).equals("anonymous")
                || name.strip().equals(RUN_AS_PRINCIPAL)) {
            return SYSTEM;
        }
        return name.strip();
    }
}

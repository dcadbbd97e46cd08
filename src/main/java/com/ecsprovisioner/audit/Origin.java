package com.ecsprovisioner.audit;

import java.util.Locale;

/**
 * Where a change came from, read off the name the boundary records as who asked, so that no boundary has to say it:
 * the JMS command interface acts for {@code jms:<broker user>}, the product itself acts as {@code system}
 * ({@code security.Callers.SYSTEM}: timers, the status sync, a lock-out after failed logins), everyone else is a
 * console user. A console request carries the client's address; the product's own acts inside one (a lock-out during
 * a login) came from the console too.
 */
public enum Origin {
    CONSOLE, JMS, TIMER;

    /** The prefix of the names the JMS command interface records (see the automation package). */
    public static final String JMS_PREFIX = "jms:";
    /** The name recorded when no person is behind the call (the same word as {@code security.Callers.SYSTEM}). */
    public static final String SYSTEM = "system";

    public static Origin of(String actor, boolean inConsoleRequest) {
        String name = actor == null ? "" : actor.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith(JMS_PREFIX)) {
            return JMS;
        }
        if (name.equals(SYSTEM) && !inConsoleRequest) {
            return TIMER;
        }
        return CONSOLE;
    }

    public String label() {
        return switch (this) {
            case CONSOLE -> "console";
            case JMS -> "JMS";
            case TIMER -> "timer";
        };
    }
}

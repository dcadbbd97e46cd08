package com.ecsprovisioner.security;

import jakarta.enterprise.context.RequestScoped;

import java.security.Principal;

/**
 * Who a boundary records as having asked for what it does. Normally the caller the container authenticated (a
 * console user, or {@link Callers#SYSTEM}); an interface that authenticated its sender itself (the JMS command
 * consumer, whose sender the broker authenticated and stamped on the message) names that sender here for the rest
 * of the request, since the container only knows the consumer's run-as identity.
 */
@RequestScoped
public class Requester {

    private String authenticatedElsewhere;

    /**
     * For the rest of this request, what the boundaries record is {@code name} (e.g. {@code jms:billing}). Only code
     * that authenticated the sender itself may call this; a name from the request's own content must never reach it.
     */
    public void actFor(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a requester needs a name");
        }
        this.authenticatedElsewhere = name.strip();
    }

    /** The name to record: the one named with {@link #actFor}, else the container's caller's. */
    public String nameOf(Principal containerCaller) {
        return authenticatedElsewhere != null ? authenticatedElsewhere : Callers.nameOf(containerCaller);
    }
}

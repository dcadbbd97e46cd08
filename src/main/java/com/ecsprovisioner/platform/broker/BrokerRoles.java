package com.ecsprovisioner.platform.broker;

import org.apache.activemq.artemis.core.security.Role;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Least privilege per broker role, the README's permission table in code. The roles of the public interface
 * (commands in on {@code ecs.commands}, events out on {@code ecs.events}) are declared here so that the users an
 * operator makes for other systems can never reach the engine's internal queue, create or delete addresses, or read
 * dead letters. Whatever no row names, nobody but nobody may touch: an address with no matching row is refused.
 */
public final class BrokerRoles {

    /** The application itself (the resource adapter's user). */
    public static final String INTERNAL = "internal";
    /** Another system that orders work: sends commands, follows events on a subscription of its own. */
    public static final String SENDER = "sender";
    /** A system that only follows events. */
    public static final String OBSERVER = "observer";

    public static final Set<String> ALL = Set.of(INTERNAL, SENDER, OBSERVER);

    public static final String JOBS = "ecs.jobs";
    public static final String COMMANDS = "ecs.commands";
    public static final String EVENTS = "ecs.events";
    public static final String DEAD_LETTERS = "DLQ";
    public static final String EXPIRED = "ExpiryQueue";
    /** The namespace under which the broker looks up permissions of addresses named by a UUID: temporary queues. */
    public static final String TEMPORARY_NAMESPACE = "uuid";

    private BrokerRoles() {
    }

    /** Address match to the roles allowed there; {@code #} (everything else) allows nothing. */
    public static Map<String, Set<Role>> permissions() {
        Map<String, Set<Role>> permissions = new LinkedHashMap<>();
        permissions.put("#", Set.of());
        permissions.put(JOBS, Set.of(sendAndConsume(INTERNAL)));
        permissions.put(DEAD_LETTERS, Set.of(sendAndConsume(INTERNAL)));
        permissions.put(EXPIRED, Set.of(sendAndConsume(INTERNAL)));
        permissions.put(COMMANDS, Set.of(consumeOnly(INTERNAL), sendOnly(SENDER)));
        permissions.put(EVENTS, Set.of(sendOnly(INTERNAL), subscriber(SENDER), subscriber(OBSERVER)));
        // A sender's temporary reply queue: it makes and reads it, the application answers into it.
        permissions.put(TEMPORARY_NAMESPACE + ".#", Set.of(sendOnly(INTERNAL), temporaryQueueOwner(SENDER)));
        return permissions;
    }

    // Role(name, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue, deleteNonDurableQueue,
    //      manage, browse, createAddress, deleteAddress): no role may manage, create or delete an address.
    private static Role sendAndConsume(String name) {
        return new Role(name, true, true, false, false, false, false, false, true, false, false);
    }

    private static Role sendOnly(String name) {
        return new Role(name, true, false, false, false, false, false, false, false, false, false);
    }

    private static Role consumeOnly(String name) {
        return new Role(name, false, true, false, false, false, false, false, false, false, false);
    }

    private static Role temporaryQueueOwner(String name) {
        return new Role(name, false, true, false, false, true, true, false, false, false, false);
    }

    /** A topic subscription is a queue of the subscriber's own on the address: it may create and remove that. */
    private static Role subscriber(String name) {
        return new Role(name, false, true, true, true, true, true, false, false, false, false);
    }
}

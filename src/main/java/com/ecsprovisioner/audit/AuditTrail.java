package com.ecsprovisioner.audit;

import jakarta.ejb.Stateless;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Clock;

/**
 * Writes audit records. {@code MANDATORY}: a record is only ever written inside the transaction of the change it
 * describes (the calling boundary's), so both commit or neither does. No role is required here: the calling boundary
 * has already checked who may make the change.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditTrail {

    @PersistenceContext
    EntityManager em;

    @Inject
    ConsoleClient console;

    Clock clock = Clock.systemUTC();

    /**
     * Records a change made by {@code actor} (the name the boundary records for its caller: a console user,
     * {@code jms:<broker user>} or {@code system}), from the console request being served if there is one.
     *
     * @param subject what was changed, in words a person finds it by ({@code profile 'prod-hz' (1050)})
     */
    public void record(String actor, AuditAction action, String subject, Changes changes) {
        recordFrom(consoleAddress(), actor, action, subject, changes);
    }

    /** Null outside a console request; also where no request context is active at all (nothing to say then). */
    private String consoleAddress() {
        try {
            return console == null ? null : console.address();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }

    /** The same, for a boundary that was given the client's address itself (a login runs before the web filters). */
    public void recordFrom(String clientAddress, String actor, AuditAction action, String subject, Changes changes) {
        Origin origin = Origin.of(actor, clientAddress != null);
        em.persist(new AuditRecord(clock.instant(), actor == null || actor.isBlank() ? Origin.SYSTEM : actor.strip(), origin,
                origin == Origin.CONSOLE ? clientAddress : null, action, subject, changes.text()));
    }
}

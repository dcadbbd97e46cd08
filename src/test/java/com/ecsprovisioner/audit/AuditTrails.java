package com.ecsprovisioner.audit;

import jakarta.persistence.EntityManager;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The audit trail as a boundary under test gets it outside the container, and what tests of audited changes check:
 * the records written, and that none of them holds a secret.
 */
public final class AuditTrails {

    private AuditTrails() {
    }

    /** A trail writing through {@code em} (the boundary's own, so in its transaction), for a console request from {@code clientAddress} (null: none). */
    public static AuditTrail on(EntityManager em, String clientAddress) {
        AuditTrail trail = new AuditTrail();
        trail.em = em;
        trail.console = new ConsoleClient();
        if (clientAddress != null) {
            trail.console.arrivedFrom(clientAddress);
        }
        return trail;
    }

    /** Every record, oldest first. */
    public static List<AuditRecord> all(EntityManager em) {
        em.clear();
        return em.createQuery("SELECT r FROM AuditRecord r ORDER BY r.id", AuditRecord.class).getResultList();
    }

    /** The only record of the action; fails when there is none or several. */
    public static AuditRecord only(EntityManager em, AuditAction action) {
        List<AuditRecord> found = all(em).stream().filter(r -> r.getAction() == action).toList();
        assertEquals(1, found.size(), () -> "one " + action + " record: " + describe(all(em)));
        return found.get(0);
    }

    /** Every column of every record, searched for each secret's value. */
    public static void holdNoSecret(EntityManager em, String... secrets) {
        for (AuditRecord r : all(em)) {
            String whole = describe(List.of(r));
            for (String secret : secrets) {
                assertFalse(whole.contains(secret.strip()), () -> "a record holds a secret: " + r.getAction());
                // A line of a multi-line secret (a private key's body) is searched too.
                secret.lines().filter(l -> l.length() > 20).forEach(line ->
                        assertFalse(whole.contains(line), () -> "a record holds part of a secret: " + r.getAction()));
            }
        }
    }

    public static String describe(List<AuditRecord> records) {
        StringBuilder out = new StringBuilder();
        for (AuditRecord r : records) {
            out.append(r.getRecordedAt()).append(' ').append(r.getActor()).append(' ').append(r.getOrigin()).append(' ')
                    .append(r.getClientAddress()).append(' ').append(r.getAction()).append(' ').append(r.getSubject())
                    .append('\n').append(r.getChanges()).append('\n');
        }
        return out.toString();
    }
}

package com.ecsprovisioner.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading the trail for the Audit page (admins only): records filtered by who (part of the name), what (one action)
 * and when (from / to), newest first, a page at a time, with the count of all that match.
 *
 * <p>The role is spelled out rather than taken from {@code security.Role.ADMIN_NAME}: security records its user
 * changes here, so this package may not import it back (no package cycle); {@code AuditTrailTest} checks that the
 * two names agree.
 */
@Stateless
@RolesAllowed(AuditLog.ADMIN_ROLE)
public class AuditLog {

    /** The same name as {@code security.Role.ADMIN_NAME}. */
    static final String ADMIN_ROLE = "admin";

    @PersistenceContext
    EntityManager em;

    /** Every criterion may be null: then it does not filter. */
    public record Filter(String who, AuditAction action, Instant from, Instant to) {
        public static Filter none() {
            return new Filter(null, null, null, null);
        }
    }

    public List<AuditRecord> page(Filter filter, int first, int size) {
        TypedQuery<AuditRecord> query = em.createQuery("SELECT r FROM AuditRecord r" + where(filter)
                + " ORDER BY r.recordedAt DESC, r.id DESC", AuditRecord.class);
        parameters(filter).forEach(query::setParameter);
        return query.setFirstResult(Math.max(0, first)).setMaxResults(Math.max(1, size)).getResultList();
    }

    public long count(Filter filter) {
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(r) FROM AuditRecord r" + where(filter), Long.class);
        parameters(filter).forEach(query::setParameter);
        return query.getSingleResult();
    }

    private static String where(Filter f) {
        StringBuilder w = new StringBuilder();
        if (who(f) != null) {
            w.append(" AND LOWER(r.actor) LIKE :who ESCAPE '\\'");
        }
        if (f.action() != null) {
            w.append(" AND r.action = :action");
        }
        if (f.from() != null) {
            w.append(" AND r.recordedAt >= :from");
        }
        if (f.to() != null) {
            w.append(" AND r.recordedAt < :to");
        }
        return w.isEmpty() ? "" : " WHERE" + w.substring(4);
    }

    private static Map<String, Object> parameters(Filter f) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (who(f) != null) {
            // What a person typed is matched as text: its own % and _ are escaped, not wildcards.
            p.put("who", "%" + who(f).toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.action() != null) {
            p.put("action", f.action());
        }
        if (f.from() != null) {
            p.put("from", f.from());
        }
        if (f.to() != null) {
            p.put("to", f.to());
        }
        return p;
    }

    private static String who(Filter f) {
        return f.who() == null || f.who().isBlank() ? null : f.who().strip();
    }
}

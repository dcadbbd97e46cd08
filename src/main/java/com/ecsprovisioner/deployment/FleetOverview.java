package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.security.Role;
import com.ecsprovisioner.server.FleetHistory;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's reads about the fleet: its status day by day (replayed from the status history), its servers by
 * region and status now, and the failed jobs nobody retried or rolled back yet (those need a person).
 */
@Stateless
@RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
public class FleetOverview {

    @PersistenceContext
    EntityManager em;

    /**
     * {@code days} days up to today in {@code zone}; servers deleted before the first day are not read. Of the history
     * only what the days need: the changes since the first day, and each server's last change before it (its status
     * when the first day began), not every change a long-lived server ever had.
     */
    public List<FleetHistory.Day> daily(int days, ZoneId zone) {
        LocalDate today = LocalDate.now(zone);
        Instant first = today.minusDays(days - 1L).atStartOfDay(zone).toInstant();
        return FleetHistory.daily(changesFrom(first), today, days, zone);
    }

    /** The changes since {@code first} and each shown server's last change before it. */
    List<FleetHistory.Change> changesFrom(Instant first) {
        String shown = "SELECT c.server.id, c.changedAt, c.to FROM ServerStatusChange c "
                + "WHERE (c.server.status <> :deleted OR c.server.updatedAt >= :first) AND ";
        List<FleetHistory.Change> changes = new ArrayList<>(changes(shown + "c.changedAt >= :first", first));
        changes.addAll(changes(shown + "c.changedAt = (SELECT MAX(b.changedAt) FROM ServerStatusChange b "
                + "WHERE b.server = c.server AND b.changedAt < :first) "
                // Changes made in one go share their time: the one written last (the highest id) is where it ended.
                + "AND c.id = (SELECT MAX(d.id) FROM ServerStatusChange d WHERE d.server = c.server AND d.changedAt = c.changedAt)", first));
        return changes;
    }

    private List<FleetHistory.Change> changes(String query, Instant first) {
        return em.createQuery(query, Object[].class).setParameter("deleted", ServerStatus.DELETED).setParameter("first", first)
                .getResultList().stream()
                .map(r -> new FleetHistory.Change(((Number) r[0]).longValue(), (Instant) r[1], (ServerStatus) r[2])).toList();
    }

    /** Servers that exist, by region (sorted) and status. */
    public Map<String, Map<ServerStatus, Long>> byRegion() {
        Map<String, Map<ServerStatus, Long>> out = new TreeMap<>();
        for (Object[] row : em.createQuery("SELECT s.regionId, s.status, COUNT(s) FROM Server s WHERE s.status <> :deleted "
                + "GROUP BY s.regionId, s.status", Object[].class).setParameter("deleted", ServerStatus.DELETED).getResultList()) {
            out.computeIfAbsent((String) row[0], r -> new EnumMap<>(ServerStatus.class))
                    .put((ServerStatus) row[1], ((Number) row[2]).longValue());
        }
        return out;
    }

    /** Failed jobs still failed (a retry or a roll back moves them on), newest first. */
    public List<Job> failuresNeedingAttention(int max) {
        return em.createQuery("SELECT j FROM Job j WHERE j.state = :failed ORDER BY j.id DESC", Job.class)
                .setParameter("failed", JobState.FAILED).setMaxResults(Math.max(1, Math.min(max, 100))).getResultList();
    }
}

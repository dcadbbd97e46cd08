package com.ecsprovisioner.server;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One page of the Servers list, filtered and sorted by the database: a count and a page query with the same
 * conditions ({@link #count}, {@link #page}), so that the list stays quick with thousands of servers (only the rows shown are read). Deleted servers
 * are left out unless the status filter asks for them. Plain JPA: the boundary ({@code provisioning.Deployments})
 * runs it in its transaction, the tests run it against H2 with the product's migrations.
 */
public final class ServerSearch {

    /** The largest page a caller may ask for; the console shows 25 to 100 rows. */
    public static final int MAX_PAGE_SIZE = 500;

    private ServerSearch() {
    }

    /** The columns the list sorts by. Every sort ends with the id, so that pages never overlap or skip a row. */
    public enum SortField {
        NAME("s.name"), STATUS("s.status"), REGION("s.regionId"), CREATED("s.createdAt");

        private final String path;

        SortField(String path) {
            this.path = path;
        }
    }

    /**
     * What the person asked for; null filters do not filter.
     *
     * @param nameContains part of the name, any case
     * @param regionId     exactly this region
     * @param status       exactly this status (DELETED shows the deleted servers, which are hidden otherwise)
     * @param first        index of the first row (0-based)
     */
    public record Query(String nameContains, Long profileId, String regionId, ServerStatus status, SortField sort,
                        boolean ascending, int first, int pageSize) {

        public Query {
            if (first < 0) {
                throw new IllegalArgumentException("first must be 0 or more, got " + first);
            }
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", got " + pageSize);
            }
            nameContains = nameContains == null || nameContains.isBlank() ? null : nameContains.strip();
            regionId = regionId == null || regionId.isBlank() ? null : regionId.strip();
            sort = sort == null ? SortField.NAME : sort;
        }

        /** The first page of every server not deleted, by name. */
        public static Query firstPage(int pageSize) {
            return new Query(null, null, null, null, SortField.NAME, true, 0, pageSize);
        }
    }

    /** How many servers match the query's filters (its page and sort do not matter): the paginator's total. */
    public static long count(EntityManager em, Query q) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(s) FROM Server s" + where(q, parameters), Long.class);
        parameters.forEach(count::setParameter);
        return count.getSingleResult();
    }

    /** The query's page: at most {@code pageSize} servers from row {@code first}, in the query's order. */
    public static List<Server> page(EntityManager em, Query q) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = where(q, parameters);
        String direction = q.ascending() ? " ASC" : " DESC";
        TypedQuery<Server> page = em.createQuery("SELECT s FROM Server s" + where + " ORDER BY " + q.sort().path + direction
                + ", s.id" + direction, Server.class);
        parameters.forEach(page::setParameter);
        return page.setFirstResult(q.first()).setMaxResults(q.pageSize()).getResultList();
    }

    /** How many servers are in each status (statuses with none are absent): one grouped count, for the dashboard. */
    public static Map<ServerStatus, Long> countsByStatus(EntityManager em) {
        Map<ServerStatus, Long> counts = new EnumMap<>(ServerStatus.class);
        for (Object[] row : em.createQuery("SELECT s.status, COUNT(s) FROM Server s GROUP BY s.status", Object[].class).getResultList()) {
            counts.put((ServerStatus) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** Whether a server that is not deleted has this name (names are unique among the servers that exist). */
    public static boolean nameInUse(EntityManager em, String name) {
        return em.createQuery("SELECT COUNT(s) FROM Server s WHERE s.name = :name AND s.status <> :deleted", Long.class)
                .setParameter("name", name).setParameter("deleted", ServerStatus.DELETED).getSingleResult() > 0;
    }

    /** The regions that have servers, for the region filter's choices. */
    public static List<String> regions(EntityManager em) {
        return em.createQuery("SELECT DISTINCT s.regionId FROM Server s ORDER BY s.regionId", String.class).getResultList();
    }

    private static String where(Query q, Map<String, Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (q.status() == null) {
            conditions.add("s.status <> :deleted");
            parameters.put("deleted", ServerStatus.DELETED);
        } else {
            conditions.add("s.status = :status");
            parameters.put("status", q.status());
        }
        if (q.profileId() != null) {
            conditions.add("s.profileId = :profileId");
            parameters.put("profileId", q.profileId());
        }
        if (q.regionId() != null) {
            conditions.add("s.regionId = :regionId");
            parameters.put("regionId", q.regionId());
        }
        if (q.nameContains() != null) {
            // A name holds only letters, digits and '-', but what a person types may hold LIKE's wildcards.
            conditions.add("LOWER(s.name) LIKE :name ESCAPE '\\'");
            parameters.put("name", "%" + likeEscaped(q.nameContains().toLowerCase(Locale.ROOT)) + "%");
        }
        return " WHERE " + String.join(" AND ", conditions);
    }

    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

package com.ecsprovisioner.server;

import com.ecsprovisioner.platform.MigratedH2;
import com.ecsprovisioner.server.ServerSearch.Query;
import com.ecsprovisioner.server.ServerSearch.SortField;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Servers list's queries against H2 with the product's migrations and 3,000 servers: the count and the page
 * the boundary runs give the right rows in the right order for every sort and every filter, and hide deleted
 * servers unless asked for. The expected rows are computed from the servers as written, in Java.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSearchTest {

    private static final int SERVERS = 3000;
    private static final List<String> REGIONS = List.of("cn-hangzhou", "cn-shanghai", "ap-southeast-1");
    private static final List<String> PREFIXES = List.of("blog", "shop", "api");

    private EntityManagerFactory factory;
    private EntityManager em;
    /** Every server as written (id, name, profile, region, status, created). */
    private final List<Server> all = new ArrayList<>();

    @BeforeAll
    void writeServers(@TempDir Path dir) {
        factory = MigratedH2.open(dir);

        Random random = new Random(42);
        List<Integer> createdOrder = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            createdOrder.add(i);
        }
        Collections.shuffle(createdOrder, random);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        EntityManager writer = factory.createEntityManager();
        writer.getTransaction().begin();
        for (int i = 0; i < SERVERS; i++) {
            Instant created = t0.plusSeconds(createdOrder.get(i)).truncatedTo(ChronoUnit.MILLIS);
            String name = PREFIXES.get(i % 3) + "-" + String.format("%05d", random.nextInt(100_000)) + "-" + i;
            Server s = new Server(name, 1 + random.nextInt(3), REGIONS.get(random.nextInt(REGIONS.size())), "ecs.t6", "ubuntu", created);
            moveTo(s, random.nextInt(6), created);
            writer.persist(s);
            all.add(s);
            if (i % 500 == 499) {
                writer.flush();
                writer.clear();
            }
        }
        writer.getTransaction().commit();
        writer.close();
        em = factory.createEntityManager();
    }

    /** Reaches a status through the verbs, as the product does. */
    private static void moveTo(Server s, int which, Instant t) {
        if (which == 0) {
            return; // requested
        }
        s.startProvisioning(t);
        if (which == 1) {
            s.fail("the cloud said no", t);
            return;
        }
        s.recordInstance("i-" + s.getName(), t);
        s.markSshReachable("127.0.0.9", null, t);
        s.markActive(t);
        if (which == 3) {
            s.stop(t);
            s.markStopped(t);
        } else if (which == 4) {
            s.markUnreachable("SSH does not answer", t);
        } else if (which == 5) {
            s.delete("deletion requested", t);
            s.markDeleted(t);
        }
    }

    @AfterAll
    void close() {
        if (em != null) {
            em.close();
        }
        if (factory != null) {
            factory.close();
        }
    }

    private static final Comparator<Server> BY_ID = Comparator.comparing(Server::getId);

    private static Comparator<Server> order(SortField sort, boolean ascending) {
        Comparator<Server> c = switch (sort) {
            case NAME -> Comparator.comparing(Server::getName);
            case STATUS -> Comparator.comparing((Server s) -> s.getStatus().dbName());
            case REGION -> Comparator.comparing(Server::getRegionId);
            case CREATED -> Comparator.comparing(Server::getCreatedAt);
        };
        c = c.thenComparing(BY_ID);
        return ascending ? c : c.reversed();
    }

    /** What the query must answer, computed in Java from the servers as written. */
    private List<Long> expected(Predicate<Server> filter, SortField sort, boolean ascending, int first, int size) {
        return all.stream().filter(filter).sorted(order(sort, ascending)).skip(first).limit(size).map(Server::getId).toList();
    }

    private long expectedCount(Predicate<Server> filter) {
        return all.stream().filter(filter).count();
    }

    private List<Long> page(Query q) {
        return ServerSearch.page(em, q).stream().map(Server::getId).toList();
    }

    private static final Predicate<Server> NOT_DELETED = s -> s.getStatus() != ServerStatus.DELETED;

    @Test
    void theDefaultListIsEveryServerButTheDeletedOnesByNameOnePageAtATime() {
        long live = expectedCount(NOT_DELETED);
        assertTrue(live > 2000 && live < SERVERS, "the data holds deleted servers: " + live);
        Query first = Query.firstPage(50);
        assertEquals(live, ServerSearch.count(em, first));
        List<Long> page = page(first);
        assertEquals(50, page.size());
        assertEquals(expected(NOT_DELETED, SortField.NAME, true, 0, 50), page);
        // A page in the middle and the last, partial page.
        assertEquals(expected(NOT_DELETED, SortField.NAME, true, 1000, 100),
                page(new Query(null, null, null, null, SortField.NAME, true, 1000, 100)));
        int lastFirst = (int) (live / 100) * 100;
        List<Long> last = page(new Query(null, null, null, null, SortField.NAME, true, lastFirst, 100));
        assertEquals(live - lastFirst, last.size());
        assertEquals(expected(NOT_DELETED, SortField.NAME, true, lastFirst, 100), last);
        assertEquals(List.of(), page(new Query(null, null, null, null, SortField.NAME, true, (int) live + 10, 100)));
    }

    @Test
    void everySortOrderBothWays() {
        for (SortField sort : SortField.values()) {
            for (boolean ascending : new boolean[]{true, false}) {
                Query q = new Query(null, null, null, null, sort, ascending, 200, 75);
                assertEquals(expected(NOT_DELETED, sort, ascending, 200, 75), page(q), sort + (ascending ? " ascending" : " descending"));
            }
        }
    }

    @Test
    void eachFilterAndTheirCombination() {
        // Profile.
        Query byProfile = new Query(null, 2L, null, null, SortField.CREATED, false, 0, 40);
        Predicate<Server> profile2 = NOT_DELETED.and(s -> s.getProfileId() == 2);
        assertEquals(expectedCount(profile2), ServerSearch.count(em, byProfile));
        assertEquals(expected(profile2, SortField.CREATED, false, 0, 40), page(byProfile));
        // Region.
        Query byRegion = new Query(null, null, "cn-shanghai", null, SortField.NAME, true, 30, 40);
        Predicate<Server> shanghai = NOT_DELETED.and(s -> s.getRegionId().equals("cn-shanghai"));
        assertEquals(expectedCount(shanghai), ServerSearch.count(em, byRegion));
        assertEquals(expected(shanghai, SortField.NAME, true, 30, 40), page(byRegion));
        // Status, including the deleted servers that are otherwise hidden.
        for (ServerStatus status : List.of(ServerStatus.ACTIVE, ServerStatus.STOPPED, ServerStatus.FAILED, ServerStatus.DELETED)) {
            Query byStatus = new Query(null, null, null, status, SortField.NAME, true, 0, 60);
            Predicate<Server> withStatus = s -> s.getStatus() == status;
            assertTrue(expectedCount(withStatus) > 300, status + " is well represented");
            assertEquals(expectedCount(withStatus), ServerSearch.count(em, byStatus), status.dbName());
            assertEquals(expected(withStatus, SortField.NAME, true, 0, 60), page(byStatus), status.dbName());
        }
        // Name: part of it, any case.
        Query byName = new Query("  SHOP-0 ", null, null, null, SortField.NAME, true, 0, 500);
        Predicate<Server> shop0 = NOT_DELETED.and(s -> s.getName().contains("shop-0"));
        assertEquals(expectedCount(shop0), ServerSearch.count(em, byName));
        assertEquals(expected(shop0, SortField.NAME, true, 0, 500), page(byName));
        // LIKE's wildcards typed into the name filter are taken literally (no name holds '_' or '%').
        assertEquals(0, ServerSearch.count(em, new Query("p_", null, null, null, SortField.NAME, true, 0, 10)));
        assertEquals(0, ServerSearch.count(em, new Query("%", null, null, null, SortField.NAME, true, 0, 10)));
        // Everything at once.
        Query combined = new Query("blog", 3L, "ap-southeast-1", ServerStatus.ACTIVE, SortField.CREATED, true, 0, 500);
        Predicate<Server> all4 = s -> s.getName().contains("blog") && s.getProfileId() == 3
                && s.getRegionId().equals("ap-southeast-1") && s.getStatus() == ServerStatus.ACTIVE;
        assertTrue(expectedCount(all4) > 5);
        assertEquals(expectedCount(all4), ServerSearch.count(em, combined));
        assertEquals(expected(all4, SortField.CREATED, true, 0, 500), page(combined));
    }

    @Test
    void theDashboardsCountsPerStatusComeFromOneGroupedQuery() {
        Map<ServerStatus, Long> expected = new java.util.EnumMap<>(ServerStatus.class);
        all.forEach(s -> expected.merge(s.getStatus(), 1L, Long::sum));
        assertEquals(expected, ServerSearch.countsByStatus(em));
        assertEquals(6, expected.size(), "requested, failed, active, stopped, unreachable and deleted are all there");
    }

    @Test
    void theRegionChoicesAreTheRegionsThatHaveServers() {
        assertEquals(REGIONS.stream().sorted().toList(), ServerSearch.regions(em));
    }

    @Test
    void aQueryOutsideItsLimitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Query(null, null, null, null, null, true, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Query(null, null, null, null, null, true, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Query(null, null, null, null, null, true, 0, ServerSearch.MAX_PAGE_SIZE + 1));
    }
}

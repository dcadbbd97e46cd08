package com.ecsprovisioner.deployment;

import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.server.FleetHistory;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dashboard's fleet over 14 days (H2 with the product's migrations) reads only the changes since the first day
 * and each server's last one before it, and draws the same days as replaying every change ever made.
 */
class FleetOverviewTest {

    private static final ZoneId ZONE = ZoneOffset.UTC;

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private static Server active(String name, String instance, Instant t) {
        Server s = new Server(name, 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", t);
        s.startProvisioning(t);
        s.recordInstance(instance, t.plusSeconds(60));
        s.markSshReachable("127.0.0.9", null, t.plusSeconds(120));
        s.markActive(t.plusSeconds(180));
        return s;
    }

    @Test
    void theFourteenDaysFromTheRecentChangesAndTheStatusEachServerHadBeforeThem() {
        db.open();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant longAgo = now.minus(60, ChronoUnit.DAYS);
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        Server old = active("old", "i-1", longAgo); // many changes long ago, stopped two days ago
        old.stop(longAgo.plus(1, ChronoUnit.DAYS));
        old.markStopped(longAgo.plus(1, ChronoUnit.DAYS));
        old.start(longAgo.plus(2, ChronoUnit.DAYS));
        old.markActive(longAgo.plus(2, ChronoUnit.DAYS));
        old.stop(now.minus(2, ChronoUnit.DAYS));
        old.markStopped(now.minus(2, ChronoUnit.DAYS));
        Server recent = active("recent", "i-2", now.minus(5, ChronoUnit.DAYS));
        Server gone = active("gone", "i-3", longAgo);
        gone.delete("no longer needed", longAgo.plus(3, ChronoUnit.DAYS));
        gone.markDeleted(longAgo.plus(3, ChronoUnit.DAYS));
        List.of(old, recent, gone).forEach(em::persist);
        em.getTransaction().commit();

        FleetOverview fleet = new FleetOverview();
        fleet.em = em;
        List<FleetHistory.Day> days = fleet.daily(14, ZONE);

        List<FleetHistory.Change> everything = em.createQuery("SELECT c.server.id, c.changedAt, c.to FROM ServerStatusChange c",
                Object[].class).getResultList().stream()
                .map(r -> new FleetHistory.Change(((Number) r[0]).longValue(), (Instant) r[1], (ServerStatus) r[2])).toList();
        assertEquals(FleetHistory.daily(everything, LocalDate.now(ZONE), 14, ZONE), days);
        assertEquals(1, days.get(0).count(ServerStatus.ACTIVE), "the old server was active when the first day began");
        assertEquals(0, days.get(0).count(ServerStatus.STOPPED));
        assertEquals(1, days.get(13).count(ServerStatus.STOPPED));
        assertEquals(1, days.get(13).count(ServerStatus.ACTIVE), "the recent server");
        Instant first = LocalDate.now(ZONE).minusDays(13).atStartOfDay(ZONE).toInstant();
        List<FleetHistory.Change> read = fleet.changesFrom(first);
        assertEquals(List.of(ServerStatus.ACTIVE), read.stream().filter(c -> c.at().isBefore(first)).map(FleetHistory.Change::to).toList(),
                "of the old history only the old server's last change; none of the deleted server: " + read);
        em.close();
    }
}

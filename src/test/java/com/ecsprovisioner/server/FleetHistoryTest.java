package com.ecsprovisioner.server;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FleetHistoryTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static FleetHistory.Change change(long server, String at, ServerStatus to) {
        return new FleetHistory.Change(server, Instant.parse(at), to);
    }

    @Test
    void eachDayCountsEveryServerAtItsLatestStatusBeforeMidnightLeavingDeletedOnesOut() {
        List<FleetHistory.Change> changes = List.of(
                // 01:00 on the 2nd in Shanghai, still the 1st in UTC: counted from the 2nd.
                change(2, "2026-12-01T17:00:00Z", ServerStatus.REQUESTED),
                change(1, "2026-11-20T01:00:00Z", ServerStatus.REQUESTED),
                change(1, "2026-11-20T01:05:00Z", ServerStatus.ACTIVE),
                change(2, "2026-12-02T03:10:00Z", ServerStatus.FAILED),
                change(2, "2026-12-03T15:30:00Z", ServerStatus.DELETING),
                change(2, "2026-12-03T15:31:00Z", ServerStatus.DELETED),
                change(1, "2026-12-04T02:00:00Z", ServerStatus.STOPPED));

        List<FleetHistory.Day> days = FleetHistory.daily(changes, LocalDate.parse("2026-12-04"), 4, SHANGHAI);

        assertEquals(List.of("2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"), days.stream().map(d -> d.date().toString()).toList());
        assertEquals(1, days.get(0).count(ServerStatus.ACTIVE));
        assertEquals(0, days.get(0).count(ServerStatus.FAILED));
        assertEquals(0, days.get(0).count(ServerStatus.REQUESTED), "requested on the 2nd in the viewer's zone");
        assertEquals(1, days.get(1).count(ServerStatus.FAILED));
        assertEquals(1, days.get(1).count(ServerStatus.ACTIVE));
        assertEquals(0, days.get(2).count(ServerStatus.FAILED), "deleted before the 3rd ended");
        assertEquals(0, days.get(2).count(ServerStatus.DELETED), "deleted servers are not counted");
        assertEquals(1, days.get(3).count(ServerStatus.STOPPED));
        assertEquals(0, days.get(3).count(ServerStatus.ACTIVE));
    }
}

package com.ecsprovisioner.server;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many servers were in each status at the end of each day, replayed from the servers' status changes (the
 * history every server keeps), so that the dashboard can draw the fleet over time without a table of its own.
 * Deleted servers are not counted: the fleet is what exists.
 */
public final class FleetHistory {

    private FleetHistory() {
    }

    /** One status change of one server. */
    public record Change(long serverId, Instant at, ServerStatus to) {
    }

    /** The servers in each status (deleted ones left out) at the end of {@code date}. */
    public record Day(LocalDate date, Map<ServerStatus, Integer> counts) {
        public int count(ServerStatus status) {
            return counts.getOrDefault(status, 0);
        }
    }

    /** {@code days} days ending with {@code last}, each counted at its midnight in {@code zone}. */
    public static List<Day> daily(List<Change> changes, LocalDate last, int days, ZoneId zone) {
        List<Change> ordered = new ArrayList<>(changes);
        ordered.sort(Comparator.comparing(Change::at));
        Map<Long, ServerStatus> now = new HashMap<>();
        List<Day> out = new ArrayList<>();
        int next = 0;
        for (LocalDate date = last.minusDays(days - 1L); !date.isAfter(last); date = date.plusDays(1)) {
            Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
            while (next < ordered.size() && ordered.get(next).at().isBefore(end)) {
                Change c = ordered.get(next++);
                now.put(c.serverId(), c.to());
            }
            Map<ServerStatus, Integer> counts = new EnumMap<>(ServerStatus.class);
            now.values().stream().filter(s -> s != ServerStatus.DELETED).forEach(s -> counts.merge(s, 1, Integer::sum));
            out.add(new Day(date, counts));
        }
        return out;
    }
}

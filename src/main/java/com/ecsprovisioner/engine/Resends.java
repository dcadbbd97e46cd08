package com.ecsprovisioner.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When this node's sweep last sent a due job's "advance" message again ({@link SweepRound}): at most once per
 * {@code every} per job, however often the sweep ticks (four times a second), so that a backlog of due jobs does not
 * grow by four duplicates a second each. This node's memory only: after a restart, or on another node, a job is sent
 * again at once, which at worst duplicates a wake-up (a duplicate finds the job claimed or not due and is dropped).
 */
public final class Resends {

    private final Map<Long, Instant> last = new HashMap<>();

    /** Of {@code candidates}, those not sent again within {@code every} before {@code now}; they count as sent now. */
    public synchronized List<Long> due(List<Long> candidates, Instant now, Duration every) {
        Instant since = now.minus(every);
        last.values().removeIf(sent -> !sent.isAfter(since));
        return candidates.stream().filter(id -> last.putIfAbsent(id, now) == null).toList();
    }

    /** {@code ids} were not sent after all: the next sweep may send them. */
    public synchronized void forget(List<Long> ids) {
        ids.forEach(last::remove);
    }
}

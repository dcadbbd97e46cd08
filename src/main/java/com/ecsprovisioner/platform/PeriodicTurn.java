package com.ecsprovisioner.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;

/**
 * Whose turn a periodic task is (V23, one row per task). Every node's timer fires; the first to take the turn for
 * the period does the work, so that two nodes never sweep the same jobs or read the cloud for the same servers at
 * the same tick. A node that dies mid-turn costs one period: the next turn is free to any node.
 */
@Entity
@Table(name = "periodic_turn")
public class PeriodicTurn {

    @Id
    @Column(length = 64)
    private String task;

    @Column(length = 64)
    private String holder;

    @Column(name = "next_due")
    private Instant nextDue;

    @Version
    private long version;

    protected PeriodicTurn() {
        // for JPA
    }

    /**
     * Takes the turn for {@code period} when it is free at {@code now}. The next turn is free a little before the
     * period ends, so that the same node's next tick, a few milliseconds early, is not refused its own turn.
     */
    boolean take(String claimant, Instant now, Duration period) {
        if (nextDue != null && nextDue.isAfter(now)) {
            return false;
        }
        holder = claimant;
        nextDue = now.plus(period.multipliedBy(4).dividedBy(5));
        return true;
    }

    /**
     * Takes or keeps the turn of a task that ticks more often than its work may last (the job sweep): the holder keeps
     * it at its own next tick however soon, since its ticks never overlap; another node takes it only once the holder
     * has not for {@code hold}, so that two nodes do not sweep the same jobs while one sweep runs long.
     */
    boolean keep(String claimant, Instant now, Duration hold) {
        if (!claimant.equals(holder) && nextDue != null && nextDue.isAfter(now)) {
            return false;
        }
        holder = claimant;
        nextDue = now.plus(hold);
        return true;
    }

    /** Lets the turn go at once, if {@code claimant} holds it: another node may take it at its next tick. */
    void release(String claimant, Instant now) {
        if (claimant.equals(holder)) {
            nextDue = now;
        }
    }

    String holder() {
        return holder;
    }
}

package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.platform.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/**
 * One profile's clean-up: when its orphans are looked for next, which node looks now, how the last look went, and
 * the profile's own grace periods. The database decides who looks: a node {@link #claim claims} the look and commits
 * under the version check, so of several nodes ticking at once only one gets it; a node that dies while looking lets
 * its lease run out, and the next tick of any node looks again.
 */
@Entity
@Table(name = "orphan_watch")
@NamedQuery(name = "OrphanWatch.ofProfile", query = "SELECT w FROM OrphanWatch w WHERE w.profileId = :profileId")
public class OrphanWatch extends VersionedEntity {

    @Column(name = "profile_id", nullable = false)
    private long profileId;

    @Embedded
    private GracePeriods grace = GracePeriods.global();

    @Column(name = "next_look_at", nullable = false)
    private Instant nextLookAt;

    @Column(name = "look_claimed_until")
    private Instant claimedUntil;

    @Column(name = "last_look_at")
    private Instant lastLookAt;

    @Column(name = "last_look_error", length = 1000)
    private String lastLookError;

    protected OrphanWatch() {
    }

    /** A profile's first look is due at once. */
    OrphanWatch(long profileId, Instant now) {
        this.profileId = profileId;
        this.nextLookAt = now;
    }

    /** Takes the look for {@code lease} when it is due and nobody holds it; false otherwise. Commit before looking. */
    boolean claim(Instant now, Duration lease) {
        if (nextLookAt.isAfter(now) || (claimedUntil != null && claimedUntil.isAfter(now))) {
            return false;
        }
        claimedUntil = now.plus(lease);
        return true;
    }

    /** The look is done (or failed with {@code error}); the next is due {@code every} later. */
    void looked(Instant now, Duration every, String error) {
        lastLookAt = now;
        lastLookError = Job.clip(error, 1000);
        nextLookAt = now.plus(every);
        claimedUntil = null;
    }

    /** An operator asked for a look now (the Clean-up page's "Look now"). */
    void lookSoon(Instant now) {
        nextLookAt = now;
    }

    GracePeriods grace() {
        return grace == null ? GracePeriods.global() : grace;
    }

    void setGrace(GracePeriods grace) {
        this.grace = grace;
    }

    public long getProfileId() {
        return profileId;
    }

    public GracePeriods getGrace() {
        return grace();
    }

    public Instant getNextLookAt() {
        return nextLookAt;
    }

    public Instant getLastLookAt() {
        return lastLookAt;
    }

    public String getLastLookError() {
        return lastLookError;
    }
}

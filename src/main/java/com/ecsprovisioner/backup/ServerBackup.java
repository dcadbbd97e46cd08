package com.ecsprovisioner.backup;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobState;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * One server's backups: the policy it follows (its profile's, its own, or none) and where its schedule stands: the
 * last slot claimed, and how its last backup ended. {@link #claimDue} is the scheduler's one decision: the slot owed
 * now, claimed in the row (locked by the caller) so that it is made once, by one node. A change of policy counts from
 * the moment it is made: no slot already past is owed, and a server is flagged only once a whole period has gone by.
 */
@Entity
@Table(name = "server_backup")
@NamedQuery(name = "ServerBackup.ofProfile", query = "SELECT b FROM ServerBackup b WHERE b.profileId = :profileId")
@NamedQuery(name = "ServerBackup.all", query = "SELECT b FROM ServerBackup b ORDER BY b.serverId")
public class ServerBackup {

    /** Time for a backup to be made after its slot before a missed one counts. */
    static final Duration GRACE = Duration.ofHours(1);

    @Id
    @Column(name = "server_id")
    private long serverId;

    @Column(name = "profile_id", nullable = false)
    private long profileId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private BackupMode mode;

    /** The server's own schedule (mode OWN); empty otherwise. */
    @Embedded
    private BackupSchedule own;

    @Column(name = "last_slot", nullable = false)
    private Instant lastSlot;

    @Column(name = "policy_since", nullable = false)
    private Instant policySince;

    @Column(name = "last_success_at")
    private Instant lastSuccessAt;

    @Column(name = "last_failure_at")
    private Instant lastFailureAt;

    @Column(name = "last_failure", length = 1000)
    private String lastFailure;

    @Column(name = "last_job_id")
    private Long lastJobId;

    @Version
    private long version;

    protected ServerBackup() {
    }

    /** A server seen under its profile's policy for the first time: it follows it from now. */
    ServerBackup(long serverId, long profileId, Instant now) {
        this.serverId = serverId;
        this.profileId = profileId;
        this.mode = BackupMode.PROFILE;
        this.lastSlot = now;
        this.policySince = now;
    }

    /** Follows the profile's policy from now. */
    void followProfile(Instant now) {
        change(BackupMode.PROFILE, null, now);
    }

    /** Follows its own schedule from now (in the profile's time zone). */
    void own(BackupSchedule schedule, Instant now) {
        change(BackupMode.OWN, Objects.requireNonNull(schedule), now);
    }

    /** No backups from now. */
    void none(Instant now) {
        change(BackupMode.NONE, null, now);
    }

    private void change(BackupMode newMode, BackupSchedule schedule, Instant now) {
        this.mode = newMode;
        this.own = schedule;
        this.lastSlot = now;
        this.policySince = now;
    }

    /** The profile's policy changed: the servers that follow it count from now. */
    void profilePolicyChanged(Instant now) {
        if (mode == BackupMode.PROFILE) {
            lastSlot = now;
            policySince = now;
        }
    }

    /** The schedule in force: the profile's, the server's own, or none. */
    public Optional<BackupSchedule> schedule(Optional<BackupSchedule> profiles) {
        return switch (mode) {
            case PROFILE -> profiles;
            case OWN -> own();
            case NONE -> Optional.empty();
        };
    }

    /** The tag value of the snapshots of the policy in force: retention counts and deletes only these. */
    public String policyKey() {
        return mode == BackupMode.OWN ? "server-" + serverId : "profile-" + profileId;
    }

    /** The slot owed now, if any, claimed: the same slot is never owed twice. */
    Optional<Instant> claimDue(BackupSchedule schedule, ZoneId zone, Instant now) {
        Optional<Instant> slot = schedule.latestSlot(lastSlot, now, zone);
        slot.ifPresent(s -> lastSlot = s);
        return slot;
    }

    /** A backup job was made for the server. */
    void started(long jobId) {
        this.lastJobId = jobId;
    }

    /** A backup job of the server has finished: how it ended is what the record keeps (and the dashboard shows). */
    void learn(Job job) {
        Instant at = job.getFinishedAt() != null ? job.getFinishedAt() : job.getUpdatedAt();
        if (job.getState() == JobState.SUCCEEDED) {
            succeeded(at);
        } else if (!job.getState().isActive()) {
            failed(at, job.getFailureMessage() == null ? "the backup job ended " + job.getState().dbName() : job.getFailureMessage());
        }
    }

    void succeeded(Instant at) {
        if (lastSuccessAt == null || at.isAfter(lastSuccessAt)) {
            lastSuccessAt = at;
        }
    }

    void failed(Instant at, String why) {
        lastFailureAt = at;
        lastFailure = why == null ? "" : why.length() > 1000 ? why.substring(0, 999) + "…" : why;
    }

    /** The last backup failed and none succeeded since. */
    public boolean lastFailed() {
        return lastFailureAt != null && (lastSuccessAt == null || lastFailureAt.isAfter(lastSuccessAt));
    }

    /**
     * No successful backup within the schedule's longest gap (and a little grace) since the policy came into force
     * or since the last success, whichever is later.
     */
    public boolean overdue(Optional<BackupSchedule> schedule, Instant now) {
        if (schedule.isEmpty()) {
            return false;
        }
        Instant from = lastSuccessAt != null && lastSuccessAt.isAfter(policySince) ? lastSuccessAt : policySince;
        return now.isAfter(from.plus(schedule.get().period()).plus(GRACE));
    }

    public long getServerId() {
        return serverId;
    }

    public long getProfileId() {
        return profileId;
    }

    public BackupMode getMode() {
        return mode;
    }

    public Optional<BackupSchedule> own() {
        return Optional.ofNullable(own).filter(s -> s.hoursText() != null);
    }

    public Instant getLastSlot() {
        return lastSlot;
    }

    public Instant getLastSuccessAt() {
        return lastSuccessAt;
    }

    public Instant getLastFailureAt() {
        return lastFailureAt;
    }

    public String getLastFailure() {
        return lastFailure;
    }

    public Long getLastJobId() {
        return lastJobId;
    }
}

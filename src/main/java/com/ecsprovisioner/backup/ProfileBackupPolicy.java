package com.ecsprovisioner.backup;

import com.ecsprovisioner.platform.Rejected;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A provider profile's backup policy: the schedule that applies to all its servers (none: no backups unless a
 * server has its own), and the time zone every schedule of the profile is read in (UTC unless set).
 */
@Entity
@Table(name = "backup_policy")
public class ProfileBackupPolicy {

    /** The default zone, named "UTC" (ZoneOffset.UTC would read "Z" to a person). */
    static final ZoneId UTC = ZoneId.of("UTC");

    @Id
    @Column(name = "profile_id")
    private long profileId;

    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;

    @Embedded
    private BackupSchedule schedule;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ProfileBackupPolicy() {
    }

    ProfileBackupPolicy(long profileId, Instant now) {
        this.profileId = profileId;
        this.timeZone = "UTC";
        this.updatedAt = now;
    }

    /** Sets the profile's schedule (null: none) and time zone; refused in words when the zone is not one. */
    void set(BackupSchedule schedule, String zone, Instant now) {
        this.timeZone = zone(zone).getId();
        this.schedule = schedule;
        this.updatedAt = now;
    }

    /** A zone as a person writes it ("Europe/Berlin", "UTC", "+02:00"); blank is UTC. */
    static ZoneId zone(String text) {
        if (text == null || text.isBlank()) {
            return UTC;
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw new Rejected("\"" + (text.length() > 40 ? text.substring(0, 39) + "…" : text.strip())
                    + "\" is not a time zone: write a name such as Europe/Berlin, or UTC");
        }
    }

    public long getProfileId() {
        return profileId;
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** The schedule for all the profile's servers; empty when the profile has none. */
    public Optional<BackupSchedule> schedule() {
        return schedule == null || schedule.hoursText() == null ? Optional.empty() : Optional.of(schedule);
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}

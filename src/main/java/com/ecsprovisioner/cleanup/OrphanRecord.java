package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.engine.JobResource;
import com.ecsprovisioner.platform.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An orphan as the looks found it: what it is, why it is one, when the cloud made it and when a look first saw it
 * orphaned (its grace period runs from then, not from its creation: a network whose server was deleted a minute ago
 * is not deleted at once because it is old), and the job deleting it, if any.
 */
@Entity
@Table(name = "orphan_resource")
@NamedQuery(name = "OrphanRecord.ofProfile", query = "SELECT o FROM OrphanRecord o WHERE o.profileId = :profileId ORDER BY o.id")
public class OrphanRecord extends VersionedEntity {

    @Column(name = "profile_id", nullable = false)
    private long profileId;

    @Column(nullable = false, length = 16)
    @Convert(converter = JobResource.KindColumn.class)
    private ResourceKind kind;

    @Column(name = "resource_id", nullable = false, length = 64)
    private String resourceId;

    @Column(length = 256)
    private String name;

    @Column(name = "region_id", nullable = false, length = 32)
    private String regionId;

    @Column(nullable = false, length = 256)
    private String why;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "first_seen_at", nullable = false)
    private Instant firstSeenAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "deletion_job_id")
    private Long deletionJobId;

    protected OrphanRecord() {
    }

    OrphanRecord(long profileId, OrphanFinder.Found found, Instant now) {
        this.profileId = profileId;
        this.regionId = found.regionId();
        this.kind = found.kind();
        this.resourceId = found.id();
        this.firstSeenAt = now;
        seenAgain(found, now);
    }

    /** A later look found it still orphaned (its name or the reason may have changed). */
    void seenAgain(OrphanFinder.Found found, Instant now) {
        this.name = Job.clip(found.name(), 256);
        this.why = Job.clip(found.why(), 256);
        this.createdAt = found.createdAt();
        this.lastSeenAt = now;
    }

    /** When it is deleted by itself under {@code grace}; empty when never. */
    Optional<Instant> deletionDueAt(Optional<Duration> grace) {
        return grace.map(firstSeenAt::plus);
    }

    void deletingBy(long jobId) {
        this.deletionJobId = jobId;
    }

    /** How old it is: from its creation in the cloud, or from when it was first seen when the cloud gave no time. */
    public Duration age(Instant now) {
        Duration d = Duration.between(createdAt == null ? firstSeenAt : createdAt, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** What the audit trail and the job call it: {@code vpc vpc-123 of profile 7}. */
    String subject() {
        return kind.word() + " " + resourceId + " of profile " + profileId;
    }

    public long getProfileId() { return profileId; }
    public ResourceKind getKind() { return kind; }
    public String getResourceId() { return resourceId; }
    public String getName() { return name; }
    public String getRegionId() { return regionId; }
    public String getWhy() { return why; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getFirstSeenAt() { return firstSeenAt; }
    public Instant getLastSeenAt() { return lastSeenAt; }
    public Long getDeletionJobId() { return deletionJobId; }
}

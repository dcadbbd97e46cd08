package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.platform.StoredEntity;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;

/**
 * A cloud resource a job uses. {@code owned} ones were created by the job and are deleted by its rollback; the
 * others (the profile's shared network) only used.
 */
@Entity
@Table(name = "job_resource")
public class JobResource extends StoredEntity {

    @ManyToOne(optional = false)
    @JoinColumn(name = "job_id")
    private Job job;

    @Column(nullable = false, length = 16)
    @Convert(converter = KindColumn.class)
    private ResourceKind kind;

    @Column(name = "resource_id", nullable = false, length = 64)
    private String resourceId;

    @Column(name = "zone_id", length = 32)
    private String zoneId;

    @Column(nullable = false)
    private boolean owned;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "delete_requested_at")
    private Instant deleteRequestedAt;

    @Column(name = "released_at")
    private Instant releasedAt;

    protected JobResource() {
    }

    JobResource(Job job, ResourceKind kind, String resourceId, String zoneId, boolean owned, Instant now) {
        this.job = job;
        this.kind = kind;
        this.resourceId = resourceId;
        this.zoneId = zoneId;
        this.owned = owned;
        this.createdAt = now;
    }

    public void deleteRequested(Instant now) {
        if (deleteRequestedAt == null) {
            deleteRequestedAt = now;
        }
    }

    public void released(Instant now) {
        if (releasedAt == null) {
            releasedAt = now;
        }
    }

    public ResourceKind getKind() {
        return kind;
    }

    public String getResourceId() {
        return resourceId;
    }

    public String getZoneId() {
        return zoneId;
    }

    public boolean isOwned() {
        return owned;
    }

    public boolean isReleased() {
        return releasedAt != null;
    }

    public Instant getDeleteRequestedAt() {
        return deleteRequestedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Converter
    public static class KindColumn implements AttributeConverter<ResourceKind, String> {
        @Override
        public String convertToDatabaseColumn(ResourceKind kind) {
            return kind == null ? null : kind.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public ResourceKind convertToEntityAttribute(String value) {
            return value == null ? null : ResourceKind.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}

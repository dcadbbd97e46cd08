package com.ecsprovisioner.provider;

import com.ecsprovisioner.platform.StoredEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/** One cached answer of the cloud (a list of regions, zones, key pairs...) for a profile, with when it was fetched. */
@Entity
@Table(name = "catalog_cache_entry")
@NamedQuery(name = "CatalogEntry.find", query = "SELECT e FROM CatalogEntry e WHERE e.profileId = :profile AND e.kind = :kind AND e.scope = :scope")
@NamedQuery(name = "CatalogEntry.ofProfile", query = "SELECT e FROM CatalogEntry e WHERE e.profileId = :profile ORDER BY e.fetchedAt")
@NamedQuery(name = "CatalogEntry.clear", query = "DELETE FROM CatalogEntry e WHERE e.profileId = :profile")
public class CatalogEntry extends StoredEntity {

    /** What is cached. */
    public enum Kind { REGIONS, ZONES, OFFERS, INSTANCE_TYPES, IMAGES, KEY_PAIRS,
        /** The account's limits in the region ({@link QuotaReading}). */
        QUOTAS,
        /** One configuration's price as DescribePrice quotes it (package {@code cost}). */
        PRICES }

    @Column(name = "profile_id", nullable = false)
    private long profileId;

    @Column(nullable = false, length = 32)
    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Column(nullable = false, length = 128)
    private String scope;

    @Column(nullable = false, length = 1000000)
    private String payload;

    @Column(name = "fetched_at", nullable = false)
    private Instant fetchedAt;

    protected CatalogEntry() {
    }

    public CatalogEntry(long profileId, Kind kind, String scope, String payload, Instant fetchedAt) {
        this.profileId = profileId;
        this.kind = kind;
        this.scope = scope;
        this.payload = payload;
        this.fetchedAt = fetchedAt;
    }

    public void refresh(String newPayload, Instant at) {
        this.payload = newPayload;
        this.fetchedAt = at;
    }

    public boolean isOlderThan(Duration maxAge, Instant now) {
        return fetchedAt.plus(maxAge).isBefore(now);
    }

    public Kind getKind() {
        return kind;
    }

    public String getScope() {
        return scope;
    }

    public String getPayload() {
        return payload;
    }

    public Instant getFetchedAt() {
        return fetchedAt;
    }
}

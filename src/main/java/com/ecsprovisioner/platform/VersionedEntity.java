package com.ecsprovisioner.platform;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

/**
 * A row that people or nodes change concurrently: its {@code version} column is checked at every write, so that of
 * two writers working from the same read only the first commits (the other gets an optimistic lock failure).
 */
@MappedSuperclass
public abstract class VersionedEntity extends StoredEntity {

    @Version
    private long version;

    public long getVersion() {
        return version;
    }
}

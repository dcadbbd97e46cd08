package com.ecsprovisioner.platform;

import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.SequenceGenerator;

/**
 * The id every table of the product has: a number from the one sequence {@code ecs_id_seq} (allocated 50 at a time),
 * so that ids never repeat across tables. Mapped once here instead of in every entity.
 */
@MappedSuperclass
public abstract class StoredEntity {

    @Id
    @SequenceGenerator(name = "ecs_id", sequenceName = "ecs_id_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ecs_id")
    private Long id;

    /** Null until the row is written. */
    public Long getId() {
        return id;
    }
}

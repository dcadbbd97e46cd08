package com.ecsprovisioner.testsupport;

import com.ecsprovisioner.platform.StoredEntity;

import java.lang.reflect.Field;

/**
 * Gives an entity the id the database would, for tests that drive a handler without one: a feature's own table is
 * keyed by its job's id, so a job without an id has nothing to find its details by.
 */
public final class EntityIds {

    private EntityIds() {
    }

    public static void assign(StoredEntity entity, long id) {
        try {
            Field f = StoredEntity.class.getDeclaredField("id");
            f.setAccessible(true);
            f.set(entity, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

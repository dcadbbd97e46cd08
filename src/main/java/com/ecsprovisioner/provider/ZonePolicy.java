package com.ecsprovisioner.provider;

/** How a deployment picks its zone. */
public enum ZonePolicy {
    /** The region's first zone, as the reference product does. */
    FIRST_ZONE,
    /** The first zone that has the instance type in stock now, falling back to the next one on no stock. */
    FIRST_IN_STOCK
}

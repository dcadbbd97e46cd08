package com.ecsprovisioner.engine;

/** How a deployment picks its zone when the request does not name one. */
public enum ZonePolicy {
    /** The region's first zone, in the cloud's order. */
    FIRST_ZONE,
    /**
     * The first zone, in the cloud's order, that has the instance type in stock (DescribeAvailableResource); a
     * zone that runs out between that look and RunInstances ({@code OperationDenied.NoStock}) is left for the next.
     */
    FIRST_IN_STOCK
}

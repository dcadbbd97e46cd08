package com.ecsprovisioner.engine;

/** Which network a server goes into. */
public enum NetworkPolicy {
    /** A new VPC, vSwitch and security group for every server; its rollback deletes them. */
    PER_SERVER,
    /**
     * One VPC and security group per profile (and one vSwitch per zone), created by the first deployment that needs
     * them and reused by the rest, so that many servers never run into the VPC quota. Never deleted by a server's
     * rollback.
     */
    SHARED_PER_PROFILE
}

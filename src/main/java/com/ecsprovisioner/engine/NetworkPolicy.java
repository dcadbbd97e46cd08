package com.ecsprovisioner.engine;

/** Which network a server goes into. */
public enum NetworkPolicy {
    /** A new VPC, vSwitch and security group for every server; its rollback deletes them. */
    PER_SERVER,
    /**
     * One VPC per profile (and one vSwitch per zone), created by the first deployment that needs them and reused by
     * the rest, so that many servers never run into the VPC quota; never deleted by a server's rollback. Each server
     * still gets a security group of its own, so that a firewall rule never reaches another server.
     */
    SHARED_PER_PROFILE
}

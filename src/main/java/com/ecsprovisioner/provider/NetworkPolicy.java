package com.ecsprovisioner.provider;

/** Which network a deployment puts its server in. */
public enum NetworkPolicy {
    /** A new VPC, vSwitch and security group per server (the reference product's way; uses VPC quota). */
    NEW_PER_SERVER,
    /** One VPC and security group per profile, created once and reused; never runs into the VPC quota. */
    SHARED_PER_PROFILE
}

package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.TargetsLookup;

/**
 * The deployment boundary outside the container with only its targets set: enough for a request the pre-flight check
 * refuses, which reads the cloud and nothing else (a request that passes would need the database).
 */
public final class TestDeployments {

    private TestDeployments() {
    }

    public static Deployments checkingOnly(TargetsLookup targets) {
        Deployments boundary = new Deployments();
        boundary.targets = targets;
        return boundary;
    }
}

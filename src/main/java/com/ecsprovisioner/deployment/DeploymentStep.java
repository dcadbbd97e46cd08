package com.ecsprovisioner.deployment;

import com.ecsprovisioner.engine.StepName;

import java.time.Duration;

/**
 * The deployment's steps, in the order they run, each with its label and default deadline (configurable as
 * {@code ecs.provisioning.deadline.<step>}, see {@code ProvisioningSettings}). A step that creates something also
 * waits until it is usable, so that the next step can rely on it; the client token of its create call is kept on the
 * step. An enum here so that the handler can switch on a job's step; the engine sees only {@link #step}.
 */
enum DeploymentStep {
    ZONE("Choose the zone", Duration.ofMinutes(2)),
    VPC("Create or find the VPC", Duration.ofMinutes(5)),
    VSWITCH("Create or find the vSwitch", Duration.ofMinutes(5)),
    SECURITY_GROUP("Create the server's security group", Duration.ofMinutes(3)),
    INGRESS_RULES("Open SSH, HTTP and HTTPS", Duration.ofMinutes(3)),
    /** RunInstances, throttling included. */
    INSTANCE("Run the instance", Duration.ofMinutes(10)),
    /** Pending to Running and a public IP take 1–3 min. */
    RUNNING("Wait for Running and a public IP", Duration.ofMinutes(10)),
    /** The image's first boot. */
    SSH("Wait until SSH answers", Duration.ofMinutes(10)),
    /**
     * The bootstrap scripts over SSH (web server, PHP, MariaDB, WordPress tools); also the only step of a custom
     * server's job. Package installs on a small instance behind a slow mirror take a while; the scripts' own steps
     * bound each command.
     */
    BOOTSTRAP("Bootstrap the server", Duration.ofMinutes(45));

    final StepName step;

    DeploymentStep(String label, Duration deadline) {
        this.step = StepName.of(name(), label, deadline);
    }

    /** The deployment step of that name; a step of another feature is a wiring error. */
    static DeploymentStep of(StepName step) {
        return StepName.constantOf(DeploymentStep.class, step);
    }
}

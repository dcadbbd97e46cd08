package com.ecsprovisioner.provisioning;

/**
 * The steps of a deployment, in order. A step that creates something also waits until it is usable, so that the
 * next step can rely on it; the client token of its create call is kept on the step.
 */
public enum StepName {
    ZONE("Choose the zone"),
    VPC("Create or find the VPC"),
    VSWITCH("Create or find the vSwitch"),
    SECURITY_GROUP("Create or find the security group"),
    INGRESS_RULES("Open SSH, HTTP and HTTPS"),
    INSTANCE("Run the instance"),
    RUNNING("Wait for Running and a public IP"),
    SSH("Wait until SSH answers"),
    /** The bootstrap scripts over SSH (web server, PHP, MariaDB, WordPress tools); also the only step of a custom server's job. */
    BOOTSTRAP("Bootstrap the server");

    private final String label;

    StepName(String label) {
        this.label = label;
    }

    /** For people: the console and the job log. */
    public String label() {
        return label;
    }
}

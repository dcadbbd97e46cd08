package com.ecsprovisioner.engine;

/**
 * The steps of every job kind; each kind's declared list picks and orders them ({@link Job#DEPLOYMENT_STEPS}, the
 * lifecycle's {@code LifecycleKinds}). A step that creates something also waits until it is usable, so that the
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
    BOOTSTRAP("Bootstrap the server"),

    // Steps of the lifecycle jobs (LifecycleKinds says which kind runs which, in which order). Each is one short call and
    // then looks at the cloud until the instance is where the call sends it, within the step's deadline.
    STOP_INSTANCE("Stop the instance"),
    CHANGE_TYPE("Change the instance type"),
    START_INSTANCE("Start the instance"),
    /** Soft reboot: the OS is asked over SSH (with the pinned host key) and must go down within a short deadline. */
    OS_REBOOT("Reboot the OS over SSH"),
    /** Soft reboot: SSH answers again with a new boot id. */
    OS_BACK("Wait until the OS answers SSH again"),
    /** Hard reboot through the API; in a reboot job only when the soft reboot was not possible or did not happen. */
    REBOOT_INSTANCE("Reboot the instance through the API"),
    CREATE_SNAPSHOT("Snapshot the system disk"),
    DELETE_INSTANCE("Release the instance"),
    DELETE_NETWORK("Delete the chosen network resources");

    private final String label;

    StepName(String label) {
        this.label = label;
    }

    /** For people: the console and the job log. */
    public String label() {
        return label;
    }
}

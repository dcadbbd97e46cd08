package com.ecsprovisioner.sandbox.cloud;

import java.time.Duration;

/**
 * How long the asynchronous states last. States are derived from timestamps when read, so these are the only knobs:
 * zero makes every transition immediate.
 *
 * @param vpcPending        CreateVpc: Pending before Available
 * @param vSwitchPending    CreateVSwitch: Pending before Available
 * @param instancePending   RunInstances/CreateInstance: Pending before Starting (or Stopped)
 * @param instanceStarting  Starting before Running (RunInstances, StartInstance, RebootInstance)
 * @param instanceStopping  Stopping before Stopped
 * @param release           how long a deleted instance, vSwitch or VPC still blocks its parent's deletion
 * @param snapshot          CreateSnapshot: progressing before accomplished
 */
public record Durations(Duration vpcPending, Duration vSwitchPending, Duration instancePending,
                        Duration instanceStarting, Duration instanceStopping, Duration release, Duration snapshot) {

    public static final Durations DEFAULT = new Durations(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(3),
            Duration.ofSeconds(5));

    public static final Durations IMMEDIATE = new Durations(Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Durations {
        for (Duration d : new Duration[]{vpcPending, vSwitchPending, instancePending, instanceStarting,
                instanceStopping, release, snapshot}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("Durations must be zero or positive");
            }
        }
    }
}

package com.ecsprovisioner.sandbox.cloud;

import java.time.Duration;
import java.time.Instant;

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
 * @param tokenProcessing   how long the first request of a ClientToken counts as still being processed: the same
 *                          token again within it is answered {@code LastTokenProcessing}; zero (default) = never
 * @param consistencyDelay  how long a resource just created stays invisible to Describe* (eventual consistency);
 *                          zero (default) = visible at once
 */
public record Durations(Duration vpcPending, Duration vSwitchPending, Duration instancePending,
                        Duration instanceStarting, Duration instanceStopping, Duration release, Duration snapshot,
                        Duration tokenProcessing, Duration consistencyDelay) {

    public static final Durations DEFAULT = new Durations(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(3),
            Duration.ofSeconds(5));

    public static final Durations IMMEDIATE = new Durations(Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** The state durations alone: ClientTokens are never still processing, and describes see everything at once. */
    public Durations(Duration vpcPending, Duration vSwitchPending, Duration instancePending, Duration instanceStarting,
                     Duration instanceStopping, Duration release, Duration snapshot) {
        this(vpcPending, vSwitchPending, instancePending, instanceStarting, instanceStopping, release, snapshot,
                Duration.ZERO, Duration.ZERO);
    }

    public Durations {
        for (Duration d : new Duration[]{vpcPending, vSwitchPending, instancePending, instanceStarting,
                instanceStopping, release, snapshot, tokenProcessing, consistencyDelay}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("Durations must be zero or positive");
            }
        }
    }

    public Durations withTokenProcessing(Duration d) {
        return new Durations(vpcPending, vSwitchPending, instancePending, instanceStarting, instanceStopping, release,
                snapshot, d, consistencyDelay);
    }

    public Durations withConsistencyDelay(Duration d) {
        return new Durations(vpcPending, vSwitchPending, instancePending, instanceStarting, instanceStopping, release,
                snapshot, tokenProcessing, d);
    }

    /** Whether a resource created at {@code createdAt} is already visible to Describe* at {@code now}. */
    boolean visible(Instant createdAt, Instant now) {
        return !Resources.before(now, createdAt, consistencyDelay);
    }
}

package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.cloud.CloudTypes.ResourceKind;
import com.ecsprovisioner.platform.Rejected;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * A profile's own grace periods, in minutes: null follows the global setting ({@link CleanupSettings}); {@link #OFF}
 * means never deleted by itself. A value, replaced whole.
 */
@Embeddable
public class GracePeriods implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Stored for "never deleted by itself" (a duration is never negative). */
    public static final int OFF = -1;

    @Column(name = "network_grace_minutes")
    private Integer networkMinutes;

    @Column(name = "instance_grace_minutes")
    private Integer instanceMinutes;

    protected GracePeriods() {
    }

    /** Each null (the global setting), {@link #OFF}, or a number of minutes from 0. */
    public static GracePeriods of(Integer networkMinutes, Integer instanceMinutes) {
        GracePeriods g = new GracePeriods();
        g.networkMinutes = checked("network", networkMinutes);
        g.instanceMinutes = checked("instance", instanceMinutes);
        return g;
    }

    public static GracePeriods global() {
        return new GracePeriods();
    }

    private static Integer checked(String what, Integer minutes) {
        if (minutes != null && minutes < OFF) {
            throw new Rejected("The " + what + " grace period is a number of minutes from 0, or off; not " + minutes);
        }
        return minutes;
    }

    /** The grace period that applies to a kind of resource; empty when such orphans are never deleted by themselves. */
    public Optional<Duration> forKind(ResourceKind kind, CleanupSettings global) {
        boolean instance = kind == ResourceKind.INSTANCE;
        Integer own = instance ? instanceMinutes : networkMinutes;
        if (own == null) {
            return instance ? global.instanceGrace() : global.networkGrace();
        }
        return own == OFF ? Optional.empty() : Optional.of(Duration.ofMinutes(own));
    }

    public Integer getNetworkMinutes() {
        return networkMinutes;
    }

    public Integer getInstanceMinutes() {
        return instanceMinutes;
    }
}

package com.ecsprovisioner.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive as long as the application answers and has memory to work with; a JVM that keeps running out of heap is
 * better restarted than left half-working.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        double share = (double) used / runtime.maxMemory();
        // No figures in this public answer; the Settings page shows the heap to logged-in users.
        return HealthCheckResponse.named("ecs-provisioner-live").status(share < 0.98).build();
    }
}

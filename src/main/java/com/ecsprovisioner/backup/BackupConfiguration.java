package com.ecsprovisioner.backup;

import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.engine.ProvisioningSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The backup, disk roll-back and restore-to-a-new-server jobs' handlers, plugged into the engine as a {@code JobHandler} bean, and the clock the schedule reads
 * (the system's in the product; a test moves its own through a simulated week).
 */
@ApplicationScoped
public class BackupConfiguration {

    @Produces
    @Singleton
    BackupProcess process(ProvisioningSettings settings, BackupRuns runs) {
        // Jitter only: each thread's own generator, no shared state between worker threads.
        return new BackupProcess(settings, () -> ThreadLocalRandom.current().nextLong(), runs::forJob, runs::recordSnapshot);
    }

    @Produces
    @Singleton
    RestoreProcess restore(ProvisioningSettings settings, BackupRuns runs) {
        return new RestoreProcess(settings, () -> ThreadLocalRandom.current().nextLong(), runs::restoreSnapshot);
    }

    @Produces
    @Singleton
    NewServerProcess newServer(ProvisioningSettings settings, NewServerRestores restores) {
        return new NewServerProcess(settings, () -> ThreadLocalRandom.current().nextLong(), new NewServerProcess.Records() {
            @Override
            public Optional<NewServerRestore> of(long jobId) {
                return restores.of(jobId);
            }

            @Override
            public void imageMade(long jobId, String imageId) {
                restores.imageMade(jobId, imageId);
            }

            @Override
            public void imageDeleted(long jobId) {
                restores.imageDeleted(jobId);
            }

            @Override
            public boolean rolledBack(long deployJobId) {
                return restores.rolledBack(deployJobId);
            }

            @Override
            public Deployments.Deployment deploy(long jobId, DeployRequest request) {
                return restores.deploy(jobId, request);
            }
        });
    }

    @Produces
    @BackupClock
    Clock clock() {
        return Clock.systemUTC();
    }
}

package com.ecsprovisioner.deployment;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.SshConnections;
import com.ecsprovisioner.engine.ProvisioningSettings;
import com.ecsprovisioner.engine.StoredStepDurations;
import com.ecsprovisioner.engine.TargetsLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.concurrent.ThreadLocalRandom;

/** The deployment's handler, plugged into the engine as a {@code JobHandler} bean. */
@ApplicationScoped
public class DeploymentConfiguration {

    /** One for the application; a pseudo-scope because the process is a final, immutable class (nothing to proxy). */
    @Produces
    @Singleton
    DeploymentProcess process(ProvisioningSettings settings, BootstrapAccess bootstrapAccess, StoredStepDurations usual,
                              TargetsLookup targets, SshConnections connections) {
        // Jitter only: each thread's own generator, no shared state between worker threads.
        return new DeploymentProcess(settings, () -> ThreadLocalRandom.current().nextLong(), SshProbe.TCP,
                BootstrapStep.standard(bootstrapAccess, settings, connections), usual, profileId -> targets.get().profileName(profileId));
    }

    /** The SSH connections kept between looks at running bootstraps, on this node, for the application's life. */
    @Produces
    @Singleton
    SshConnections connections(ProvisioningSettings settings) {
        return SshConnections.forPace(settings.pollBootstrap());
    }

    void close(@Disposes SshConnections connections) {
        connections.close();
    }
}

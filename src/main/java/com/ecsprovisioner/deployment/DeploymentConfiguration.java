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

    /**
     * The SSH connections kept between looks at running bootstraps, on this node, for the application's life. Their
     * timer only closes sockets and needs no container context, so it runs on a daemon thread of its own, as JSch's
     * reading threads do: neither may hold up the end of the process, whether or not the disposer below has run.
     */
    @Produces
    @Singleton
    SshConnections connections(ProvisioningSettings settings) {
        return SshConnections.forPace(settings.pollBootstrap(), task -> {
            Thread thread = new Thread(task, "ecs-kept-ssh-connections");
            thread.setDaemon(true);
            return thread;
        });
    }

    void close(@Disposes SshConnections connections) {
        connections.close();
    }
}

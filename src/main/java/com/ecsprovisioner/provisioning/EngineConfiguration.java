package com.ecsprovisioner.provisioning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Builds the engine once from MicroProfile Config ({@link ProvisioningSettings} documents the keys and defaults).
 * A bad value fails the deployment of the application with the key's name rather than a job later.
 */
@ApplicationScoped
public class EngineConfiguration {

    @Inject
    Config config;

    /** One for the application; a pseudo-scope because the engine is a final, immutable class (nothing to proxy). */
    @Produces
    @jakarta.inject.Singleton
    DeploymentProcess process(BootstrapAccess bootstrapAccess) {
        ProvisioningSettings settings = ProvisioningSettings.from(key -> config.getOptionalValue(key, String.class));
        // Jitter only: each thread's own generator, no shared state between worker threads.
        RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        return new DeploymentProcess(settings, random, SshProbe.TCP, BootstrapStep.standard(bootstrapAccess));
    }
}

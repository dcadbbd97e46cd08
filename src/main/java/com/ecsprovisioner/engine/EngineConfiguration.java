package com.ecsprovisioner.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Builds the engine's settings once from MicroProfile Config ({@link ProvisioningSettings} documents the keys and
 * defaults), and the registry of the handlers the features provide. A bad value fails the deployment of the
 * application with the key's name rather than a job later; so does a kind that two handlers claim.
 */
@ApplicationScoped
public class EngineConfiguration {

    @Inject
    Config config;

    /** One for the application; a pseudo-scope because the settings are an immutable record (nothing to proxy). */
    @Produces
    @Singleton
    ProvisioningSettings settings() {
        return ProvisioningSettings.from(key -> config.getOptionalValue(key, String.class), config.getPropertyNames());
    }

    @Produces
    @Singleton
    JobHandlers handlers(Instance<JobHandler> handlers) {
        return new JobHandlers(handlers.stream().toList());
    }
}

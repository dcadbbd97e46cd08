package com.ecsprovisioner.cleanup;

import com.ecsprovisioner.audit.AuditTrail;
import com.ecsprovisioner.engine.ProvisioningSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The clean-up's settings, read once from MicroProfile Config ({@link CleanupSettings} documents the keys; a bad value
 * fails the deployment with the key's name), and its job handler, plugged into the engine as a {@code JobHandler} bean.
 */
@ApplicationScoped
public class CleanupConfiguration {

    @Inject
    Config config;

    @Produces
    @Singleton
    CleanupSettings settings() {
        return CleanupSettings.from(key -> config.getOptionalValue(key, String.class));
    }

    @Produces
    @Singleton
    OrphanDeletion deletion(ProvisioningSettings settings, AuditTrail audit) {
        // Jitter only: each thread's own generator, no shared state between worker threads.
        return new OrphanDeletion(settings, () -> ThreadLocalRandom.current().nextLong(), audit);
    }
}

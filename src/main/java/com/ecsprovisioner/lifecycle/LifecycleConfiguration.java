package com.ecsprovisioner.lifecycle;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.engine.ProvisioningSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The lifecycle actions' handler, plugged into the engine as a {@code JobHandler} bean. A soft reboot logs in with
 * the bootstrap's logins and time-outs; each job's action details are read and written through
 * {@link StoredLifecycleActions}.
 */
@ApplicationScoped
public class LifecycleConfiguration {

    @Produces
    @Singleton
    LifecycleProcess process(ProvisioningSettings settings, BootstrapAccess bootstrapAccess, LifecycleActions actions) {
        // Jitter only: each thread's own generator, no shared state between worker threads.
        return new LifecycleProcess(settings, () -> ThreadLocalRandom.current().nextLong(),
                new OsReboot(bootstrapAccess, SshTimeouts.defaults()), actions);
    }
}

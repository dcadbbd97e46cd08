package com.ecsprovisioner.firewall;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.SshTimeouts;
import com.ecsprovisioner.engine.ProvisioningSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The firewall jobs' handler, plugged into the engine as a {@code JobHandler} bean. It reaches ufw with the
 * bootstrap's logins and time-outs, and reads each job's change from the database.
 */
@ApplicationScoped
public class FirewallConfiguration {

    @Produces
    @Singleton
    FirewallProcess process(ProvisioningSettings settings, BootstrapAccess access, FirewallChanges changes) {
        // Jitter only: each thread's own generator, no shared state between worker threads.
        return new FirewallProcess(settings, () -> ThreadLocalRandom.current().nextLong(),
                new HostFirewall(access, SshTimeouts.defaults()), changes::forJob);
    }
}

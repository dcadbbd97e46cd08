package com.ecsprovisioner.engine;

import com.ecsprovisioner.platform.Rejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The {@link DeploymentTargets} the application provides (the provider profiles). Looked up lazily, so that the
 * application deploys and the engine explains itself even before profiles exist.
 */
@ApplicationScoped
public class TargetsLookup {

    @Inject
    Instance<DeploymentTargets> targets;

    public boolean available() {
        return targets.isResolvable();
    }

    public DeploymentTargets get() {
        if (!targets.isResolvable()) {
            throw new Rejected("No provider profiles are set up: add one under Providers before deploying servers");
        }
        return targets.get();
    }
}

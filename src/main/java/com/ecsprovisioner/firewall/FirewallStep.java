package com.ecsprovisioner.firewall;

import com.ecsprovisioner.engine.StepName;

import java.time.Duration;

/**
 * A firewall change's two places, each a step with its label and default deadline (configurable as
 * {@code ecs.provisioning.deadline.<step>}): the cloud's security group first (it decides first, and answers at
 * once), then {@code ufw} on the server over SSH. A place the change is not for is skipped when the job is made.
 */
enum FirewallStep {
    SECURITY_GROUP_RULE("Change the security group", Duration.ofMinutes(5)),
    UFW_RULE("Change ufw on the server", Duration.ofMinutes(5));

    final StepName step;

    FirewallStep(String label, Duration deadline) {
        this.step = StepName.of(name(), label, deadline);
    }

    static FirewallStep of(StepName step) {
        return StepName.constantOf(FirewallStep.class, step);
    }
}

package com.ecsprovisioner.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready means both the database and the broker answer: without either no job can move. The answer is public. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    /**
     * The check's name in {@code /health/ready}: its presence tells the product's answer from Payara's own (which
     * says UP with no checks once any application, the resource adapter too, has started).
     */
    public static final String NAME = "ecs-provisioner";

    @Inject
    SystemStatus status;

    @Override
    public HealthCheckResponse call() {
        SystemStatus.Component database = status.database();
        SystemStatus.Component broker = status.broker();
        // Up or down only: versions and addresses would tell an outsider what to attack; the dashboard shows them to
        // logged-in users.
        return HealthCheckResponse.named(NAME).status(database.up() && broker.up()).build();
    }
}

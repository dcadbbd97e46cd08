package com.ecsprovisioner.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready means both the database and the broker answer: without either no job can move. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    SystemStatus status;

    @Override
    public HealthCheckResponse call() {
        SystemStatus.Component database = status.database();
        SystemStatus.Component broker = status.broker();
        return HealthCheckResponse.named("ecs-provisioner")
                .status(database.up() && broker.up())
                .withData("database", database.detail())
                .withData("broker", broker.detail())
                .build();
    }
}

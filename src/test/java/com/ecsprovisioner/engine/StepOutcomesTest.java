package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.deployment.DeploymentJobs;
import com.ecsprovisioner.server.Server;
import com.ecsprovisioner.server.ServerStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StepOutcomesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Whether a failed job fails its server is the handler's word about the kind, not the engine's. */
    @Test
    void aFailureReachesTheServerOnlyWhenTheHandlerSaysSo() {
        for (boolean reaches : List.of(true, false)) {
            Server server = new Server("web-1", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", T0);
            server.startProvisioning(T0);
            Job job = JobTest.in(JobState.RUNNING);
            StepOutcomes outcomes = new StepOutcomes(ProvisioningSettings.defaults(), new Random(1), handler(reaches));
            outcomes.failure(job, "broken", "Code", null).applyTo(job, server, T0);
            assertEquals(JobState.FAILED, job.getState());
            assertEquals(reaches ? ServerStatus.FAILED : ServerStatus.PROVISIONING, server.getStatus(), "reaches: " + reaches);
        }
        Server server = new Server("web-2", 7, "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", T0);
        server.startProvisioning(T0);
        Job job = JobTest.in(JobState.RUNNING);
        new StepOutcomes(ProvisioningSettings.defaults(), new Random(1), new DeployOnly()).failure(job, "broken", null, null).applyTo(job, server, T0);
        assertEquals(ServerStatus.FAILED, server.getStatus(), "by default a failure reaches the server");
    }

    /** A handler of the deployment's kind that says nothing about failures (the default). */
    private static class DeployOnly implements JobHandler {
        @Override
        public Set<JobKind> kinds() {
            return Set.of(DeploymentJobs.DEPLOY);
        }

        @Override
        public List<StepName> steps(JobKind kind) {
            return DeploymentJobs.STEPS;
        }

        @Override
        public void prepare(Job job, Server server, Instant now) {
        }

        @Override
        public Outcome execute(Job job, Server server, CloudRegion cloud, CloudObservations seen, Instant now) {
            return Outcome.none();
        }

        @Override
        public void retry(Job job, Server server, Instant now) {
        }
    }

    private static JobHandler handler(boolean reaches) {
        return new DeployOnly() {
            @Override
            public boolean failureReachesServer(JobKind kind) {
                return reaches;
            }
        };
    }
}

package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.server.Server;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The engine tests' handler: one kind with its steps, nothing to prepare or retry, and a step that does nothing; a
 * test overrides only what it is about (what the job looks at, what a step does).
 */
class OneKindHandler implements JobHandler {

    private final JobKind kind;
    private final List<StepName> steps;

    OneKindHandler(JobKind kind, List<StepName> steps) {
        this.kind = kind;
        this.steps = List.copyOf(steps);
    }

    @Override
    public Set<JobKind> kinds() {
        return Set.of(kind);
    }

    @Override
    public List<StepName> steps(JobKind kind) {
        return steps;
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

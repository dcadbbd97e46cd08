package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.server.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine finds a job's handler by its kind, and refuses wiring that leaves a kind to two handlers or none. */
class JobHandlersTest {

    // Kinds as a feature declares them; equal by name, so a kind read back from the database finds its handler.
    private static final JobKind DEPLOY = JobKind.of("DEPLOY", "Deployment");
    private static final JobKind START = JobKind.of("START", "Start");
    private static final JobKind STOP = JobKind.of("STOP", "Stop");
    private static final JobKind RESIZE = JobKind.of("RESIZE", "Resize");
    private static final StepName ONLY = StepName.of("ONLY", "The only step", Duration.ofMinutes(1));

    @Test
    void eachKindGoesToTheHandlerThatClaimsIt() {
        Handler deploy = new Handler(Set.of(DEPLOY));
        Handler actions = new Handler(Set.of(START, STOP, RESIZE));
        JobHandlers handlers = JobHandlers.of(deploy, actions);
        assertSame(deploy, handlers.forKind(DEPLOY));
        for (JobKind kind : Set.of(START, STOP, RESIZE)) {
            assertSame(actions, handlers.forKind(kind));
        }
        assertSame(actions, handlers.forKind(JobKind.stored("resize", null)), "a kind read back finds its handler by name");
        assertTrue(handlers.find(JobKind.stored("gone", "Gone")).isEmpty(), "a kind nobody declares any more has no handler");
    }

    @Test
    void twoHandlersForOneKindOrNoneAtAllIsAWiringError() {
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> JobHandlers.of(new Handler(Set.of(STOP)), new Handler(Set.of(STOP, START))));
        assertTrue(twice.getMessage().contains("STOP"), twice.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> JobHandlers.of(new Handler(Set.of(DEPLOY))).forKind(RESIZE));
        assertTrue(none.getMessage().contains("RESIZE"), none.getMessage());
    }

    private record Handler(Set<JobKind> kinds) implements JobHandler {
        @Override
        public List<StepName> steps(JobKind kind) {
            return List.of(ONLY);
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
}

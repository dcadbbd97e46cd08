package com.ecsprovisioner.engine;

import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.server.Server;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine finds a job's handler by its kind, and refuses wiring that leaves a kind to two handlers or none. */
class JobHandlersTest {

    @Test
    void eachKindGoesToTheHandlerThatClaimsIt() {
        Handler deploy = new Handler(EnumSet.of(JobKind.DEPLOY));
        Handler actions = new Handler(EnumSet.complementOf(EnumSet.of(JobKind.DEPLOY)));
        JobHandlers handlers = JobHandlers.of(deploy, actions);
        assertSame(deploy, handlers.forKind(JobKind.DEPLOY));
        for (JobKind kind : EnumSet.complementOf(EnumSet.of(JobKind.DEPLOY))) {
            assertSame(actions, handlers.forKind(kind));
        }
    }

    @Test
    void twoHandlersForOneKindOrNoneAtAllIsAWiringError() {
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> JobHandlers.of(new Handler(EnumSet.of(JobKind.STOP)), new Handler(EnumSet.of(JobKind.STOP, JobKind.START))));
        assertTrue(twice.getMessage().contains("STOP"), twice.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> JobHandlers.of(new Handler(EnumSet.of(JobKind.DEPLOY))).forKind(JobKind.RESIZE));
        assertTrue(none.getMessage().contains("RESIZE"), none.getMessage());
    }

    private record Handler(Set<JobKind> kinds) implements JobHandler {
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

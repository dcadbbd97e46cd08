package com.ecsprovisioner.launch;

import org.junit.jupiter.api.Test;

import static com.ecsprovisioner.launch.StartReport.Outcome.NOT_READY;
import static com.ecsprovisioner.launch.StartReport.Outcome.NOT_STARTED;
import static com.ecsprovisioner.launch.StartReport.Outcome.READY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartReportTest {

    private static final String UP = "{\"status\":\"UP\",\"checks\":[{\"name\":\"ecs-provisioner\",\"status\":\"UP\","
            + "\"data\":{\"database\":\"H2 2.2.224\",\"broker\":\"embedded Artemis\"}}]}";
    private static final String DOWN = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"ecs-provisioner\",\"status\":\"DOWN\","
            + "\"data\":{\"database\":\"not reachable: Connection refused\",\"broker\":\"embedded Artemis\"}}]}";

    @Test
    void theProductsOwnCheckUpIsReady() {
        assertEquals(READY, StartReport.classify(200, UP));
        assertEquals("ECS Provisioner ready in 14.2 s: console on http://localhost:8080/",
                StartReport.message(READY, 8080, 14.23, UP));
    }

    @Test
    void theProductsOwnCheckDownIsStartedButNotReadyAndSaysWhy() {
        assertEquals(NOT_READY, StartReport.classify(503, DOWN));
        String line = StartReport.message(NOT_READY, 8080, 20.0, DOWN);
        assertTrue(line.contains("not reachable: Connection refused"), line);
        assertTrue(line.contains("http://localhost:8080/health/ready"), line);
    }

    @Test
    void noAnswerOrAnAnswerWithoutTheProductIsNotStarted() {
        // The port never opened: the deployment failed, or another program holds the port.
        assertEquals(NOT_STARTED, StartReport.classify(StartReport.NO_ANSWER, null));
        // Payara answering for itself alone (its resource adapter counts as an application): the WAR is not there.
        assertEquals(NOT_STARTED, StartReport.classify(200, "{\"status\":\"UP\",\"checks\":[]}"));
        assertEquals(NOT_STARTED, StartReport.classify(404, "Not Found"));
        assertTrue(StartReport.message(NOT_STARTED, 8080, 9.0, null).startsWith("ECS Provisioner did not start"));
    }
}

package com.ecsprovisioner.it.support;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StartupPhasesTest {

    @Test
    void readsPayarasOwnFiguresFromTheLog() {
        String log = """
                [2026-12-02T09:36:44.125+0000] [] [INFO] [NCLS-CORE-00017] [javax.enterprise.system.core] Payara Micro 6.2025.10 (42) startup time : Embedded (784ms), startup services(2,435ms), total(3,219ms)
                [2026-12-02T09:36:44.899+0000] [] [INFO] [] [javax.enterprise.system.core] artemis-ra was successfully deployed in 648 milliseconds.
                [2026-12-02T09:36:51.456+0000] [] [INFO] [] [javax.enterprise.system.core] ecs-provisioner was successfully deployed in 6,490 milliseconds.
                [2026-12-02T09:36:54.263+0000] [] [INFO] [] [PayaraMicro] Payara Micro 6.2025.10 (build 42) ready in 13,423 (ms)
                """;

        Map<String, Double> phases = StartupPhases.read(log);

        assertEquals(Map.of("Payara boot", 3.219, "resource adapter", 0.648, "WAR deployment", 6.49, "Payara ready", 13.423),
                phases);
        assertEquals("Payara boot 3.2 s, resource adapter 0.6 s, WAR deployment 6.5 s, Payara ready 13.4 s",
                StartupPhases.describe(phases));
    }

    @Test
    void readsTheThinWarsDeploymentAndTheProductsOwnStartUpWork() {
        String log = """
                [2026-12-05T07:06:40.101+0000] [] [INFO] [] [javax.enterprise.system.core] ecs-provisioner-thin was successfully deployed in 7,028 milliseconds.
                [2026-12-05T07:06:43.230+0000] [] [INFO] [] [com.ecsprovisioner.platform.StartupWork] Application start-up work done in 3.0 s, side by side: the first broker user 0.3 s, the sandbox cloud 1.3 s
                """;

        assertEquals(Map.of("WAR deployment", 7.028, "own start-up work", 3.0), StartupPhases.read(log));
    }

    @Test
    void leavesOutWhatTheLogDoesNotShow() {
        assertEquals(Map.of("resource adapter", 0.5),
                StartupPhases.read("artemis-ra was successfully deployed in 500 milliseconds."));
    }
}

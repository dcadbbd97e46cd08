package com.ecsprovisioner.platform;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductionModeTest {

    private static final String H2 = "jdbc:h2:file:/data/db/ecs;MODE=PostgreSQL";
    private static final String POSTGRES = "jdbc:postgresql://db.internal:5432/ecs";

    @Test
    void theQuickStartIsNotProductionAndStartsItsBrokerWithAGeneratedKey() {
        ProductionMode mode = new ProductionMode(H2, Optional.empty(), Optional.empty(), false);
        assertFalse(mode.production());
        assertTrue(mode.startEmbeddedBroker());
        assertEquals(0, mode.problems().size());
    }

    @Test
    void aLoopbackBrokerUrlIsStillTheEmbeddedBroker() {
        ProductionMode mode = new ProductionMode(H2, Optional.of("tcp://127.0.0.1:61626"), Optional.empty(), false);
        assertFalse(mode.production());
        assertTrue(mode.startEmbeddedBroker());
    }

    @Test
    void anExternalDatabaseIsProductionAndNeedsTheMasterKeyAndABroker() {
        ProductionMode mode = new ProductionMode(POSTGRES, Optional.empty(), Optional.empty(), false);
        assertTrue(mode.production());
        assertFalse(mode.startEmbeddedBroker());
        assertEquals(2, mode.problems().size());
        assertTrue(mode.problems().get(0).startsWith("ecs.master-key is not set. With an external database"));
        assertTrue(mode.problems().get(1).contains("set ecs.broker.url"));
    }

    @Test
    void anExternalDatabaseMayRunTheEmbeddedBrokerOnlyWhenAskedByName() {
        ProductionMode mode = new ProductionMode(POSTGRES, Optional.empty(), Optional.of(true), true);
        assertTrue(mode.startEmbeddedBroker());
        assertEquals(0, mode.problems().size());
    }

    @Test
    void aRemoteBrokerIsProductionEvenOnH2() {
        ProductionMode mode = new ProductionMode(H2, Optional.of("tcp://mq.internal:61616"), Optional.empty(), false);
        assertTrue(mode.production());
        assertFalse(mode.startEmbeddedBroker());
        assertEquals(1, mode.problems().size());
        assertTrue(mode.problems().get(0).contains("With an external broker"));
    }

    @Test
    void embeddedFalseMeansAnExternalBrokerWhateverTheUrl() {
        ProductionMode mode = new ProductionMode(POSTGRES, Optional.of("tcp://127.0.0.1:61616"), Optional.of(false), true);
        assertTrue(mode.externalBroker());
        assertFalse(mode.startEmbeddedBroker());
        assertEquals(0, mode.problems().size());
    }
}

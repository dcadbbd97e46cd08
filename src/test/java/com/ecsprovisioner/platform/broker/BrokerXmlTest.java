package com.ecsprovisioner.platform.broker;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production broker configuration ({@code server-config/artemis/broker.xml}, read by Artemis's own parser) says
 * what the embedded broker's {@link BrokerSetup} says: the same addresses and routing types, the same permissions per
 * role, the same dead-letter and redelivery settings. A change to one without the other fails here.
 */
class BrokerXmlTest {

    private static Configuration production;
    private static Configuration embedded;

    @BeforeAll
    static void read(@TempDir Path data) throws Exception {
        FileConfiguration file = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(
                Path.of("server-config/artemis/broker.xml").toAbsolutePath().toUri().toString());
        deployment.addDeployable(file);
        deployment.readConfiguration();
        production = file;
        embedded = BrokerSetup.configuration("127.0.0.1", 61616, data, 1024);
    }

    @Test
    void samePermissionsPerAddressAndRole() {
        assertEquals(new TreeMap<>(embedded.getSecurityRoles()), new TreeMap<>(production.getSecurityRoles()));
    }

    @Test
    void sameAddressesWithTheirRoutingTypesAndQueues() {
        assertEquals(addresses(embedded), addresses(production));
    }

    @Test
    void sameDeadLetterRedeliveryAndAutoCreationSettings() {
        assertEquals(addressSettings(embedded), addressSettings(production));
    }

    @Test
    void persistentAuthenticatedAndStampingTheValidatedUser() {
        for (Configuration config : List.of(embedded, production)) {
            assertTrue(config.isPersistenceEnabled());
            assertTrue(config.isSecurityEnabled());
            assertTrue(config.isPopulateValidatedUser());
            assertEquals(BrokerRoles.TEMPORARY_NAMESPACE, config.getUuidNamespace());
        }
    }

    private static Map<String, String> addresses(Configuration config) {
        return config.getAddressConfigurations().stream().collect(Collectors.toMap(CoreAddressConfiguration::getName,
                address -> address.getRoutingTypes() + " " + address.getQueueConfigs().stream()
                        .map(queue -> queue.getName() + "/" + queue.getRoutingType() + "/durable=" + queue.isDurable())
                        .sorted().toList(), (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> addressSettings(Configuration config) {
        return config.getAddressSettings().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> describe(entry.getValue()), (a, b) -> a, TreeMap::new));
    }

    private static String describe(AddressSettings s) {
        return "dla=" + s.getDeadLetterAddress() + " expiry=" + s.getExpiryAddress()
                + " attempts=" + s.getMaxDeliveryAttempts() + " delay=" + s.getRedeliveryDelay()
                + " multiplier=" + s.getRedeliveryMultiplier() + " maxDelay=" + s.getMaxRedeliveryDelay()
                + " autoCreateQueues=" + s.isAutoCreateQueues() + " autoCreateAddresses=" + s.isAutoCreateAddresses()
                + " autoDeleteQueues=" + s.isAutoDeleteQueues() + " autoDeleteAddresses=" + s.isAutoDeleteAddresses()
                + " autoCreateDeadLetterResources=" + s.isAutoCreateDeadLetterResources();
    }
}

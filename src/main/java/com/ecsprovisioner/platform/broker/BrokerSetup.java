package com.ecsprovisioner.platform.broker;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.nio.file.Path;

/**
 * The embedded broker's configuration: authentication on, the permission table of {@link BrokerRoles}, the
 * product's addresses declared with their routing types (nothing auto-created, so that a sender to a wrong name is
 * told so instead of filling a queue nobody reads), dead letters and expired messages kept in real queues, and the
 * {@link MessageGuard}.
 */
public final class BrokerSetup {

    /** After this many failed deliveries a message goes to the dead-letter queue instead of looping for ever. */
    public static final int MAX_DELIVERY_ATTEMPTS = 5;

    private BrokerSetup() {
    }

    public static Configuration configuration(String host, int port, Path dataDir, long maxBodyBytes) throws Exception {
        Path journal = dataDir.resolve("broker");
        Configuration config = new ConfigurationImpl()
                .setName("ecs-provisioner")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(true)
                .setJournalDirectory(journal.resolve("journal").toString())
                .setBindingsDirectory(journal.resolve("bindings").toString())
                .setLargeMessagesDirectory(journal.resolve("large-messages").toString())
                .setPagingDirectory(journal.resolve("paging").toString())
                .setJMXManagementEnabled(false)
                .setGracefulShutdownEnabled(true)
                .setGracefulShutdownTimeout(5_000);
        // Every message carries the user the broker authenticated (_AMQ_VALIDATED_USER, JMSXUserID), replacing
        // whatever a client set there: the automation interface attributes commands to it.
        config.setPopulateValidatedUser(true);
        config.addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port + "?protocols=CORE,AMQP,STOMP,OPENWIRE");
        BrokerRoles.permissions().forEach(config::putSecurityRoles);
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(BrokerRoles.DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(BrokerRoles.EXPIRED))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(1_000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(30_000)
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setAutoCreateDeadLetterResources(false));
        config.addAddressConfiguration(anycast(BrokerRoles.JOBS));
        config.addAddressConfiguration(anycast(BrokerRoles.COMMANDS));
        // Multicast without a queue of its own: each subscriber's subscription is its queue there.
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(BrokerRoles.EVENTS).addRoutingType(RoutingType.MULTICAST));
        config.addAddressConfiguration(anycast(BrokerRoles.DEAD_LETTERS));
        config.addAddressConfiguration(anycast(BrokerRoles.EXPIRED));
        config.registerBrokerPlugin(new MessageGuard(maxBodyBytes, dataDir));
        return config;
    }

    private static CoreAddressConfiguration anycast(String name) {
        return new CoreAddressConfiguration().setName(name).addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST).setDurable(true));
    }
}

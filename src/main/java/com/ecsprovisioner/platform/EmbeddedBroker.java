package com.ecsprovisioner.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The broker that ships with the product, so that one command runs everything. It listens on the configured
 * {@code ecs.broker.url} (loopback by default) so that the resource adapter, and any other system that submits
 * jobs, reaches it exactly as it would reach an external Artemis; its journal lives in the data folder so that
 * messages not yet consumed survive a restart. Not started when {@code ecs.broker.embedded} is false.
 */
@Startup
@Singleton
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());

    /** After this many failed deliveries a message goes to the dead-letter queue instead of looping for ever. */
    static final int MAX_DELIVERY_ATTEMPTS = 5;

    @Inject
    @ConfigProperty(name = "ecs.broker.embedded", defaultValue = "true")
    boolean embedded;

    @Inject
    @ConfigProperty(name = "ecs.broker.url", defaultValue = "tcp://127.0.0.1:61616")
    String url;

    @Inject
    DataFolder dataFolder;

    private EmbeddedActiveMQ server;

    @PostConstruct
    void start() {
        if (!embedded) {
            LOG.info(() -> "Using the external broker at " + url);
            return;
        }
        URI uri = URI.create(url);
        Path journal = dataFolder.resolve("broker");
        Configuration config = new ConfigurationImpl()
                .setName("ecs-provisioner")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(journal.resolve("journal").toString())
                .setBindingsDirectory(journal.resolve("bindings").toString())
                .setLargeMessagesDirectory(journal.resolve("large-messages").toString())
                .setPagingDirectory(journal.resolve("paging").toString())
                .setJMXManagementEnabled(false)
                .setGracefulShutdownEnabled(true)
                .setGracefulShutdownTimeout(5_000);
        try {
            config.addAcceptorConfiguration("tcp", "tcp://" + uri.getHost() + ":" + uri.getPort()
                    + "?protocols=CORE,AMQP,STOMP,OPENWIRE");
        } catch (Exception e) {
            throw new IllegalStateException("The broker address " + url + " is not valid: " + e.getMessage(), e);
        }
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(1_000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(30_000)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoCreateDeadLetterResources(false));
        server = new EmbeddedActiveMQ().setConfiguration(config);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("The embedded broker could not start on " + url
                    + " (is another broker using that port? set ecs.broker.url to another port, or ecs.broker.embedded=false"
                    + " to use it): " + e.getMessage(), e);
        }
        LOG.info(() -> "Embedded broker listening on " + url + ", journal in " + journal);
    }

    public boolean isEmbedded() {
        return embedded;
    }

    /** True when the embedded broker runs; an external broker's health is checked by connecting to it. */
    public boolean isActive() {
        return server != null && server.getActiveMQServer().isActive();
    }

    @PreDestroy
    void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warning(() -> "The embedded broker did not stop cleanly: " + e.getMessage());
            }
        }
    }
}

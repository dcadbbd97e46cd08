package com.ecsprovisioner.platform;

import com.ecsprovisioner.messaging.JmsResources;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;

/** Whether the database and the broker answer, and what they are; for health checks, the dashboard and Settings. */
@ApplicationScoped
public class SystemStatus {

    @Resource(lookup = "jdbc/ecs")
    DataSource dataSource;

    @Resource(lookup = JmsResources.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Inject
    EmbeddedBroker embeddedBroker;

    @Inject
    @ConfigProperty(name = "ecs.broker.url", defaultValue = "tcp://127.0.0.1:61616")
    String brokerUrl;

    public record Component(String name, boolean up, String detail) {
    }

    public Component database() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            boolean valid = connection.isValid(2);
            return new Component("Database", valid, meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
        } catch (Exception e) {
            return new Component("Database", false, "not reachable: " + e.getMessage());
        }
    }

    public Component broker() {
        String kind = embeddedBroker.isEmbedded() ? "embedded Artemis on " : "Artemis at ";
        if (embeddedBroker.isEmbedded() && !embeddedBroker.isActive()) {
            return new Component("Message broker", false, kind + brokerUrl + " is not running");
        }
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer();
            return new Component("Message broker", true, kind + brokerUrl);
        } catch (RuntimeException e) {
            return new Component("Message broker", false, kind + brokerUrl + " not reachable: " + e.getMessage());
        }
    }
}

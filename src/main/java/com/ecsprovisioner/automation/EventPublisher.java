package com.ecsprovisioner.automation;

import com.ecsprovisioner.messaging.JmsResources;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import jakarta.annotation.Resource;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

import java.util.List;

/**
 * The relay's broker side ({@link OutboxRelay.Publisher}) on the application's XA connection factory. Each call is a
 * transaction of its own that holds only the broker's resource (no database work), so the batch reaches the broker
 * whole or not at all, and no database transaction waits on the broker.
 */
@Stateless
@LocalBean // besides its interface: the relay injects the bean itself
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class EventPublisher implements OutboxRelay.Publisher {

    @Resource(lookup = JmsResources.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Override
    public void publish(List<RelayedEvent> batch) {
        try (JMSContext jms = connectionFactory.createContext()) {
            send(jms, batch);
        }
    }

    @Override
    public void reply(RelayedEvent event) {
        try (JMSContext jms = connectionFactory.createContext()) {
            sendReply(jms, event);
        }
    }

    /** Each event as a text message with its CloudEvents properties, to the multicast address {@code ecs.events}. */
    public static void send(JMSContext jms, List<RelayedEvent> batch) {
        Destination events = jms.createTopic(BrokerRoles.EVENTS);
        for (RelayedEvent e : batch) {
            jms.createProducer().send(events, message(jms, e));
        }
    }

    /**
     * The event to its command's reply-to destination (a queue, as the broker names it; {@code topic://name} for a
     * topic), with {@code JMSCorrelationID} the command's correlation id.
     */
    public static void sendReply(JMSContext jms, RelayedEvent e) {
        String to = e.replyTo();
        Destination destination = to.startsWith("topic://") ? jms.createTopic(to.substring(8))
                : jms.createQueue(to.startsWith("queue://") ? to.substring(8) : to);
        TextMessage message = message(jms, e);
        try {
            message.setJMSCorrelationID(e.correlationId());
        } catch (JMSException ex) {
            throw new IllegalStateException("The reply to event " + e.id() + " could not be made", ex);
        }
        jms.createProducer().send(destination, message);
    }

    private static TextMessage message(JMSContext jms, RelayedEvent e) {
        TextMessage message = jms.createTextMessage(CloudEventsFormat.body(e));
        try {
            for (var p : CloudEventsFormat.properties(e).entrySet()) {
                message.setStringProperty(p.getKey(), p.getValue());
            }
        } catch (JMSException ex) {
            throw new IllegalStateException("Event " + e.id() + " could not be made into a message", ex);
        }
        return message;
    }
}

package com.ecsprovisioner.platform.broker;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Stamps the user the broker authenticated on every message it receives, whatever the protocol, as
 * {@code _AMQ_VALIDATED_USER}, replacing any value the sender set. Artemis's own {@code populate-validated-user} does
 * it for its own protocol and STOMP, but leaves AMQP 1.0 messages unstamped (in 2.44 {@code AMQPMessage} ignores
 * {@code setValidatedUserID}, {@code ExampleClientsTest} shows it), and a command from Python or Node must be
 * attributed to its sender like any other. Read that property, never {@code JMSXUserID}: for an AMQP message that one
 * comes from the AMQP {@code user-id} field, which the client sets.
 */
public final class ValidatedUserStamp implements ActiveMQServerMessagePlugin {

    public static final String PROPERTY = Message.HDR_VALIDATED_USER.toString();

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue) {
        String user = session == null ? null : session.getValidatedUser();
        if (user != null && !user.equals(message.getStringProperty(PROPERTY))) {
            message.putStringProperty(PROPERTY, user);
            message.reencode();
        }
    }
}

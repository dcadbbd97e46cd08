package com.ecsprovisioner.automation;

import com.ecsprovisioner.messaging.JmsResources;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.security.Role;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the public command queue {@code ecs.commands}. Thin on purpose: {@link CommandIntake} decides, in this
 * delivery's transaction. A refused command is an answer, not a failure, and is acknowledged; anything that
 * propagates from here rolls the delivery back, so the broker redelivers it (with back-off) and finally moves it to
 * the dead-letter queue.
 * <p>
 * Runs as the role {@code admin} (payara-web.xml maps it to the principal {@code ECS_SYSTEM}), the role the console's
 * boundaries require; the boundaries record the broker's sender ({@code jms:<user>}) as who asked, not that identity.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = JmsResources.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = BrokerRoles.COMMANDS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")})
@RunAs(Role.ADMIN_NAME)
public class CommandConsumer implements MessageListener {

    @EJB
    CommandIntake intake;

    @Override
    public void onMessage(Message message) {
        try {
            intake.take(IncomingCommand.of(message));
        } catch (JMSException e) {
            throw new IllegalStateException("The command message could not be read", e);
        }
    }
}

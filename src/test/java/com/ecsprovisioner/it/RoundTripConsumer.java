package com.ecsprovisioner.it;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A message-driven bean on the real resource adapter, deployed only with the integration tests. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "artemis-ra"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = RoundTripConsumer.QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")})
public class RoundTripConsumer implements MessageListener {

    static final String QUEUE = "ecs.test.roundtrip";

    /** What arrived; each test sends payloads of its own (random) and looks only for those. */
    static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(Message message) {
        try {
            RECEIVED.add(((TextMessage) message).getText());
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}

package com.ecsprovisioner.it.support;

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

    /**
     * The broker creates no address on demand and lets the application's user only at its own: the expiry queue is
     * one of them that nothing in the product consumes, so the round trip cannot take another consumer's message.
     */
    static final String QUEUE = "ExpiryQueue";

    /** What arrived; each test sends payloads of its own (random) and looks only for those. */
    public static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(Message message) {
        try {
            RECEIVED.add(((TextMessage) message).getText());
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}

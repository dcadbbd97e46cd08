package com.ecsprovisioner.engine;

import com.ecsprovisioner.messaging.JmsResources;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * Consumes "advance job N". Thin on purpose: the database decides whether there is anything to do, so a
 * duplicate or stale message is a no-op. A message that is not one, or a failure we did not expect, is rethrown,
 * so that the broker redelivers it and finally moves it to the dead-letter queue.
 * <p>
 * No prefetch ({@code consumerWindowSize} 0): a session busy with one job's turn (an SSH step can take up to its
 * connect time-out) must not hold a buffer of other jobs' messages; a message waits on the broker for the first
 * free session instead.
 * <p>
 * Eight sessions: a job's turn mostly waits on the cloud's API or on SSH, so more sessions than cores shorten the
 * queue of turns when many deployments move at once (100 at once against the sandbox, the time a deployment's turns
 * waited for a session before its bootstrap, p50: 2.3 s with four sessions, 0.9 s with eight, 0.5 s with sixteen;
 * README, "Latency the engine's waits add"). Not more: Artemis's client runs every session's deliveries, and the
 * clean-up of a session when the application ends, on one pool of eight threads per core, which the automation
 * commands' four sessions share. With twelve here, sixteen in all, the two cores' sixteen threads could all be
 * delivering when the application ended, and the clean-up waited for threads that never came free: Payara Micro's
 * shutdown hung, and the next start on the same data folder found the database in use.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = JmsResources.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = JobQueue.NAME),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8"),
        @ActivationConfigProperty(propertyName = "consumerWindowSize", propertyValue = "0")})
public class JobConsumer implements MessageListener {

    @EJB
    JobAdvancer advancer;

    @Override
    public void onMessage(Message message) {
        if (!(message instanceof TextMessage text)) {
            throw new IllegalArgumentException("Not an \"advance job\" message: " + message.getClass().getSimpleName());
        }
        try {
            advancer.advance(JobQueue.jobId(text.getText()), null);
        } catch (JMSException e) {
            throw new IllegalStateException("The message could not be read", e);
        }
    }
}

package com.ecsprovisioner.it.support;

import com.ecsprovisioner.messaging.JmsResources;
import jakarta.annotation.Resource;
import jakarta.ejb.EJBContext;
import jakarta.ejb.Stateless;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;

/** Sends inside a container transaction, which the caller can have rolled back. */
@Stateless
public class RoundTripSender {

    @Resource(lookup = JmsResources.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource
    EJBContext context;

    public void send(String text, boolean rollBack) {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().send(jms.createQueue(RoundTripConsumer.QUEUE), text);
        }
        if (rollBack) {
            context.setRollbackOnly();
        }
    }
}

package com.ecsprovisioner.messaging;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * The connection factory, declared by the application so that it travels with the WAR. XA is not optional: a
 * factory without transaction support reports sends inside a transaction as successful and loses them (stack
 * notes, gotcha 3).
 */
@ConnectionFactoryDefinition(
        name = JmsResources.CONNECTION_FACTORY,
        interfaceName = "org.apache.activemq.artemis.ra.ActiveMQRAConnectionFactory",
        resourceAdapter = JmsResources.RESOURCE_ADAPTER,
        transactionSupport = TransactionSupportLevel.XATransaction,
        minPoolSize = 0,
        maxPoolSize = 32)
public final class JmsResources {

    public static final String RESOURCE_ADAPTER = "artemis-ra";
    public static final String CONNECTION_FACTORY = "java:app/jms/ecs";

    private JmsResources() {
    }
}

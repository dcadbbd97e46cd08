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
        maxPoolSize = 32,
        // The pool's sign-on (Payara passes the pool's UserName/Password as the subject, which the adapter prefers
        // to its own defaults). The values are system properties set in the same JVM before any connection is made
        // (the launcher, and EmbeddedBroker), never on a command line; with an external broker they hold
        // ecs.broker.user / ecs.broker.password.
        properties = {"UserName=${" + JmsResources.USER_PROPERTY + "}", "Password=${" + JmsResources.PASSWORD_PROPERTY + "}"})
public final class JmsResources {

    public static final String RESOURCE_ADAPTER = "artemis-ra";
    public static final String CONNECTION_FACTORY = "java:app/jms/ecs";
    /** Set in the JVM, read by Payara when it creates the pool; the same names as {@code launch.Launcher}'s. */
    public static final String USER_PROPERTY = "ecs-runtime.broker.user";
    public static final String PASSWORD_PROPERTY = "ecs-runtime.broker.password";

    private JmsResources() {
    }
}

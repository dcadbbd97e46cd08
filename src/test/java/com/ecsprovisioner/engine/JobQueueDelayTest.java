package com.ecsprovisioner.engine;

import com.ecsprovisioner.platform.broker.BrokerUsers;
import com.ecsprovisioner.testsupport.TestBroker;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's own wake-up ({@link Wakes}) leaves with the write-back and is held by the product's broker until its wait
 * is over: not delivered before, delivered then.
 */
class JobQueueDelayTest {

    @Test
    void aWakeUpSentWithADelayArrivesWhenTheWaitIsOverAndNotBefore(@TempDir Path data) throws Exception {
        try (TestBroker broker = TestBroker.start(data, 1 << 20);
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url(), BrokerUsers.INTERNAL_USER,
                     TestBroker.INTERNAL_PASSWORD);
             JMSContext jms = factory.createContext()) {
            JobQueue queue = new JobQueue();
            queue.connectionFactory = factory;
            JMSConsumer consumer = jms.createConsumer(jms.createQueue(JobQueue.NAME));

            long sent = System.nanoTime();
            queue.advance(42, Duration.ofMillis(1500));
            queue.advance(7);

            assertEquals("7", ((TextMessage) consumer.receive(1000)).getText(), "a message without a delay comes at once");
            assertNull(consumer.receive(500), "the delayed one is held while the wait lasts");
            TextMessage woken = (TextMessage) consumer.receive(3000);
            long after = Duration.ofNanos(System.nanoTime() - sent).toMillis();
            assertEquals("42", woken.getText());
            // The broker schedules in whole milliseconds from the send; this clock started just before it.
            assertTrue(after >= 1490, "delivered after " + after + " ms");
        }
    }
}

package com.ecsprovisioner.automation.deadletters;

import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.platform.broker.BrokerSetup;
import com.ecsprovisioner.testsupport.TestBroker;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Poison messages reach the real DLQ of the product's broker, are listed, replayed to where they failed, discarded. */
class DeadLetterQueueTest {

    @TempDir
    Path data;

    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(data, 64 * 1024);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void poisonMessagesAreListedThenReplayedToTheirAddressOrDiscarded() throws Exception {
        DeadLetterQueue dead = new DeadLetterQueue(broker.server());
        assertEquals(List.of(), dead.list(100));
        try (Connection app = broker.internal()) {
            Session plain = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            plain.createProducer(plain.createQueue(BrokerRoles.JOBS)).send(plain.createTextMessage("42"));
            plain.createProducer(plain.createQueue(BrokerRoles.JOBS)).send(plain.createTextMessage("43"));
            // A consumer that fails every time: each message is delivered 5 times, then dead-lettered.
            Session tx = app.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(tx.createQueue(BrokerRoles.JOBS));
            int deliveries = 0;
            Message delivery;
            while ((delivery = consumer.receive(20_000)) != null) {
                deliveries++;
                tx.rollback();
            }
            assertEquals(2 * BrokerSetup.MAX_DELIVERY_ATTEMPTS, deliveries);
            consumer.close();

            List<DeadLetter> letters = dead.list(100);
            assertEquals(2, letters.size(), letters.toString());
            DeadLetter text = letters.stream().filter(l -> l.body().equals("42")).findFirst().orElseThrow();
            DeadLetter other = letters.stream().filter(l -> l.body().equals("43")).findFirst().orElseThrow();
            assertEquals(BrokerRoles.JOBS, text.originalAddress());
            assertEquals(BrokerSetup.MAX_DELIVERY_ATTEMPTS, text.deliveryCount());
            assertEquals("failed all 5 deliveries on ecs.jobs", text.reason());
            assertEquals("ecs-internal", text.sender());
            assertNotNull(text.sent());
            assertEquals(2, other.bodyBytes());
            assertFalse(other.bodyCut());

            assertTrue(dead.replay(text.messageId()));
            TextMessage replayed = (TextMessage) plain.createConsumer(plain.createQueue(BrokerRoles.JOBS)).receive(5_000);
            assertNotNull(replayed, "replayed to ecs.jobs");
            assertEquals("42", replayed.getText());

            assertTrue(dead.discard(other.messageId()));
            assertEquals(List.of(), dead.list(100));
            assertEquals(0, dead.count());
            assertFalse(dead.discard(other.messageId()), "already gone");
            assertNull(plain.createConsumer(plain.createQueue(BrokerRoles.DEAD_LETTERS)).receive(200));
        }
    }

    @Test
    void aLongBytesBodyIsShownCutAndItsSizeSaid() throws Exception {
        try (Connection app = broker.internal()) {
            Session session = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            String command = "{\"type\":\"deploy\",\"pad\":\"" + "x".repeat(10_000) + "\"}";
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(command.getBytes(StandardCharsets.UTF_8));
            session.createProducer(session.createQueue(BrokerRoles.DEAD_LETTERS)).send(bytes);
        }
        DeadLetter letter = new DeadLetterQueue(broker.server()).list(10).get(0);
        assertEquals(DeadLetterQueue.SHOWN_CHARS, letter.body().length());
        assertTrue(letter.bodyCut());
        assertEquals(10_026, letter.bodyBytes());
        assertTrue(letter.body().startsWith("{\"type\":\"deploy\""), letter.body());
        assertNull(letter.originalAddress());
    }
}

package com.ecsprovisioner.platform.broker;

import com.ecsprovisioner.testsupport.TestBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public interface's addresses and the README's permission table, each rule tried with real connections over
 * TCP both ways: what a role may do works, what it may not is refused.
 */
class PublicAddressesTest {

    @TempDir
    Path data;

    private TestBroker broker;
    private String senderPassword;
    private String observerPassword;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(data, 64 * 1024);
        senderPassword = BrokerUserTool.add(data, "billing", BrokerRoles.SENDER);
        observerPassword = BrokerUserTool.add(data, "dashboard", BrokerRoles.OBSERVER);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void commandsAndEventsAreDeclaredWithTheirRoutingTypes() throws Exception {
        AddressInfo commands = broker.server().getAddressInfo(SimpleString.of(BrokerRoles.COMMANDS));
        assertEquals(Set.of(RoutingType.ANYCAST), commands.getRoutingTypes());
        assertNotNull(broker.server().locateQueue(SimpleString.of(BrokerRoles.COMMANDS)), "ecs.commands has its durable queue");
        AddressInfo events = broker.server().getAddressInfo(SimpleString.of(BrokerRoles.EVENTS));
        assertEquals(Set.of(RoutingType.MULTICAST), events.getRoutingTypes());
        assertTrue(broker.server().bindingQuery(SimpleString.of(BrokerRoles.EVENTS)).getQueueNames().isEmpty(), "ecs.events has no queue of its own");
    }

    @Test
    void aSenderSendsCommandsAndTheBrokerStampsWhoItReallyIs() throws Exception {
        try (Connection sender = broker.connect("billing", senderPassword); Connection app = broker.internal()) {
            Session session = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage command = session.createTextMessage("{\"type\":\"deploy\"}");
            command.setStringProperty("_AMQ_VALIDATED_USER", "admin");
            session.createProducer(session.createQueue(BrokerRoles.COMMANDS)).send(command);
            Session appSession = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message received = appSession.createConsumer(appSession.createQueue(BrokerRoles.COMMANDS)).receive(5_000);
            assertNotNull(received);
            assertEquals("billing", received.getStringProperty("_AMQ_VALIDATED_USER"), "the broker's stamp, not the sender's");
            assertEquals("billing", received.getStringProperty("JMSXUserID"));
        }
    }

    @Test
    void aSenderMayNotReadCommandsNorPublishEventsNorTouchTheEngineOrTheDeadLetters() throws Exception {
        try (Connection sender = broker.connect("billing", senderPassword)) {
            Session session = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue(BrokerRoles.COMMANDS)));
            assertThrows(JMSSecurityException.class, () -> session.createBrowser(session.createQueue(BrokerRoles.COMMANDS)).getEnumeration());
            assertThrows(JMSSecurityException.class, () -> session.createProducer(session.createTopic(BrokerRoles.EVENTS))
                    .send(session.createTextMessage("{}")));
            assertRefusedEngineAndDeadLetters(session);
        }
    }

    @Test
    void anObserverOnlySubscribesToEvents() throws Exception {
        try (Connection observer = broker.connect("dashboard", observerPassword)) {
            Session session = observer.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSSecurityException.class, () -> session.createProducer(session.createQueue(BrokerRoles.COMMANDS))
                    .send(session.createTextMessage("{}")));
            assertThrows(JMSSecurityException.class, () -> session.createProducer(session.createTopic(BrokerRoles.EVENTS))
                    .send(session.createTextMessage("{}")));
            assertThrows(JMSSecurityException.class, session::createTemporaryQueue);
            assertRefusedEngineAndDeadLetters(session);
        }
        assertSubscribes("dashboard", observerPassword);
    }

    @Test
    void aSenderFollowsEventsOnANonDurableAndADurableSubscriptionFilteredByRequestId() throws Exception {
        assertSubscribes("billing", senderPassword);
    }

    @Test
    void theApplicationAnswersOnASendersTemporaryReplyQueue() throws Exception {
        try (Connection sender = broker.connect("billing", senderPassword); Connection app = broker.internal()) {
            Session session = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer answers = session.createConsumer(replies);
            TextMessage command = session.createTextMessage("{\"type\":\"deploy\",\"requestId\":\"r-1\"}");
            command.setJMSReplyTo(replies);
            command.setJMSCorrelationID("corr-1");
            session.createProducer(session.createQueue(BrokerRoles.COMMANDS)).send(command);

            Session appSession = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message received = appSession.createConsumer(appSession.createQueue(BrokerRoles.COMMANDS)).receive(5_000);
            TextMessage reply = appSession.createTextMessage("{\"type\":\"com.ecsprovisioner.command.accepted.v1\"}");
            reply.setJMSCorrelationID(received.getJMSCorrelationID());
            appSession.createProducer(received.getJMSReplyTo()).send(reply);

            Message answer = answers.receive(5_000);
            assertNotNull(answer, "the reply reached the temporary queue");
            assertEquals("corr-1", answer.getJMSCorrelationID());
            // Another user cannot read it, even naming it as a plain queue (the JMS client alone would refuse a
            // temporary queue of another connection before asking the broker).
            try (Connection observer = broker.connect("dashboard", observerPassword)) {
                Session other = observer.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThrows(JMSSecurityException.class, () -> other.createConsumer(other.createQueue(replies.getQueueName())));
            }
        }
    }

    @Test
    void commandRedeliveriesOutlastADatabaseRestartOfACoupleOfMinutes() {
        AddressSettings settings = broker.server().getAddressSettingsRepository().getMatch(BrokerRoles.COMMANDS);
        assertEquals(BrokerRoles.DEAD_LETTERS, settings.getDeadLetterAddress().toString());
        long waited = 0;
        long delay = settings.getRedeliveryDelay();
        for (int delivery = 2; delivery <= settings.getMaxDeliveryAttempts(); delivery++) {
            waited += delay;
            delay = Math.min((long) (delay * settings.getRedeliveryMultiplier()), settings.getMaxRedeliveryDelay());
        }
        assertTrue(waited >= 180_000, "the last delivery comes " + waited + " ms after the first");
        // The engine's own queue keeps its quicker schedule.
        assertEquals(BrokerSetup.MAX_DELIVERY_ATTEMPTS, broker.server().getAddressSettingsRepository().getMatch(BrokerRoles.JOBS).getMaxDeliveryAttempts());
    }

    private void assertSubscribes(String user, String password) throws Exception {
        try (Connection app = broker.internal()) {
            org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory =
                    new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(broker.url());
            factory.setClientID(user + "-client");
            Connection durable = factory.createConnection(user, password);
            durable.start();
            Session session = durable.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic events = session.createTopic(BrokerRoles.EVENTS);
            MessageConsumer mine = session.createConsumer(events, "cloudEvents_requestid = 'r-7'");
            MessageConsumer kept = session.createDurableSubscriber(events, "all-events");

            Session appSession = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String requestId : new String[]{"r-6", "r-7"}) {
                TextMessage event = appSession.createTextMessage("{\"requestid\":\"" + requestId + "\"}");
                event.setStringProperty("cloudEvents_requestid", requestId);
                appSession.createProducer(appSession.createTopic(BrokerRoles.EVENTS)).send(event);
            }
            assertEquals("r-7", mine.receive(5_000).getStringProperty("cloudEvents_requestid"));
            assertEquals("r-6", kept.receive(5_000).getStringProperty("cloudEvents_requestid"));
            assertEquals("r-7", kept.receive(5_000).getStringProperty("cloudEvents_requestid"));
            kept.close();
            session.unsubscribe("all-events");
            durable.close();
        }
    }

    private static void assertRefusedEngineAndDeadLetters(Session session) throws JMSException {
        assertThrows(JMSSecurityException.class, () -> session.createProducer(session.createQueue(BrokerRoles.JOBS))
                .send(session.createTextMessage("1")));
        assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue(BrokerRoles.JOBS)));
        assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue(BrokerRoles.DEAD_LETTERS)));
        assertThrows(JMSSecurityException.class, () -> session.createBrowser(session.createQueue(BrokerRoles.DEAD_LETTERS)).getEnumeration());
        assertThrows(JMSException.class, () -> session.createProducer(session.createQueue("anything.new"))
                .send(session.createTextMessage("x")));
        assertThrows(JMSException.class, () -> session.createConsumer(session.createTopic("another.topic")));
    }
}

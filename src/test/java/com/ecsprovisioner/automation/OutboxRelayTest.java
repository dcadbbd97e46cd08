package com.ecsprovisioner.automation;

import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.platform.broker.BrokerSetup;
import com.ecsprovisioner.platform.broker.BrokerUserTool;
import com.ecsprovisioner.platform.broker.BrokerUsers;
import com.ecsprovisioner.platform.outbox.Outbox;
import com.ecsprovisioner.platform.outbox.OutboxEvent;
import com.ecsprovisioner.platform.outbox.TestOutbox;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay against the product's broker configuration ({@link BrokerSetup}, real embedded Artemis over TCP) and the
 * product's schema on H2: in order per job, to the reply-to with the correlation id, again after a failed send, and
 * never side by side on two relays. The relay's own classes run as in the container; only the transactions are the
 * test's (resource-local instead of JTA).
 */
class OutboxRelayTest {

    private static final String INTERNAL_PASSWORD = "internal-secret-for-this-test";
    private static final String REPLIES = "test.replies";

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @TempDir
    Path data;

    private EmbeddedActiveMQ broker;
    private String url;
    private Connection subscriber;
    private MessageConsumer events;
    private MessageConsumer replies;

    @BeforeEach
    void start() throws Exception {
        db.open();
        int port = com.ecsprovisioner.testsupport.FreePort.next();
        url = "tcp://127.0.0.1:" + port;
        Configuration config = BrokerSetup.configuration("127.0.0.1", port, data, 1 << 20);
        // A reply-to queue of the test's own (the broker's permissions for senders' temporary queues are not what
        // this test is about): the application may send there, the observer read.
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(REPLIES).addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(REPLIES).setRoutingType(RoutingType.ANYCAST)));
        config.putSecurityRoles(REPLIES, Set.of(
                new Role(BrokerRoles.INTERNAL, true, false, false, false, false, false, false, false, false, false),
                new Role(BrokerRoles.OBSERVER, false, true, false, false, false, false, false, false, false, false)));
        broker = new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(new BrokerUsers(INTERNAL_PASSWORD, data));
        broker.start();
        String password = BrokerUserTool.add(data, "dashboard", BrokerRoles.OBSERVER);
        subscriber = new ActiveMQConnectionFactory(url).createConnection("dashboard", password);
        Session session = subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE);
        events = session.createConsumer(session.createTopic(BrokerRoles.EVENTS));
        replies = session.createConsumer(session.createQueue(REPLIES));
        subscriber.start();
    }

    @AfterEach
    void stop() throws Exception {
        subscriber.close();
        broker.stop();
    }

    /** The store in the container's shape: each call one transaction, here resource-local on an entity manager of its own. */
    private OutboxRelay.Store store() {
        return new OutboxRelay.Store() {
            private <T> T tx(Function<OutboxRelayStore, T> work) {
                EntityManager em = db.createEntityManager();
                OutboxRelayStore store = new OutboxRelayStore();
                store.em = em;
                em.getTransaction().begin();
                try {
                    T result = work.apply(store);
                    em.getTransaction().commit();
                    return result;
                } finally {
                    if (em.getTransaction().isActive()) {
                        em.getTransaction().rollback();
                    }
                    em.close();
                }
            }

            @Override
            public boolean claim(String holder, Duration lease) {
                return tx(s -> s.claim(holder, lease));
            }

            @Override
            public List<RelayedEvent> pending(int max) {
                return tx(s -> s.pending(max));
            }

            @Override
            public void markRelayed(List<Long> ids) {
                tx(s -> {
                    s.markRelayed(ids);
                    return null;
                });
            }

            @Override
            public void release(String holder) {
                tx(s -> {
                    s.release(holder);
                    return null;
                });
            }
        };
    }

    /** The publisher's sending code on a plain client connection as the application's user (each send acknowledged). */
    private OutboxRelay.Publisher publisher() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, BrokerUsers.INTERNAL_USER, INTERNAL_PASSWORD);
        return new OutboxRelay.Publisher() {
            @Override
            public void publish(List<RelayedEvent> batch) {
                try (JMSContext jms = factory.createContext()) {
                    EventPublisher.send(jms, batch);
                }
            }

            @Override
            public void reply(RelayedEvent event) {
                try (JMSContext jms = factory.createContext()) {
                    EventPublisher.sendReply(jms, event);
                }
            }
        };
    }

    private OutboxRelay relay(String holder, OutboxRelay.Publisher publisher, int batch) {
        return new OutboxRelay(store(), publisher, holder, Duration.ofMinutes(2), batch);
    }

    private void append(long jobId, int count, Outbox.Reply reply) {
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        Outbox outbox = TestOutbox.on(em);
        for (int i = 0; i < count; i++) {
            outbox.append(jobId, "com.ecsprovisioner.job.waiting.v1", Long.toString(jobId), "req-" + jobId,
                    "{\"jobId\":" + jobId + ",\"n\":" + i + "}", reply, Instant.now());
        }
        em.getTransaction().commit();
        em.close();
    }

    private static List<TextMessage> receive(MessageConsumer consumer, int count) throws JMSException {
        List<TextMessage> out = new ArrayList<>();
        while (out.size() < count) {
            Message m = consumer.receive(10_000);
            if (m == null) {
                break;
            }
            out.add((TextMessage) m);
        }
        return out;
    }

    /** Job id to the sequence numbers received for it, in the order received. */
    private static Map<Long, List<Long>> sequences(List<TextMessage> messages) throws JMSException {
        Map<Long, List<Long>> out = new LinkedHashMap<>();
        for (TextMessage m : messages) {
            JsonObject event = CloudEventsFormat.parse(m.getText());
            assertEquals(event.getString("sequence"), m.getStringProperty("cloudEvents_sequence"));
            out.computeIfAbsent(Long.parseLong(event.getString("subject")), j -> new ArrayList<>())
                    .add(Long.parseLong(event.getString("sequence")));
        }
        return out;
    }

    private long pendingRows() {
        EntityManager em = db.createEntityManager();
        long n = TestOutbox.rows(em).stream().filter(r -> r.relayedAt() == null).count();
        em.close();
        return n;
    }

    @Test
    void eventsLeaveInOrderPerJobWithTheirPropertiesAndAreMarkedRelayed() throws Exception {
        append(11, 3, null);
        append(12, 2, null);
        append(11, 2, null);
        assertEquals(7, relay("a", publisher(), 3).relayPending());

        List<TextMessage> got = receive(events, 7);
        assertEquals(Map.of(11L, List.of(1L, 2L, 3L, 4L, 5L), 12L, List.of(1L, 2L)), sequences(got));
        TextMessage first = got.get(0);
        JsonObject event = CloudEventsFormat.parse(first.getText());
        assertEquals("com.ecsprovisioner.job.waiting.v1", first.getStringProperty("cloudEvents_type"));
        assertEquals(event.getString("subject"), first.getStringProperty("cloudEvents_subject"));
        assertEquals("req-" + event.getString("subject"), first.getStringProperty("cloudEvents_requestid"));
        assertEquals(event.getString("id"), first.getStringProperty("cloudEvents_id"));
        assertEquals(0, pendingRows());
        assertEquals(0, relay("a", publisher(), 3).relayPending(), "nothing is sent twice");
        assertNull(events.receive(500));
    }

    @Test
    void anAnswerGoesToTheReplyToWithItsCorrelationIdAndAVanishedOneHoldsNothingBack() throws Exception {
        append(21, 1, new Outbox.Reply(REPLIES, "corr-1"));
        append(22, 1, new Outbox.Reply("gone.temporary.queue", "corr-2"));
        append(21, 1, null);
        assertEquals(3, relay("a", publisher(), 10).relayPending());

        TextMessage reply = (TextMessage) replies.receive(10_000);
        assertEquals("corr-1", reply.getJMSCorrelationID());
        assertEquals("21", CloudEventsFormat.parse(reply.getText()).getString("subject"));
        assertEquals("corr-1".length(), reply.getJMSCorrelationID().length());
        assertNull(replies.receive(300), "the vanished reply-to got nothing, and nothing else came here");
        assertEquals(Map.of(21L, List.of(1L, 2L), 22L, List.of(1L)), sequences(receive(events, 3)));
        assertEquals(0, pendingRows());
    }

    @Test
    void aFailedSendLeavesTheRowsPendingAndTheNextPassSendsThemInOrderAgain() throws Exception {
        append(31, 4, null);
        OutboxRelay.Publisher real = publisher();
        AtomicInteger calls = new AtomicInteger();
        OutboxRelay.Publisher flaky = new OutboxRelay.Publisher() {
            @Override
            public void publish(List<RelayedEvent> batch) {
                int call = calls.incrementAndGet();
                if (call == 1) {
                    throw new jakarta.jms.JMSRuntimeException("broker unreachable (test)");
                }
                real.publish(batch);
                if (call == 3) {
                    throw new IllegalStateException("the node died after sending, before marking (test)");
                }
            }

            @Override
            public void reply(RelayedEvent event) {
                real.reply(event);
            }
        };
        OutboxRelay relay = relay("a", flaky, 2);
        assertThrows(RuntimeException.class, relay::relayPending);
        assertEquals(4, pendingRows());
        assertThrows(RuntimeException.class, relay::relayPending, "first batch sent and marked, the second sent only");
        assertEquals(2, pendingRows());
        assertEquals(2, relay.relayPending());
        assertEquals(0, pendingRows());

        List<Long> seen = sequences(receive(events, 6)).get(31L);
        assertEquals(List.of(1L, 2L, 3L, 4L, 3L, 4L), seen, "at least once, and a repeat is told by its sequence");
    }

    @Test
    void twoRelaysAtOnceSendEachEventOnceInOrder() throws Exception {
        int jobs = 4;
        int perJob = 25;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int round = 0; round < 5; round++) {
                    for (long job = 1; job <= jobs; job++) {
                        append(100 + job, perJob / 5, null);
                    }
                }
                writing.set(false);
            });
            List<Future<?>> relays = new ArrayList<>();
            for (String holder : List.of("node-a", "node-b")) {
                OutboxRelay relay = relay(holder, publisher(), 7);
                relays.add(pool.submit(() -> {
                    while (writing.get()) {
                        relay.relayPending();
                        Thread.sleep(20);
                    }
                    relay.relayPending();
                    return null;
                }));
            }
            writer.get(60, TimeUnit.SECONDS);
            for (Future<?> f : relays) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        relay("node-a", publisher(), 7).relayPending();
        Map<Long, List<Long>> seen = sequences(receive(events, jobs * perJob));
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= perJob; s++) {
            expected.add(s);
        }
        for (long job = 1; job <= jobs; job++) {
            assertEquals(expected, seen.get(100 + job), "job " + (100 + job));
        }
        assertNull(events.receive(500), "nothing twice");
    }

    @Test
    void relayedRowsPastTheRetentionAreDeletedPendingOnesNever() {
        append(41, 2, null);
        assertEquals(2, relay("a", publisher(), 10).relayPending());
        append(41, 1, null);
        EntityManager em = db.createEntityManager();
        OutboxRelayStore store = new OutboxRelayStore();
        store.em = em;
        em.getTransaction().begin();
        assertEquals(0, store.deleteRelayedBefore(Instant.now().minus(Duration.ofDays(7))), "relayed just now: kept");
        assertEquals(2, store.deleteRelayedBefore(Instant.now().plusSeconds(1)));
        em.getTransaction().commit();
        em.clear();
        List<OutboxEvent> left = TestOutbox.rows(em);
        assertEquals(1, left.size());
        assertEquals(3, left.get(0).sequenceNo());
        assertNull(left.get(0).relayedAt());
        em.close();
        assertTrue(EventRelay.retention("P7D").equals(Duration.ofDays(7)));
        assertEquals(EventRelay.DEFAULT_RETENTION, EventRelay.retention("a week"));
    }
}

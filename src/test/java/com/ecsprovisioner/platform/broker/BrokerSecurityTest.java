package com.ecsprovisioner.platform.broker;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import com.ecsprovisioner.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded broker as the product configures it ({@link TestBroker}), reached over TCP. */
class BrokerSecurityTest {

    private static final long LIMIT = 64 * 1024;

    @TempDir
    Path data;

    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(data, LIMIT);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private Connection connect(String user, String password) throws JMSException {
        return broker.connect(user, password);
    }

    private Connection internal() throws JMSException {
        return broker.internal();
    }

    @Test
    void theBrokerReadsTheInternalPasswordWhereTheLauncherWritesIt() {
        assertEquals(com.ecsprovisioner.launch.BrokerCredentials.PASSWORD_FILE, BrokerUsers.INTERNAL_PASSWORD_FILE);
        assertEquals(com.ecsprovisioner.launch.BrokerCredentials.INTERNAL_USER, BrokerUsers.INTERNAL_USER);
    }

    @Test
    void anAnonymousConnectionOrAWrongPasswordIsRefused() {
        assertThrows(JMSSecurityException.class, () -> connect(null, null).close());
        assertThrows(JMSSecurityException.class, () -> connect(BrokerUsers.INTERNAL_USER, "guess").close());
    }

    @Test
    void anObserverCannotTouchTheEnginesQueueNorTheDeadLetters() throws Exception {
        String password = BrokerUserTool.add(data, "dashboard", BrokerRoles.OBSERVER);
        try (Connection observer = connect("dashboard", password)) {
            Session session = observer.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue jobs = session.createQueue(BrokerRoles.JOBS);
            assertThrows(JMSSecurityException.class, () -> session.createProducer(jobs).send(session.createTextMessage("1")));
            assertThrows(JMSSecurityException.class, () -> session.createConsumer(jobs));
            assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue(BrokerRoles.DEAD_LETTERS)));
            assertThrows(JMSException.class, () -> session.createProducer(session.createQueue("anything.new"))
                    .send(session.createTextMessage("x")));
        }
        // The application itself may.
        try (Connection app = internal()) {
            Session session = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(BrokerRoles.JOBS)).send(session.createTextMessage("7"));
            TextMessage received = (TextMessage) session.createConsumer(session.createQueue(BrokerRoles.JOBS)).receive(5_000);
            assertEquals("7", received.getText());
        }
        // A removed user can no longer connect.
        BrokerUserTool.remove(data, "dashboard");
        assertThrows(JMSSecurityException.class, () -> connect("dashboard", password).close());
    }

    @Test
    void anOversizedMessageIsRefusedAndKeptWithItsHeadersSizeAndFirstKilobyte() throws Exception {
        byte[] body = new byte[(int) LIMIT * 16];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        try (Connection app = internal()) {
            Session session = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(BrokerRoles.JOBS));
            BytesMessage big = session.createBytesMessage();
            big.writeBytes(body);
            big.setStringProperty("origin", "billing");
            JMSException refused = assertThrows(JMSException.class, () -> producer.send(big));
            assertTrue(String.valueOf(refused.getMessage()).contains("over the limit"), refused.getMessage());
            // Nothing reached the queue.
            assertNull(session.createConsumer(session.createQueue(BrokerRoles.JOBS)).receive(500));
        }
        List<Path> kept = kept();
        assertEquals(1, kept.size());
        Properties record = new Properties();
        try (Reader reader = Files.newBufferedReader(kept.get(0))) {
            record.load(reader);
        }
        assertEquals(String.valueOf(body.length), record.getProperty("bodyBytes"));
        assertEquals("billing", record.getProperty("header.origin"));
        assertEquals(BrokerUsers.INTERNAL_USER, record.getProperty("user"));
        byte[] first = Base64.getDecoder().decode(record.getProperty("firstBytes.base64"));
        assertEquals(MessageGuard.KEPT_BYTES, first.length);
        assertEquals(body[1000], first[1000]);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept.get(0))));
    }

    @Test
    void aPoisonMessageEndsInARealDeadLetterQueue() throws Exception {
        try (Connection app = internal()) {
            Session plain = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            plain.createProducer(plain.createQueue(BrokerRoles.JOBS)).send(plain.createTextMessage("42"));
            Session tx = app.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(tx.createQueue(BrokerRoles.JOBS));
            for (int attempt = 1; attempt <= BrokerSetup.MAX_DELIVERY_ATTEMPTS; attempt++) {
                Message delivery = consumer.receive(40_000);
                assertNotNull(delivery, "delivery " + attempt);
                tx.rollback();
            }
            assertNull(consumer.receive(1_000), "no sixth delivery");
            Message dead = plain.createConsumer(plain.createQueue(BrokerRoles.DEAD_LETTERS)).receive(5_000);
            assertNotNull(dead, "the dead-letter address has a queue that holds it");
            assertEquals("42", ((TextMessage) dead).getText());
        }
    }

    @Test
    void fiveHundredGarbageMessagesWriteAtMostOneShortLineEach() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        PrintStream err = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true));
        int refused = 0;
        try (Connection app = internal()) {
            Session session = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(BrokerRoles.JOBS));
            for (int i = 0; i < 500; i++) {
                try {
                    producer.send(session.createTextMessage("{\"garbage\": " + i + ", \"pad\": \"" + "x".repeat(200) + "\"}"));
                } catch (JMSException expected) {
                    refused++;
                }
            }
        } finally {
            System.setErr(err);
            root.removeHandler(capture);
        }
        assertEquals(500, refused);
        assertEquals(500, kept().size(), "every refused message is kept");
        long errLines = stderr.toString().lines().count();
        assertTrue(records.size() + errLines <= 510, records.size() + " log records and " + errLines + " stderr lines");
        for (LogRecord record : records) {
            assertNull(record.getThrown(), "no stack trace: " + record.getMessage());
            assertTrue(record.getMessage().length() < 300, record.getMessage());
        }
        assertTrue(records.stream().filter(r -> r.getLoggerName().equals(MessageGuard.class.getName())).count() == 500);
    }

    private List<Path> kept() throws Exception {
        Path folder = data.resolve(MessageGuard.REJECTED_FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}

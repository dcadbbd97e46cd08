package com.ecsprovisioner.platform.broker;

import com.ecsprovisioner.testsupport.TestBroker;
import com.ecsprovisioner.testsupport.ExampleClients;
import com.ecsprovisioner.testsupport.ExampleClients.Language;
import com.ecsprovisioner.testsupport.ExampleClients.Run;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example clients of {@code src/examples/} (Jakarta JMS over Artemis's protocol, Python and Node over AMQP 1.0)
 * against the embedded broker as the product configures it, each in a process of its own; a stand-in for the
 * application (the internal user) answers each command with the events the product publishes. Proves the protocol
 * level: connect and authenticate, send to ecs.commands, follow ecs.events with a selector, and the refusals. The run
 * against the real product is {@code AutomationClientsIT}. STOMP is tried with raw frames.
 */
class ExampleClientsTest {

    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path data;

    private TestBroker broker;
    private Connection app;
    private String senderPassword;
    private String observerPassword;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(data, 64 * 1024);
        senderPassword = BrokerUserTool.add(data, "billing", BrokerRoles.SENDER);
        observerPassword = BrokerUserTool.add(data, "dashboard", BrokerRoles.OBSERVER);
        app = broker.internal();
        Session session = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer events = session.createProducer(session.createTopic(BrokerRoles.EVENTS));
        MessageProducer replies = session.createProducer(null);
        session.createConsumer(session.createQueue(BrokerRoles.COMMANDS)).setMessageListener(command -> {
            try {
                answer(session, events, replies, command);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        broker.close();
    }

    /** What the product does with a deploy command, in the formats the README's Automation interface section documents. */
    private void answer(Session session, MessageProducer events, MessageProducer replies, Message command) throws JMSException {
        String body = command instanceof BytesMessage bytes ? new String(bytes.getBody(byte[].class), StandardCharsets.UTF_8)
                : ((TextMessage) command).getText();
        commands.add(command.getStringProperty("_AMQ_VALIDATED_USER") + " " + body);
        Matcher requestId = REQUEST_ID.matcher(body);
        String id = requestId.find() ? requestId.group(1) : "unknown";
        int sequence = 0;
        for (String type : new String[]{"command.accepted", "job.step.started", "job.succeeded"}) {
            TextMessage event = session.createTextMessage("{\"specversion\":\"1.0\",\"id\":\"" + id + "-" + sequence
                    + "\",\"source\":\"/ecs-provisioner\",\"type\":\"com.ecsprovisioner." + type + ".v1\",\"subject\":\"17\","
                    + "\"requestid\":\"" + id + "\",\"sequence\":\"" + sequence + "\",\"datacontenttype\":\"application/json\","
                    + "\"data\":{\"jobId\":17}}");
            event.setStringProperty("cloudEvents_type", "com.ecsprovisioner." + type + ".v1");
            event.setStringProperty("cloudEvents_subject", "17");
            event.setStringProperty("cloudEvents_requestid", id);
            event.setStringProperty("cloudEvents_sequence", String.valueOf(sequence++));
            events.send(event);
            if (sequence == 1 && command.getJMSReplyTo() != null) {
                event.setJMSCorrelationID(command.getJMSCorrelationID());
                replies.send(command.getJMSReplyTo(), event);
            }
        }
        // Another request's event, which the example's selector must leave out.
        TextMessage other = session.createTextMessage("{\"type\":\"com.ecsprovisioner.job.failed.v1\",\"data\":{}}");
        other.setStringProperty("cloudEvents_type", "com.ecsprovisioner.job.failed.v1");
        other.setStringProperty("cloudEvents_requestid", "someone-else");
        events.send(other);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theExampleSendsADeployAsItsAuthenticatedUserAndFollowsItsEventsToTheEnd(Language language) throws Exception {
        String requestId = "example-" + language.name().toLowerCase();
        Run run = ExampleClients.deploy(language, broker.port, "billing", senderPassword, "sandbox", "web-1", requestId, 60);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("com.ecsprovisioner.command.accepted.v1"), run.toString());
        assertTrue(run.out().contains("com.ecsprovisioner.job.step.started.v1"), run.toString());
        assertTrue(run.out().contains("com.ecsprovisioner.job.succeeded.v1"), run.toString());
        assertTrue(!run.out().contains("job.failed"), "another request's event was printed: " + run);
        assertEquals(1, commands.size(), commands.toString());
        String received = commands.get(0);
        assertTrue(received.startsWith("billing {"), "validated user and JSON body: " + received);
        assertTrue(received.contains("\"type\":\"deploy\"") && received.contains("\"requestId\":\"" + requestId + "\"")
                && received.contains("\"profile\":\"sandbox\"") && received.contains("\"serverName\":\"web-1\""), received);
        if (language == Language.JAVA) {
            assertTrue(run.out().contains("reply on the temporary queue: com.ecsprovisioner.command.accepted.v1"), run.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void aWrongPasswordIsRefused(Language language) throws Exception {
        Run run = ExampleClients.deploy(language, broker.port, "billing", "not-the-password", "sandbox", "web-1", "wrong-pw", 30);
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(commands.isEmpty(), commands.toString());
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void anObserverCannotSendCommands(Language language) throws Exception {
        Run run = ExampleClients.deploy(language, broker.port, "dashboard", observerPassword, "sandbox", "web-1", "observer", 30);
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(commands.isEmpty(), commands.toString());
    }

    @Test
    void stompConnectsWithCredentialsOnlyAndSendsCommandsAsItsUser() throws Exception {
        assertTrue(stomp("CONNECT\naccept-version:1.2\nhost:localhost\n\n").startsWith("ERROR"), "anonymous STOMP refused");
        assertTrue(stomp("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:billing\npasscode:wrong\n\n").startsWith("ERROR"));
        try (Socket socket = new Socket("127.0.0.1", broker.port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            frame(out, "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:billing\npasscode:" + senderPassword + "\n\n");
            assertTrue(read(in).startsWith("CONNECTED"));
            String body = "{\"type\":\"deploy\",\"requestId\":\"stomp-1\",\"profile\":\"sandbox\",\"serverName\":\"web-2\"}";
            frame(out, "SEND\ndestination:ecs.commands\ndestination-type:ANYCAST\ncontent-type:application/json\nreceipt:1\n\n" + body);
            assertTrue(read(in).startsWith("RECEIPT"));
            frame(out, "SEND\ndestination:ecs.jobs\ndestination-type:ANYCAST\nreceipt:2\n\n1");
            assertTrue(read(in).startsWith("ERROR"), "the engine's queue refuses a STOMP sender");
        }
        long deadline = System.currentTimeMillis() + 5_000;
        while (commands.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of("billing {\"type\":\"deploy\",\"requestId\":\"stomp-1\",\"profile\":\"sandbox\",\"serverName\":\"web-2\"}"), commands);
    }

    private String stomp(String connect) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.port)) {
            frame(socket.getOutputStream(), connect);
            return read(socket.getInputStream());
        }
    }

    private static void frame(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.flush();
    }

    private static String read(InputStream in) throws IOException {
        StringBuilder frame = new StringBuilder();
        int b;
        while ((b = in.read()) > 0) {
            frame.append((char) b);
        }
        return frame.toString().stripLeading();
    }
}

package com.ecsprovisioner.it;

import com.ecsprovisioner.it.support.AppProcess;
import com.ecsprovisioner.it.support.ConsoleClient;
import com.ecsprovisioner.platform.broker.BrokerRoles;
import com.ecsprovisioner.platform.broker.BrokerUsers;
import com.ecsprovisioner.testsupport.ExampleClients;
import com.ecsprovisioner.testsupport.ExampleClients.Language;
import com.ecsprovisioner.testsupport.ExampleClients.Run;
import com.ecsprovisioner.testsupport.FreePort;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.ecsprovisioner.it.support.Folders.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The automation interface's doors, tried from outside the product's JVM against the product started as the Quick
 * start starts it (one start for the class): the first broker user the start logs, every protocol with and without
 * credentials, the example clients, and the Dead letters page.
 */
class AutomationClientsIT {

    private static final String ADMIN_PASSWORD = "automation-clients-it-admin";
    private static final Pattern FIRST_USER = Pattern.compile("created broker user 'automation' \\(role sender\\) with password (\\S+) ");

    static AppProcess app;
    static Path data;
    static int brokerPort;
    static String automationPassword;

    @BeforeAll
    static void start() throws Exception {
        data = Path.of(System.getProperty("build.directory", "target")).resolve("automation-clients-it").toAbsolutePath();
        deleteRecursively(data);
        brokerPort = FreePort.next();
        app = AppProcess.start(data, FreePort.next(), brokerPort, Map.of("ecs.admin.password", ADMIN_PASSWORD));
        app.awaitReady(Duration.ofMinutes(4));
        Matcher logged = FIRST_USER.matcher(app.logText());
        assertTrue(logged.find(), "the first start logs the first broker user's password:\n" + app.tail());
        automationPassword = logged.group(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private static Connection connect(String user, String password) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort + "?reconnectAttempts=0");
        Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
        connection.start();
        return connection;
    }

    private static Connection internal() throws Exception {
        return connect(BrokerUsers.INTERNAL_USER, Files.readString(data.resolve(BrokerUsers.INTERNAL_PASSWORD_FILE)).trim());
    }

    @Test
    void theFirstBrokerUserSendsCommandsOverEveryProtocolAndNobodyGetsInWithoutCredentials() throws Exception {
        assertFalse(app.logText().contains(automationPassword + "\n" + automationPassword), "logged once");
        assertThrows(JMSSecurityException.class, () -> connect(null, null).close());
        assertThrows(JMSSecurityException.class, () -> connect("automation", "guess").close());
        try (Connection sender = connect("automation", automationPassword)) {
            Session session = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(BrokerRoles.COMMANDS))
                    .send(session.createTextMessage("{\"type\":\"start\",\"requestId\":\"it-probe-1\",\"serverId\":999999}"));
            assertThrows(JMSSecurityException.class, () -> session.createProducer(session.createQueue(BrokerRoles.JOBS))
                    .send(session.createTextMessage("1")));
            assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue(BrokerRoles.DEAD_LETTERS)));
            session.createConsumer(session.createTopic(BrokerRoles.EVENTS)).close();
        }
        // STOMP and AMQP 1.0 answer on the same port (the protocol modules are in the product), with credentials only.
        assertTrue(stompConnect(null, null).startsWith("ERROR"), "anonymous STOMP refused");
        assertTrue(stompConnect("automation", automationPassword).startsWith("CONNECTED"), "STOMP with the first user");
        for (Language language : new Language[]{Language.PYTHON, Language.NODE}) {
            Run refused = ExampleClients.deploy(language, brokerPort, "automation", "guess", "Sandbox", "never", "it-refused", 30);
            assertEquals(2, refused.exitCode(), language + " with a wrong password: " + refused);
        }
    }

    @Test
    void theDeadLettersPageListsEscapedReplaysAndDiscards() throws Exception {
        // Two messages in the DLQ as the broker leaves them there after the last failed delivery (that they get
        // there is DeadLetterQueueTest's and BrokerSecurityTest's): original address and queue stamped.
        try (Connection app = internal()) {
            Session session = app.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer dlq = session.createProducer(session.createQueue(BrokerRoles.DEAD_LETTERS));
            dlq.send(deadLetter(session, "{\"type\":\"start\",\"requestId\":\"it-dead-1\",\"serverId\":999998}"));
            dlq.send(deadLetter(session, "<script>alert('dead')</script>\u202Egnp.exe"));
        }
        ConsoleClient admin = new ConsoleClient(AutomationClientsIT.app.base());
        assertEquals(302, admin.login("admin", ADMIN_PASSWORD).statusCode());
        String page = admin.get("dead-letters.xhtml").body();
        assertTrue(page.contains("2 in the dead-letter queue"), page);
        assertTrue(page.contains("failed all 10 deliveries on ecs.commands"), page);
        assertTrue(page.contains("&lt;script&gt;alert"), "the body is escaped");
        assertFalse(page.contains("<script>alert"), "no raw markup from a message");
        assertFalse(page.contains("\u202E"), "a bidirectional override is neutralised");

        Connection follower = connect("automation", automationPassword);
        Session events = follower.createSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.MessageConsumer answers = events.createConsumer(events.createTopic(BrokerRoles.EVENTS),
                "cloudEvents_requestid = 'it-dead-1'");
        HttpResponse<String> replayed = admin.ajax("dead-letters.xhtml", "dead-letters", "letters:0:replay", Map.of());
        assertTrue(replayed.body().contains("sent back to its address"), replayed.body());
        HttpResponse<String> discarded = admin.ajax("dead-letters.xhtml", "dead-letters", "letters:0:discard", Map.of());
        assertTrue(discarded.body().contains("discarded"), discarded.body());
        assertTrue(admin.get("dead-letters.xhtml").body().contains("No dead letters"));
        // Replayed to ecs.commands, the product's consumer takes it again: here it names no server, so it is rejected.
        Message answer = answers.receive(30_000);
        follower.close();
        assertNotNull(answer, "the replayed command was processed again");
        assertEquals("com.ecsprovisioner.command.rejected.v1", answer.getStringProperty("cloudEvents_type"));
    }

    private static TextMessage deadLetter(Session session, String body) throws JMSException {
        TextMessage message = session.createTextMessage(body);
        message.setStringProperty("_AMQ_ORIG_ADDRESS", BrokerRoles.COMMANDS);
        message.setStringProperty("_AMQ_ORIG_QUEUE", BrokerRoles.COMMANDS);
        return message;
    }

    private static String stompConnect(String login, String passcode) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", brokerPort)) {
            OutputStream out = socket.getOutputStream();
            String frame = "CONNECT\naccept-version:1.2\nhost:localhost\n"
                    + (login == null ? "" : "login:" + login + "\npasscode:" + passcode + "\n") + "\n";
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            int b;
            while ((b = in.read()) > 0) {
                answer.append((char) b);
            }
            return answer.toString().stripLeading();
        }
    }

}

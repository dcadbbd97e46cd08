import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deploys a server through ECS Provisioner's automation interface with a plain Jakarta JMS client and prints its
 * events. Only the connection factory is Artemis's (JMS has no portable way to make one); everything else is the
 * jakarta.jms API.
 *
 * Subscribes to ecs.events (only this request's events, by the cloudEvents_requestid selector), sends one deploy
 * command to ecs.commands with a temporary queue as JMSReplyTo (the acceptance or rejection arrives there too,
 * correlated), and prints each event until the job succeeds (exit 0), fails or the command is rejected (exit 1).
 * Connection problems and refusals exit 2; no end within the time-out exits 3. The broker user and password come
 * from the environment (ECS_BROKER_USER, ECS_BROKER_PASSWORD), never from the command line.
 *
 * <pre>
 * java -cp CLASSPATH DeployAndFollow.java [--url tcp://127.0.0.1:61616] --profile sandbox --server-name web-1
 * </pre>
 */
public class DeployAndFollow {

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String url = "tcp://127.0.0.1:61616";
        String profile = null;
        String serverName = null;
        String requestId = "java-" + UUID.randomUUID();
        long timeoutMs = 600_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--profile" -> profile = args[i + 1];
                case "--server-name" -> serverName = args[i + 1];
                case "--request-id" -> requestId = args[i + 1];
                case "--timeout" -> timeoutMs = (long) (Double.parseDouble(args[i + 1]) * 1000);
                default -> exit(2, "unknown option " + args[i]);
            }
        }
        String user = System.getenv("ECS_BROKER_USER");
        String password = System.getenv("ECS_BROKER_PASSWORD");
        if (profile == null || serverName == null || user == null || password == null) {
            exit(2, "usage: set ECS_BROKER_USER and ECS_BROKER_PASSWORD; --profile NAME|ID --server-name NAME"
                    + " [--request-id ID] [--url tcp://host:61616] [--timeout S]");
        }
        String command = "{\"type\":\"deploy\",\"requestId\":" + json(requestId) + ",\"profile\":" + json(profile)
                + ",\"serverName\":" + json(serverName) + "}";
        ConnectionFactory factory = new ActiveMQConnectionFactory(url + (url.contains("?") ? "&" : "?") + "reconnectAttempts=0");
        try (Connection connection = factory.createConnection(user, password)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // The subscription exists before the command is sent, so that no event of it can be missed.
            MessageConsumer events = session.createConsumer(session.createTopic("ecs.events"),
                    "cloudEvents_requestid = '" + requestId.replace("'", "''") + "'");
            // The answer is taken by a listener, in a session of its own: once a session has a listener, it belongs to
            // the thread that calls it, and this thread's receive() and send() must not use it (JMS 2.0, 4.4.6).
            Session answers = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = answers.createTemporaryQueue();
            MessageConsumer reply = answers.createConsumer(replies);
            reply.setMessageListener(answer -> System.out.println("reply on the temporary queue: " + type(answer)));
            connection.start();

            TextMessage message = session.createTextMessage(command);
            message.setJMSReplyTo(replies);
            message.setJMSCorrelationID(requestId);
            session.createProducer(session.createQueue("ecs.commands")).send(message);
            System.out.println("sent deploy " + requestId);

            long deadline = System.currentTimeMillis() + timeoutMs;
            while (System.currentTimeMillis() < deadline) {
                Message event = events.receive(Math.max(1, deadline - System.currentTimeMillis()));
                if (event == null) {
                    break;
                }
                String type = event.getStringProperty("cloudEvents_type");
                System.out.println(type + " subject=" + event.getStringProperty("cloudEvents_subject") + " " + event.getBody(String.class));
                switch (String.valueOf(type)) {
                    case "com.ecsprovisioner.job.succeeded.v1" -> exit(0, null);
                    case "com.ecsprovisioner.job.failed.v1", "com.ecsprovisioner.command.rejected.v1" -> exit(1, null);
                    default -> { }
                }
            }
            exit(3, "no end of the job within " + timeoutMs / 1000 + " s");
        } catch (JMSSecurityException refused) {
            exit(2, "refused: " + refused.getMessage());
        } catch (JMSException failed) {
            exit(2, "connection failed: " + failed.getMessage());
        }
    }

    private static String type(Message message) {
        try {
            Matcher type = TYPE.matcher(message.getBody(String.class));
            return type.find() ? type.group(1) : "(no type)";
        } catch (JMSException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static void exit(int code, String reason) {
        if (reason != null) {
            System.err.println(reason);
        }
        System.out.flush();
        System.exit(code);
    }
}

package com.ecsprovisioner.testsupport;

import com.ecsprovisioner.platform.broker.BrokerSetup;
import com.ecsprovisioner.platform.broker.BrokerUsers;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.net.ServerSocket;
import java.nio.file.Path;

/** The embedded broker exactly as the product configures it ({@link BrokerSetup}, {@link BrokerUsers}), on a free port. */
public final class TestBroker implements AutoCloseable {

    public static final String INTERNAL_PASSWORD = "internal-secret-for-this-test";

    private final EmbeddedActiveMQ broker;
    public final int port;
    public final Path data;

    private TestBroker(EmbeddedActiveMQ broker, int port, Path data) {
        this.broker = broker;
        this.port = port;
        this.data = data;
    }

    public static TestBroker start(Path data, long maxBodyBytes) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ()
                .setConfiguration(BrokerSetup.configuration("127.0.0.1", port, data, maxBodyBytes))
                .setSecurityManager(new BrokerUsers(INTERNAL_PASSWORD, data));
        broker.start();
        return new TestBroker(broker, port, data);
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public ActiveMQServer server() {
        return broker.getActiveMQServer();
    }

    public Connection connect(String user, String password) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url());
        factory.setReconnectAttempts(0);
        Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
        connection.start();
        return connection;
    }

    public Connection internal() throws JMSException {
        return connect(BrokerUsers.INTERNAL_USER, INTERNAL_PASSWORD);
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }
}

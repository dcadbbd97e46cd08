package com.ecsprovisioner.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import com.ecsprovisioner.messaging.JmsResources;
import com.ecsprovisioner.platform.broker.BrokerSetup;
import com.ecsprovisioner.platform.broker.BrokerUsers;
import com.ecsprovisioner.platform.broker.FirstBrokerUser;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The broker that ships with the product, so that one command runs everything. It listens on the configured
 * {@code ecs.broker.url} (loopback by default) so that the resource adapter, and any other system that submits
 * jobs, reaches it exactly as it would reach an external Artemis; its journal lives in the data folder so that
 * messages not yet consumed survive a restart. Not started with an external broker, nor in production unless {@code ecs.broker.embedded=true} ({@link ProductionMode}). Every
 * connection logs in ({@link BrokerUsers}); what each role may do is {@code BrokerRoles}. It starts beside the rest
 * of the start-up ({@link StartupWork}) but only once the schema is current: a job message kept in the journal is
 * consumed as soon as the broker runs, and must meet the tables it expects.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());
    private static final String FIRST_USER = "the first broker user";

    /** Decides whether this node runs a broker at all (ProductionMode: never by accident in production). */
    @Inject
    DeploymentCheck deploymentCheck;

    private boolean embedded;

    @Inject
    @ConfigProperty(name = "ecs.broker.url", defaultValue = "tcp://127.0.0.1:61616")
    String url;

    /** A body larger than this is refused by the broker and kept aside, never parsed (README, Broker users). */
    @Inject
    @ConfigProperty(name = "ecs.broker.max-message-bytes", defaultValue = "1048576")
    long maxMessageBytes;

    /** The first broker user's password (user {@code automation}, role sender); random and logged once if not set. */
    @Inject
    @ConfigProperty(name = "ecs.broker.first-user-password")
    Optional<String> firstUserPassword;

    @Inject
    DataFolder dataFolder;

    @Inject
    StartupWork startup;

    /** Set by the start-up work's thread, read by the container's. */
    private volatile EmbeddedActiveMQ server;

    @PostConstruct
    void start() {
        embedded = deploymentCheck.mode().startEmbeddedBroker();
        if (!embedded) {
            LOG.info(() -> "Using the external broker at " + url);
            return;
        }
        Path data = dataFolder.root();
        // The first user's password hash needs neither the schema nor the broker; the broker reads the users file it
        // writes, so it starts after it.
        startup.begin(FIRST_USER, () -> firstUser(data));
        startup.after(List.of(SchemaMigration.WORK, FIRST_USER), "the embedded broker", () -> run(data));
    }

    private void run(Path data) {
        Configuration config;
        try {
            URI uri = URI.create(url);
            config = BrokerSetup.configuration(uri.getHost(), uri.getPort(), data, maxMessageBytes);
        } catch (Exception e) {
            throw new IllegalStateException("The broker address " + url + " is not valid: " + e.getMessage(), e);
        }
        // DeploymentCheck has set the connection pool's sign-on already (signOn); the broker needs only the password.
        EmbeddedActiveMQ starting = new EmbeddedActiveMQ().setConfiguration(config)
                .setSecurityManager(new BrokerUsers(internalPassword(data), data));
        try {
            starting.start();
        } catch (Exception e) {
            stopQuietly(starting);
            throw new IllegalStateException("The embedded broker could not start on " + url
                    + " (is another broker using that port? set ecs.broker.url to another port, or ecs.broker.embedded=false"
                    + " to use it): " + e.getMessage(), e);
        }
        server = starting;
        LOG.info(() -> "Embedded broker listening on " + url + " (authentication required), journal in " + data.resolve("broker"));
    }

    private void firstUser(Path data) {
        try {
            FirstBrokerUser.ensure(data, firstUserPassword).ifPresent(password -> LOG.warning("FIRST START: created broker user '"
                    + FirstBrokerUser.NAME + "' (role sender) with password " + password + " (shown this once; make more"
                    + " with BrokerUserTool, README \"Connecting and permissions\", or set ecs.broker.first-user-password"
                    + " before the first start)"));
        } catch (IOException e) {
            throw new IllegalStateException("The broker users file in " + data.resolve("broker") + " cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * Sets the connection pool's sign-on (JmsResources) to this broker's internal user and returns its password. The
     * launcher sets the same before Payara boots; on a server without the launcher, DeploymentCheck calls this before
     * anything looks the connection factory up.
     */
    static String signOn(Path data) {
        String password = internalPassword(data);
        System.setProperty(JmsResources.USER_PROPERTY, BrokerUsers.INTERNAL_USER);
        System.setProperty(JmsResources.PASSWORD_PROPERTY, password);
        return password;
    }

    private static String internalPassword(Path data) {
        Path file = data.resolve(BrokerUsers.INTERNAL_PASSWORD_FILE);
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new IllegalStateException("The broker's internal password " + file + " is missing: start the product"
                    + " with its launcher, which makes it (README, Quick start)", e);
        }
    }

    /** The running embedded broker, for management (the dead letters); empty with an external broker. */
    public Optional<ActiveMQServer> server() {
        return server == null ? Optional.empty() : Optional.of(server.getActiveMQServer());
    }

    public boolean isEmbedded() {
        return embedded;
    }

    /** True when the embedded broker runs; an external broker's health is checked by connecting to it. */
    public boolean isActive() {
        return server != null && server.getActiveMQServer().isActive();
    }

    @PreDestroy
    void stop() {
        // A failed deployment may end while the start is still under way: stop what it started, not half of it.
        startup.settle();
        EmbeddedActiveMQ started = server;
        if (started != null) {
            stopQuietly(started);
        }
    }

    private static void stopQuietly(EmbeddedActiveMQ broker) {
        try {
            broker.stop();
        } catch (Exception e) {
            LOG.warning(() -> "The embedded broker did not stop cleanly: " + e.getMessage());
        }
    }
}

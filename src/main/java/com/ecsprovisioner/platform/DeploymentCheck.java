package com.ecsprovisioner.platform;

import com.ecsprovisioner.messaging.JmsResources;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Runs before anything else starts (the migration, the embedded broker and the sandbox depend on it): on an
 * application server the WAR relies on what the operator created (the data source {@code jdbc/ecs}, the resource
 * adapter {@code artemis-ra}) and on settings; when something is missing the deployment fails here with one message
 * naming all of it, instead of a stack trace from whichever bean met the gap first, or a console that deploys and
 * cannot work. It also makes the production decision ({@link ProductionMode}) once, from the database the data
 * source really reaches rather than from a setting that may not be there.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class DeploymentCheck {

    private static final Logger LOG = Logger.getLogger(DeploymentCheck.class.getName());
    static final String DATA_SOURCE = "jdbc/ecs";

    @Inject
    Config config;

    @Inject
    DataFolder dataFolder;

    private ProductionMode mode;

    @PostConstruct
    void check() {
        List<String> problems = new ArrayList<>();
        String databaseUrl = databaseUrl(problems);
        mode = new ProductionMode(databaseUrl == null ? "unknown" : databaseUrl,
                config.getOptionalValue("ecs.broker.url", String.class),
                config.getOptionalValue("ecs.broker.embedded", Boolean.class),
                config.getOptionalValue("ecs.master-key", String.class).filter(key -> !key.isBlank()).isPresent());
        if (mode.startEmbeddedBroker()) {
            // The pool reads its sign-on when the factory is first looked up (just below): the embedded broker's
            // internal user must be in place before, or the pool keeps the unresolved placeholders for good.
            try {
                EmbeddedBroker.signOn(dataFolder.root());
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        try {
            new InitialContext().lookup(JmsResources.CONNECTION_FACTORY);
        } catch (NamingException | RuntimeException e) {
            problems.add("the JMS connection factory cannot be created: deploy the resource adapter under the name '"
                    + JmsResources.RESOURCE_ADAPTER + "' before this application (" + e.getMessage() + ")");
        }
        if (databaseUrl != null) {
            problems.addAll(mode.problems());
        }
        if (!problems.isEmpty()) {
            String message = "ECS Provisioner cannot start: " + String.join("; ", problems)
                    + " (README, Deploying on an application server).";
            LOG.severe(message);
            throw new IllegalStateException(message);
        }
        LOG.info(() -> mode.production() ? "Production configuration: database " + safe(databaseUrl) + ", "
                + (mode.startEmbeddedBroker() ? "embedded broker" : "external broker") : "Single-node configuration with embedded defaults");
    }

    private static String databaseUrl(List<String> problems) {
        DataSource dataSource;
        try {
            dataSource = (DataSource) new InitialContext().lookup(DATA_SOURCE);
        } catch (NamingException | RuntimeException e) {
            problems.add("the data source '" + DATA_SOURCE + "' does not exist: create a JDBC connection pool and the"
                    + " JDBC resource '" + DATA_SOURCE + "' on it");
            return null;
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL();
        } catch (SQLException e) {
            problems.add("the database behind '" + DATA_SOURCE + "' does not answer: " + e.getMessage());
            return null;
        }
    }

    /** A JDBC URL may carry a password as a parameter: never into the log. */
    private static String safe(String url) {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters);
    }

    public ProductionMode mode() {
        return mode;
    }
}

package com.ecsprovisioner.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Payara Micro commands run before boot, after boot but before the WAR is deployed, and after the WAR is deployed:
 * the resource adapter must exist before the application that uses it (stack notes, gotcha 2), the database pool's
 * URL comes from configuration, and the HTTP port stays closed until the application is there.
 */
public final class PostBootCommands {

    public static final String RA_NAME = "artemis-ra";
    public static final String JDBC_RESOURCE = "jdbc/ecs";
    private static final String JDBC_POOL = "ecs-pool";
    private static final String HTTP_LISTENER_ENABLED =
            "configs.config.server-config.network-config.network-listeners.network-listener.http-listener.enabled";

    private PostBootCommands() {
    }

    /**
     * Commands applied to the configuration before the server starts. The session cookie is HttpOnly (web.xml)
     * and SameSite=Strict, so that a page on another site cannot make the browser send it with a forged request;
     * Payara sets SameSite per HTTP listener, and changing a listener after boot restarts it and can leave it dead,
     * hence before boot. The listener binds to the configured interface only (loopback by default). Its server name
     * is fixed, so that the URLs Payara builds for redirects never echo a Host header a client made up. Payara's
     * single sign-on is off: the console's session is the only thing that logs anyone in, and it ends at log-out.
     */
    public static List<String> preBoot(ListenSettings listen) {
        List<String> commands = new ArrayList<>(List.of(
                "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.cookie-same-site-enabled=true",
                "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.cookie-same-site-value=Strict"));
        listen.publicHost().ifPresent(host -> commands.add(
                "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.server-name=" + host));
        commands.addAll(List.of(
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=" + listen.httpAddress(),
                "set configs.config.server-config.http-service.sso-enabled=false",
                "set configs.config.server-config.availability-service.web-container-availability.sso-failover-enabled=false",
                "set configs.config.server-config.availability-service.web-container-availability.availability-enabled=false",
                "set configs.config.server-config.http-service.virtual-server.server.sso-enabled=false",
                "set " + HTTP_LISTENER_ENABLED + "=false"));
        return commands;
    }

    /**
     * Commands run once the WAR is deployed: only now does the HTTP port open. Payara's {@code /health/ready}
     * answers UP as soon as any application has started, and the resource adapter is one, deployed several seconds
     * before the WAR; a load balancer or a script waiting for readiness would be told "ready" while the console
     * still answers 404. With the port closed until here, every answer from it is the product's own.
     */
    public static List<String> postDeploy() {
        return List.of("set " + HTTP_LISTENER_ENABLED + "=true");
    }

    public static List<String> forSettings(LaunchSettings settings, Path rar) {
        List<String> lines = new ArrayList<>();
        StringBuilder ra = new StringBuilder()
                .append("ConnectorClassName=org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory")
                .append(":ConnectionParameters=")
                .append(escape("host=" + settings.brokerUrl().getHost() + ";port=" + settings.brokerUrl().getPort()));
        brokerLogin(settings).ifPresent(login -> ra.append(":UserName=").append(escape(login[0]))
                .append(":Password=").append(escape(login[1])));
        if (!settings.embeddedBroker()) {
            // An external broker restarts on its own schedule: the pool's connections reconnect (a send waits
            // through 5 attempts, 2 s apart, before it fails) and the message-driven beans try again for ever, as
            // server-config/payara-setup.sh sets them. The embedded broker stops only with this JVM.
            ra.append(":ReconnectAttempts=5:SetupAttempts=-1");
        }
        lines.add("create-resource-adapter-config --property " + ra + " " + RA_NAME);
        lines.add("deploy --type rar --name " + RA_NAME + " " + rar.toAbsolutePath());

        String dataSourceClass = settings.isH2() ? "org.h2.jdbcx.JdbcDataSource" : "org.postgresql.ds.PGSimpleDataSource";
        StringBuilder pool = new StringBuilder("url=").append(escape(settings.jdbcUrl()));
        if (!settings.jdbcUser().isEmpty()) {
            pool.append(":user=").append(escape(settings.jdbcUser()));
        }
        if (!settings.jdbcUser().isEmpty()) {
            // The pool refuses a user without a password; "()" is asadmin's way of writing an empty one.
            pool.append(":password=").append(settings.jdbcPassword().isEmpty() ? "()" : escape(settings.jdbcPassword()));
        }
        lines.add("create-jdbc-connection-pool --datasourceclassname " + dataSourceClass
                + " --restype javax.sql.DataSource --isconnectvalidatereq true --validationmethod auto-commit"
                + " --steadypoolsize 2 --maxpoolsize 32 --property " + pool + " " + JDBC_POOL);
        lines.add("create-jdbc-resource --connectionpoolid " + JDBC_POOL + " " + JDBC_RESOURCE);
        return lines;
    }

    /**
     * User and password the application connects to the broker with: the configured ones, else, for the embedded
     * broker (which admits no anonymous connection), its internal user.
     */
    static java.util.Optional<String[]> brokerLogin(LaunchSettings settings) {
        if (!settings.brokerUser().isEmpty()) {
            return java.util.Optional.of(new String[]{settings.brokerUser(), settings.brokerPassword()});
        }
        if (settings.embeddedBroker()) {
            return java.util.Optional.of(new String[]{BrokerCredentials.INTERNAL_USER, internalPassword(settings)});
        }
        return java.util.Optional.empty();
    }

    private static String internalPassword(LaunchSettings settings) {
        try {
            return BrokerCredentials.internalPassword(settings.dataDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("The broker's internal password cannot be kept in "
                    + settings.dataDir().resolve(BrokerCredentials.PASSWORD_FILE), e);
        }
    }

    /** asadmin's property syntax separates pairs with ':' and names from values with '='; both are escaped. */
    static String escape(String value) {
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Values passed to Payara may not contain spaces: '" + value + "'");
        }
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }
}

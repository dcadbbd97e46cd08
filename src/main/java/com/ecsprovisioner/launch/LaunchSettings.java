package com.ecsprovisioner.launch;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The settings the launcher needs before Payara boots, read with the same precedence and names as MicroProfile
 * Config (system property {@code ecs.db.url}, else environment variable {@code ECS_DB_URL}, else the default), so
 * that one README table documents both the launcher and the application.
 */
public record LaunchSettings(Path dataDir, int httpPort, String jdbcUrl, String jdbcUser, String jdbcPassword,
                             URI brokerUrl, boolean embeddedBroker, String brokerUser, String brokerPassword) {

    public static final String DATA_DIR = "ecs.data.dir";
    public static final String HTTP_PORT = "ecs.http.port";
    public static final String DB_URL = "ecs.db.url";
    public static final String DB_USER = "ecs.db.user";
    public static final String DB_PASSWORD = "ecs.db.password";
    public static final String BROKER_URL = "ecs.broker.url";
    public static final String BROKER_EMBEDDED = "ecs.broker.embedded";
    public static final String BROKER_USER = "ecs.broker.user";
    public static final String BROKER_PASSWORD = "ecs.broker.password";
    public static final String MASTER_KEY = "ecs.master-key";

    static final String DEFAULT_BROKER_URL = "tcp://127.0.0.1:61616";

    public static LaunchSettings resolve(Properties systemProperties, Map<String, String> environment) {
        Source source = new Source(systemProperties, environment);
        Path dataDir = Path.of(source.get(DATA_DIR, "data")).toAbsolutePath().normalize();
        int port = parsePort(source.get(HTTP_PORT, "8080"), HTTP_PORT);
        String jdbcUrl = durable(source.get(DB_URL, defaultJdbcUrl(dataDir)));
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(DB_URL + " must be an H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...) URL, not "
                    + jdbcUrl.replaceAll("password=[^;&]*", "password=***"));
        }
        String brokerText = source.get(BROKER_URL, DEFAULT_BROKER_URL);
        URI broker = URI.create(brokerText);
        if (!"tcp".equals(broker.getScheme()) || broker.getHost() == null || broker.getPort() <= 0) {
            throw new IllegalArgumentException(BROKER_URL + " must look like tcp://host:port, not " + brokerText);
        }
        // Embedded unless somebody pointed us at a broker of their own.
        boolean embedded = Boolean.parseBoolean(source.get(BROKER_EMBEDDED,
                String.valueOf(brokerText.equals(DEFAULT_BROKER_URL) || isLoopback(broker.getHost()))));
        // In production the data folder (or its backup) must not be enough to open the stored secrets: the key
        // that seals them comes from configuration, which the operator keeps elsewhere.
        if ((!jdbcUrl.startsWith("jdbc:h2:") || !embedded) && source.get(MASTER_KEY, "").isEmpty()) {
            throw new IllegalArgumentException(MASTER_KEY + " is not set. With an external "
                    + (jdbcUrl.startsWith("jdbc:h2:") ? "broker" : "database") + " the key that seals stored secrets must "
                    + "come from configuration, not from the data folder: generate one with 'openssl rand -base64 32' and "
                    + "set it as ECS_MASTER_KEY (keep a copy: without it the stored secrets cannot be read).");
        }
        return new LaunchSettings(dataDir, port, jdbcUrl, source.get(DB_USER, jdbcUrl.startsWith("jdbc:h2:") ? "ecs" : ""),
                // The embedded database is protected by the data folder's permissions; its password only exists
                // because the connection pool insists on one.
                source.get(DB_PASSWORD, jdbcUrl.startsWith("jdbc:h2:") ? "ecs" : ""), broker, embedded, source.get(BROKER_USER, ""), source.get(BROKER_PASSWORD, ""));
    }

    public static String defaultJdbcUrl(Path dataDir) {
        // PostgreSQL mode keeps one set of migrations valid for both databases.
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("ecs") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    /**
     * H2 keeps committed changes in memory and writes them to its file only every WRITE_DELAY (500 ms by default),
     * with no log to replay: a killed process (SIGKILL, the OOM killer, a container stop that times out) loses the
     * last half second of commits. The deployment engine commits a create call's client token before it makes the
     * call, so that a retry reuses it; a lost commit made the next run mint a new token and create the instance a
     * second time (CrashRecoveryIT found it). {@code WRITE_DELAY=0} writes each commit to the file before the commit
     * returns. An H2 URL that sets WRITE_DELAY itself is left as it is; other databases are not touched.
     */
    static String durable(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=")) {
            return jdbcUrl;
        }
        return jdbcUrl + ";WRITE_DELAY=0";
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    /** An external database or broker: the same rule as the application's {@code platform.ProductionMode}. */
    public boolean production() {
        return !isH2() || !embeddedBroker;
    }

    /** The values the application reads back through MicroProfile Config, resolved once here. */
    public Map<String, String> asSystemProperties() {
        return Map.of(DATA_DIR, dataDir.toString(), HTTP_PORT, String.valueOf(httpPort), DB_URL, jdbcUrl,
                BROKER_URL, brokerUrl.toString(), BROKER_EMBEDDED, String.valueOf(embeddedBroker));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.");
    }

    private static int parsePort(String text, String key) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a port number between 1 and 65535, not '" + text + "'");
        }
    }

    /** MicroProfile Config's lookup order for one name: system property, then the environment variable forms. */
    record Source(Properties systemProperties, Map<String, String> environment) {
        String get(String key, String defaultValue) {
            String value = systemProperties.getProperty(key);
            if (value == null) {
                value = environment.get(key);
            }
            if (value == null) {
                value = environment.get(key.replaceAll("[^A-Za-z0-9]", "_"));
            }
            if (value == null) {
                value = environment.get(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
            }
            return value == null || value.isBlank() ? defaultValue : value.trim();
        }
    }
}

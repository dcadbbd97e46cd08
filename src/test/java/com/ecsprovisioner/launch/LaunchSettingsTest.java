package com.ecsprovisioner.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchSettingsTest {

    /** A master key as production needs it (32 zero bytes); tests of other settings pass it so that they start. */
    private static final String KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    @TempDir
    Path data;

    private static Properties props(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsAreAnEmbeddedEverythingInTheDataFolder() {
        LaunchSettings settings = LaunchSettings.resolve(props(), Map.of());
        assertEquals(Path.of("data").toAbsolutePath(), settings.dataDir());
        assertEquals(8080, settings.httpPort());
        assertTrue(settings.isH2());
        assertTrue(settings.jdbcUrl().startsWith("jdbc:h2:file:" + settings.dataDir().resolve("db")));
        assertTrue(settings.embeddedBroker());
        assertEquals("tcp://127.0.0.1:61616", settings.brokerUrl().toString());
        assertFalse(settings.production());
    }

    @Test
    void anExternalDatabaseOrBrokerIsProductionWhereTheSandboxFlagIsIgnored() {
        assertTrue(LaunchSettings.resolve(props("ecs.db.url", "jdbc:postgresql://db/ecs", "ecs.master-key", KEY), Map.of()).production());
        assertTrue(LaunchSettings.resolve(props("ecs.broker.url", "tcp://mq.internal:61616", "ecs.master-key", KEY), Map.of()).production());
    }

    @Test
    void environmentVariablesFollowMicroProfileNamingAndSystemPropertiesWin() {
        LaunchSettings fromEnv = LaunchSettings.resolve(props(), Map.of("ECS_HTTP_PORT", "9090", "ECS_DATA_DIR", "/srv/ecs"));
        assertEquals(9090, fromEnv.httpPort());
        assertEquals(Path.of("/srv/ecs"), fromEnv.dataDir());
        LaunchSettings both = LaunchSettings.resolve(props("ecs.http.port", "7070"), Map.of("ECS_HTTP_PORT", "9090"));
        assertEquals(7070, both.httpPort());
    }

    @Test
    void anExternalBrokerIsNotStartedHere() {
        LaunchSettings settings = LaunchSettings.resolve(props("ecs.broker.url", "tcp://mq.internal:61616", "ecs.master-key", KEY), Map.of());
        assertFalse(settings.embeddedBroker());
    }

    @Test
    void badValuesAreRefusedWithTheKeyNamed() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> LaunchSettings.resolve(props("ecs.http.port", "eighty"), Map.of()));
        assertTrue(port.getMessage().contains("ecs.http.port"));
        IllegalArgumentException db = assertThrows(IllegalArgumentException.class,
                () -> LaunchSettings.resolve(props("ecs.db.url", "jdbc:mysql://x/y?password=hunter2"), Map.of()));
        assertTrue(db.getMessage().contains("ecs.db.url"));
        assertFalse(db.getMessage().contains("hunter2"), "a password in a bad URL was echoed");
        assertThrows(IllegalArgumentException.class, () -> LaunchSettings.resolve(props("ecs.broker.url", "amqp://x"), Map.of()));
    }

    @Test
    void postBootDeploysTheAdapterBeforeTheApplicationAndEscapesValues() {
        LaunchSettings settings = LaunchSettings.resolve(props("ecs.db.url", "jdbc:postgresql://db:5432/ecs",
                "ecs.db.user", "ecs", "ecs.db.password", "p:a=ss", "ecs.master-key", KEY, "ecs.data.dir", data.toString()), Map.of());
        List<String> commands = PostBootCommands.forSettings(settings, Path.of("/x/artemis-ra.rar"));
        int config = indexOf(commands, "create-resource-adapter-config");
        int deploy = indexOf(commands, "deploy --type rar");
        assertTrue(config < deploy, "the adapter must be configured before it is deployed");
        assertTrue(commands.get(config).contains("ConnectionParameters=host\\=127.0.0.1;port\\=61616"));
        String pool = commands.get(indexOf(commands, "create-jdbc-connection-pool"));
        assertTrue(pool.contains("org.postgresql.ds.PGSimpleDataSource"));
        assertTrue(pool.contains("url=jdbc\\:postgresql\\://db\\:5432/ecs"));
        assertTrue(pool.contains("password=p\\:a\\=ss"));
    }

    @Test
    void anExternalBrokerIsReconnectedToAfterItRestarts() {
        LaunchSettings external = LaunchSettings.resolve(props("ecs.broker.url", "tcp://127.0.0.1:61617", "ecs.broker.embedded", "false",
                "ecs.master-key", KEY, "ecs.data.dir", data.toString()), Map.of());
        String config = PostBootCommands.forSettings(external, Path.of("r.rar")).get(0);
        assertTrue(config.contains(":ReconnectAttempts=5:SetupAttempts=-1"), config);
        LaunchSettings embedded = LaunchSettings.resolve(props("ecs.data.dir", data.toString()), Map.of());
        assertFalse(PostBootCommands.forSettings(embedded, Path.of("r.rar")).get(0).contains("ReconnectAttempts"));
    }

    @Test
    void anEmptyDatabasePasswordIsWrittenTheWayPayaraAcceptsIt() {
        LaunchSettings settings = LaunchSettings.resolve(props("ecs.db.url", "jdbc:postgresql://127.0.0.1/test", "ecs.db.user", "postgres",
                "ecs.master-key", KEY, "ecs.data.dir", data.toString()), Map.of());
        String pool = PostBootCommands.forSettings(settings, Path.of("r.rar")).stream()
                .filter(c -> c.startsWith("create-jdbc-connection-pool")).findFirst().orElseThrow();
        assertTrue(pool.contains("password=()"), pool);
    }

    @Test
    void productionWithoutAMasterKeyIsRefusedWithOneClearMessage() {
        IllegalArgumentException database = assertThrows(IllegalArgumentException.class,
                () -> LaunchSettings.resolve(props("ecs.db.url", "jdbc:postgresql://db/ecs"), Map.of()));
        assertTrue(database.getMessage().startsWith("ecs.master-key is not set. With an external database"), database.getMessage());
        IllegalArgumentException broker = assertThrows(IllegalArgumentException.class,
                () -> LaunchSettings.resolve(props("ecs.broker.url", "tcp://mq.internal:61616"), Map.of()));
        assertTrue(broker.getMessage().contains("external broker"), broker.getMessage());
        // From the environment, as a service manager passes it.
        assertEquals("jdbc:postgresql://db/ecs", LaunchSettings.resolve(props("ecs.db.url", "jdbc:postgresql://db/ecs"),
                Map.of("ECS_MASTER_KEY", KEY)).jdbcUrl());
        // The Quick start (embedded database and broker) still generates its key.
        assertTrue(LaunchSettings.resolve(props(), Map.of()).isH2());
    }

    @Test
    void theEmbeddedBrokerIsReachedAsTheInternalUserWhosePasswordStaysOwnerOnly() throws Exception {
        LaunchSettings settings = LaunchSettings.resolve(props("ecs.data.dir", data.toString()), Map.of());
        String ra = PostBootCommands.forSettings(settings, Path.of("r.rar")).get(0);
        Path file = data.resolve(BrokerCredentials.PASSWORD_FILE);
        String password = java.nio.file.Files.readString(file).trim();
        assertTrue(password.length() >= 32, password);
        assertTrue(ra.contains(":UserName=ecs-internal:Password=" + password), ra);
        assertEquals(OwnerOnly.FILE, java.nio.file.Files.getPosixFilePermissions(file));
        assertEquals(OwnerOnly.FOLDER, java.nio.file.Files.getPosixFilePermissions(file.getParent()));
        // Kept: a second start logs in with the same password; another installation has another.
        assertEquals(password, BrokerCredentials.internalPassword(data));
        assertFalse(password.equals(BrokerCredentials.internalPassword(data.resolve("other"))));
    }

    private static int indexOf(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no command starting with " + prefix + " in " + commands);
    }
}

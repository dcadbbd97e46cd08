package com.ecsprovisioner.customservers;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.bootstrap.BootstrapSettings;
import com.ecsprovisioner.bootstrap.DownloadSources;
import com.ecsprovisioner.bootstrap.WpCliRelease;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every bootstrap setting of the forms (V24) is stored with a provider profile and with a custom server, and
 * reaches the scripts' {@code bootstrap.env}: an ECS server runs with its profile's, a custom server with its own
 * over its profile's, and what neither sets is the region's preset, with the WP-CLI release the product pins.
 */
class BootstrapSettingsReachTheScriptsTest {

    private static final String PROFILE_PIN = "0123456789abcdef".repeat(8);
    private static final String SERVER_PIN = "fedcba9876543210".repeat(8);
    private static final String FINGERPRINT = "0123456789ABCDEF0123456789ABCDEF01234567";

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @Test
    void eachSettingOfTheProfileFormAndOfACustomServerReachesTheScripts() {
        db.open();
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        ProviderProfile profile = new ProviderProfile("p", "LTAI5tExample", "sealed", null, "cn-hangzhou", "pair",
                "SHA256:fingerprint", "sealed-key", null, Instant.EPOCH);
        profile.changeBootstrapOptions(BootstrapOverrides.of(" 8.3 ", "https://mirror.example", "https://php.example/ubuntu",
                "https://php.example/key.asc", "0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567", "2.11.0",
                "http://bucket.example/wp-cli.phar\nhttps://mirror.example/wp-cli.phar", PROFILE_PIN.toUpperCase()));
        ProviderProfile plain = new ProviderProfile("plain", "LTAI5tExample", "sealed", null, "eu-central-1", "pair",
                "SHA256:fingerprint", "sealed-key", null, Instant.EPOCH);
        em.persist(profile);
        em.persist(plain);
        em.flush();
        Server ecs = new Server("web-1", profile.getId(), "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", Instant.EPOCH);
        Server byo = Server.custom("byo-1", "203.0.113.8", profile.getId(), "cn-hangzhou", Instant.EPOCH);
        Server byoAlone = Server.custom("byo-2", "203.0.113.9", 0, "ap-southeast-1", Instant.EPOCH);
        Server defaults = new Server("web-2", plain.getId(), "eu-central-1", "ecs.t6-c1m1.large", "ubuntu", Instant.EPOCH);
        em.persist(ecs);
        em.persist(byo);
        em.persist(byoAlone);
        em.persist(defaults);
        em.flush();
        CustomServer login = CustomServer.withProfileKey(byo.getId(), 22, "root", profile.getId(), Instant.EPOCH);
        login.changeBootstrap(BootstrapOverrides.of("8.2", null, null, null, null, "2.10.0", null, SERVER_PIN));
        em.persist(login);
        CustomServer aloneLogin = CustomServer.withOwnKey(byoAlone.getId(), 22, "root", "sealed", null, "ssh-ed25519", Instant.EPOCH);
        aloneLogin.changeBootstrap(BootstrapOverrides.of(null, "http://mirrors.aliyun.com", null, null, null, null, null, null));
        em.persist(aloneLogin);
        em.getTransaction().commit();
        em.close();

        EntityManager read = db.createEntityManager();
        ServerLogins logins = new ServerLogins();
        logins.em = read;

        Map<String, String> env = environment(logins, read.find(Server.class, ecs.getId()));
        assertEquals("8.3", env.get("ECS_PHP_VERSION"));
        assertEquals("https://mirror.example", env.get("ECS_APT_MIRROR"));
        for (String distribution : new String[]{"UBUNTU", "DEBIAN"}) {
            assertEquals("https://php.example/ubuntu", env.get("ECS_PHP_REPO_" + distribution + "_URL"));
            assertEquals("https://php.example/key.asc", env.get("ECS_PHP_REPO_" + distribution + "_KEY_URL"));
            assertEquals(FINGERPRINT, env.get("ECS_PHP_REPO_" + distribution + "_KEY_FINGERPRINT"));
        }
        assertEquals("http://bucket.example/wp-cli.phar https://mirror.example/wp-cli.phar", env.get("ECS_WP_CLI_URLS"),
                "several URLs, in order; the version only labels them");
        assertEquals(PROFILE_PIN, env.get("ECS_WP_CLI_SHA512"), "stored in lower case");

        Map<String, String> custom = environment(logins, read.find(Server.class, byo.getId()));
        assertEquals("8.2", custom.get("ECS_PHP_VERSION"), "the custom server's own");
        assertEquals("https://mirror.example", custom.get("ECS_APT_MIRROR"), "its profile's");
        assertEquals("https://php.example/ubuntu", custom.get("ECS_PHP_REPO_DEBIAN_URL"), "its profile's");
        assertEquals("https://github.com/wp-cli/wp-cli/releases/download/v2.10.0/wp-cli-2.10.0.phar",
                custom.get("ECS_WP_CLI_URLS"), "its own version, from WP-CLI's releases, never the profile's URLs with its pin");
        assertEquals(SERVER_PIN, custom.get("ECS_WP_CLI_SHA512"));

        Map<String, String> alone = environment(logins, read.find(Server.class, byoAlone.getId()));
        assertEquals("default", alone.get("ECS_PHP_VERSION"));
        assertEquals("http://mirrors.aliyun.com", alone.get("ECS_APT_MIRROR"));
        assertEquals(WpCliRelease.SHA512, alone.get("ECS_WP_CLI_SHA512"));

        Map<String, String> preset = environment(logins, read.find(Server.class, defaults.getId()));
        assertEquals("default", preset.get("ECS_PHP_VERSION"));
        assertEquals("", preset.get("ECS_APT_MIRROR"));
        assertEquals("https://github.com/wp-cli/wp-cli/releases/download/v" + WpCliRelease.VERSION + "/wp-cli-"
                + WpCliRelease.VERSION + ".phar", preset.get("ECS_WP_CLI_URLS"));
        assertEquals(WpCliRelease.SHA512, preset.get("ECS_WP_CLI_SHA512"), "the pinned release's checksum, shipped");
        read.close();
    }

    @Test
    void thePhpVersionChosenWhenAServerWasDeployedWinsOverItsProfilesSetting() {
        db.open();
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        ProviderProfile profile = new ProviderProfile("php", "LTAI5tExample", "sealed", null, "cn-hangzhou", "pair",
                "SHA256:fingerprint", "sealed-key", null, Instant.EPOCH);
        profile.changeBootstrapOptions(BootstrapOverrides.of("8.3", null, null, null, null, null, null, null));
        em.persist(profile);
        em.flush();
        Server chosen = new Server("web-3", profile.getId(), "cn-shanghai", "ecs.t6-c1m1.large", "ubuntu", Instant.EPOCH);
        chosen.choosePhpVersion("8.4");
        Server distribution = new Server("web-4", profile.getId(), "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", Instant.EPOCH);
        distribution.choosePhpVersion("default");
        Server unchosen = new Server("web-5", profile.getId(), "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", Instant.EPOCH);
        em.persist(chosen);
        em.persist(distribution);
        em.persist(unchosen);
        em.getTransaction().commit();
        em.close();

        EntityManager read = db.createEntityManager();
        ServerLogins logins = new ServerLogins();
        logins.em = read;
        assertEquals("8.4", environment(logins, read.find(Server.class, chosen.getId())).get("ECS_PHP_VERSION"), "kept by V27");
        assertEquals("default", environment(logins, read.find(Server.class, distribution.getId())).get("ECS_PHP_VERSION"));
        assertEquals("8.3", environment(logins, read.find(Server.class, unchosen.getId())).get("ECS_PHP_VERSION"), "the profile's");
        read.close();
    }

    private static Map<String, String> environment(ServerLogins logins, Server server) {
        BootstrapAccess.Options options = logins.optionsFor(server);
        return new BootstrapSettings(options.phpVersion(), "a-long-random-password-123", null, 1024, 2048,
                DownloadSources.forRegion(server.getRegionId(), options.overrides())).environment();
    }
}

package com.ecsprovisioner.customservers;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.BootstrapSettings;
import com.ecsprovisioner.bootstrap.DownloadSources;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.server.Server;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider profile's pinned WP-CLI SHA-512 (migration V9) makes a plain-http WP-CLI address acceptable, is stored,
 * and reaches the bootstrap scripts' {@code bootstrap.env} for the profile's servers.
 */
class WpCliPinTest {

    private static final String PIN = "0123456789abcdef".repeat(8);
    private static final String PLAIN = "http://mirror.example/wp-cli.phar";

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    @Test
    void aPinnedChecksumAllowsAPlainHttpAddressAndReachesTheBootstrapEnvironment() {
        db.open();
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        ProviderProfile profile = new ProviderProfile("p", "LTAI5tExample", "sealed", null, "cn-hangzhou", "pair",
                "SHA256:fingerprint", "sealed-key", null, Instant.EPOCH);
        Rejected unpinned = assertThrows(Rejected.class, () -> profile.changeBootstrapOptions("default", null, PLAIN, null));
        assertTrue(unpinned.getMessage().contains("pin the file's SHA-512"), unpinned.getMessage());
        Rejected badPin = assertThrows(Rejected.class, () -> profile.changeBootstrapOptions("default", null, PLAIN, "abc"));
        assertTrue(badPin.getMessage().startsWith("WP-CLI SHA-512 must be 128 hexadecimal digits"), badPin.getMessage());
        assertNull(profile.getWpCliUrl(), "nothing of a refused save is kept");

        profile.changeBootstrapOptions("default", null, PLAIN, " " + PIN.toUpperCase() + " ");
        em.persist(profile);
        em.flush();
        Server server = Server.custom("byo-pin", "203.0.113.8", profile.getId(), "cn-hangzhou", Instant.EPOCH);
        em.persist(server);
        em.getTransaction().commit();
        long profileId = profile.getId();
        long serverId = server.getId();
        em.close();

        EntityManager read = db.createEntityManager();
        assertEquals(PIN, read.find(ProviderProfile.class, profileId).getWpCliSha512(), "stored in lower case");
        ServerLogins logins = new ServerLogins();
        logins.em = read;
        BootstrapAccess.Options options = logins.optionsFor(read.find(Server.class, serverId));
        Map<String, String> env = BootstrapSettings.withDefaults("a-long-random-password-123",
                DownloadSources.forRegion("cn-hangzhou", options.overrides())).environment();
        assertEquals(PLAIN, env.get("ECS_WP_CLI_URLS"));
        assertEquals(PIN, env.get("ECS_WP_CLI_SHA512"));
        read.close();
    }
}

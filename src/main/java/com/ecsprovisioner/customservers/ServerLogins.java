package com.ecsprovisioner.customservers;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.bootstrap.BootstrapOverrides;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.ProfileAccess;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.security.SecretBox;
import com.ecsprovisioner.server.Server;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The bootstrap step's access to servers in the application: an ECS server logs in with its profile's key (user
 * and port of the profile), a custom server with its registered login (its own key, or a profile's key with its
 * own user and port). Options come from the server's profile; a custom server's own bootstrap settings win over
 * its profile's, and what neither sets is the default of its region. MariaDB's root password is sealed with the SecretBox under its own purpose. Keys are opened here,
 * where they are used, and nowhere else.
 */
@ApplicationScoped
public class ServerLogins implements BootstrapAccess {

    static final String DB_ROOT_PASSWORD = "server.db-root-password";
    static final String PRIVATE_KEY = "custom-server.private-key";
    static final String PASSPHRASE = "custom-server.private-key-passphrase";

    @PersistenceContext
    EntityManager em;

    @Inject
    ProfileAccess profiles;

    @Inject
    SecretBox box;

    @Override
    public Login loginFor(Server server) {
        if (!server.isCustom()) {
            ProfileAccess.LoginKey key = profiles.loginKeyFor(server.getProfileId());
            return new Login(key.user(), key.port(), key.privateKeyPem(), key.passphrase());
        }
        CustomServer custom = registration(server);
        if (custom.getKeyProfileId() != null) {
            ProfileAccess.LoginKey key = profiles.loginKeyFor(custom.getKeyProfileId());
            return new Login(custom.getLoginUser(), custom.getSshPort(), key.privateKeyPem(), key.passphrase());
        }
        return new Login(custom.getLoginUser(), custom.getSshPort(), box.open(PRIVATE_KEY, custom.sealedPrivateKey()),
                custom.sealedPassphrase() == null ? null : box.open(PASSPHRASE, custom.sealedPassphrase()));
    }

    /**
     * A custom server's own settings over its profile's; an ECS server's are its profile's, but for the PHP version
     * chosen when it was deployed.
     */
    @Override
    public Options optionsFor(Server server) {
        ProviderProfile profile = server.getProfileId() == 0 ? null : em.find(ProviderProfile.class, server.getProfileId());
        BootstrapOverrides settings = profile == null ? BootstrapOverrides.none() : profile.getBootstrap();
        if (server.isCustom()) {
            settings = em.createNamedQuery("CustomServer.byServer", CustomServer.class).setParameter("serverId", server.getId())
                    .getResultStream().findFirst().map(c -> c.getBootstrap().over(profile == null ? null : profile.getBootstrap()))
                    .orElse(settings);
        }
        // The version chosen for this server when it was deployed wins over the profile's setting.
        String php = server.getPhpVersion() != null ? server.getPhpVersion() : settings.effectivePhpVersion();
        return new Options(php, settings.downloadOverrides());
    }

    @Override
    public String sealDatabasePassword(String password) {
        return box.seal(DB_ROOT_PASSWORD, password);
    }

    @Override
    public String openDatabasePassword(String sealed) {
        return box.open(DB_ROOT_PASSWORD, sealed);
    }

    /**
     * How a person logs in to the server as the product does (no secret in it): an ECS server with its profile's user,
     * port and key pair file; a custom server with its registered user and port. Empty without an address.
     */
    public java.util.Optional<com.ecsprovisioner.bootstrap.SshCommand> sshCommandFor(Server server) {
        if (server.getPublicIp() == null) {
            return java.util.Optional.empty();
        }
        if (server.isCustom()) {
            return em.createNamedQuery("CustomServer.byServer", CustomServer.class).setParameter("serverId", server.getId())
                    .getResultStream().findFirst().map(c -> new com.ecsprovisioner.bootstrap.SshCommand(c.getLoginUser(),
                            server.getPublicIp(), c.getSshPort(), null));
        }
        ProviderProfile profile = em.find(ProviderProfile.class, server.getProfileId());
        return java.util.Optional.ofNullable(profile).map(p -> new com.ecsprovisioner.bootstrap.SshCommand(p.getSshUser(),
                server.getPublicIp(), p.getSshPort(), p.getKeyPairName() == null ? null : p.getKeyPairName() + ".pem"));
    }

    private CustomServer registration(Server server) {
        return em.createNamedQuery("CustomServer.byServer", CustomServer.class).setParameter("serverId", server.getId())
                .getResultStream().findFirst()
                .orElseThrow(() -> new Rejected("Custom server " + server.getName() + " has no login registered (was it deleted?)"));
    }
}

package com.ecsprovisioner.it.support;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.security.SecretBox;
import com.ecsprovisioner.server.Server;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

/**
 * The bootstrap's access for the integration tests: every server logs in as root with the private key of the
 * tests' sandbox key pair ({@link SandboxTargets} makes the profiles up, so there is no profile key to open); the
 * MariaDB password is sealed with the application's own SecretBox, as in production.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class SandboxBootstrapAccess implements BootstrapAccess {

    @Inject
    SandboxTargets targets;

    @Inject
    SecretBox box;

    @Override
    public Login loginFor(Server server) {
        return new Login("root", targets.defaultsFor(server.getProfileId()).sshPort(), targets.privateKey(), null);
    }

    @Override
    public Options optionsFor(Server server) {
        return Options.defaults();
    }

    @Override
    public String sealDatabasePassword(String password) {
        return box.seal("server.db-root-password", password);
    }

    @Override
    public String openDatabasePassword(String sealed) {
        return box.open("server.db-root-password", sealed);
    }
}

package com.ecsprovisioner.deployment;

import com.ecsprovisioner.bootstrap.BootstrapAccess;
import com.ecsprovisioner.security.SecretBox;
import com.ecsprovisioner.server.Server;

import java.security.SecureRandom;

/**
 * The bootstrap step's access for tests: one login for every server (the sandbox key pair's private key), the
 * default options, and a real SecretBox with a random key of its own (one per test, nothing shared).
 */
public final class MemoryBootstrapAccess implements BootstrapAccess {

    public final String user;
    public final int port;
    public volatile String privateKey;
    public final SecretBox box;
    volatile Options options = Options.defaults();

    public MemoryBootstrapAccess(String user, int port, String privateKey) {
        this.user = user;
        this.port = port;
        this.privateKey = privateKey;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.box = new SecretBox(key);
    }

    @Override
    public Login loginFor(Server server) {
        return new Login(user, port, privateKey, null);
    }

    @Override
    public Options optionsFor(Server server) {
        return options;
    }

    @Override
    public String sealDatabasePassword(String password) {
        return box.seal("test.db-root-password", password);
    }

    @Override
    public String openDatabasePassword(String sealed) {
        return box.open("test.db-root-password", sealed);
    }
}

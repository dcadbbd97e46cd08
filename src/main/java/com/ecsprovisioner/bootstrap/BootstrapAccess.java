package com.ecsprovisioner.bootstrap;

import com.ecsprovisioner.server.Server;

/**
 * What the bootstrap step needs from outside the engine, for one server: how to log in (a profile's key for an ECS
 * instance, the registered key of a custom server), the profile's bootstrap options, and the sealing of MariaDB's
 * root password. The application implements it over the provider profiles, the custom servers and the SecretBox;
 * tests implement it in memory. Every method throws {@link com.ecsprovisioner.platform.Rejected} with a message
 * for a person when the server's profile or registration is gone.
 */
public interface BootstrapAccess {

    /** An SSH login; {@code toString} shows neither the key nor the passphrase. */
    record Login(String user, int port, String privateKey, String passphrase) {
        @Override
        public String toString() {
            return "Login[" + user + ":" + port + "]";
        }
    }

    /**
     * @param phpVersion {@code default} or a version such as {@code 8.3}
     * @param overrides  what the profile changes in the region's download sources
     */
    record Options(String phpVersion, DownloadSourceOverrides overrides) {
        public static Options defaults() {
            return new Options("default", DownloadSourceOverrides.none());
        }
    }

    Login loginFor(Server server);

    Options optionsFor(Server server);

    String sealDatabasePassword(String password);

    String openDatabasePassword(String sealed);
}

package com.ecsprovisioner.customservers;

import com.ecsprovisioner.bootstrap.BootstrapOverrides;

/**
 * What an operator enters to register a custom server. Either {@code privateKey} (with {@code passphrase} when the
 * key has one) or {@code keyProfileId} (log in with that provider profile's key). {@code regionId} chooses the
 * download sources (mainland China mirrors for {@code cn-*} regions); empty takes the key profile's region.
 * {@code bootstrap} holds the server's own bootstrap settings (already checked by {@link BootstrapOverrides#of});
 * each one it leaves empty comes from the key profile, then from the region's preset.
 * {@code toString} shows neither the key nor the passphrase.
 */
public record CustomServerRequest(String name, String address, int sshPort, String user, String privateKey,
                                  String passphrase, Long keyProfileId, String regionId, BootstrapOverrides bootstrap) {

    public CustomServerRequest {
        bootstrap = bootstrap == null ? BootstrapOverrides.none() : bootstrap;
    }

    /** Without bootstrap settings of its own. */
    public CustomServerRequest(String name, String address, int sshPort, String user, String privateKey,
                               String passphrase, Long keyProfileId, String regionId) {
        this(name, address, sshPort, user, privateKey, passphrase, keyProfileId, regionId, null);
    }

    @Override
    public String toString() {
        return "CustomServerRequest[" + name + ", " + user + "@" + address + ":" + sshPort
                + (keyProfileId != null ? ", key of profile " + keyProfileId : ", own key") + ", " + regionId + "]";
    }
}

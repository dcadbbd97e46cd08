package com.ecsprovisioner.customservers;

/**
 * What an operator enters to register a custom server. Either {@code privateKey} (with {@code passphrase} when the
 * key has one) or {@code keyProfileId} (log in with that provider profile's key). {@code regionId} chooses the
 * download sources (mainland China mirrors for {@code cn-*} regions); empty takes the key profile's region.
 * {@code toString} shows neither the key nor the passphrase.
 */
public record CustomServerRequest(String name, String address, int sshPort, String user, String privateKey,
                                  String passphrase, Long keyProfileId, String regionId) {

    @Override
    public String toString() {
        return "CustomServerRequest[" + name + ", " + user + "@" + address + ":" + sshPort
                + (keyProfileId != null ? ", key of profile " + keyProfileId : ", own key") + ", " + regionId + "]";
    }
}

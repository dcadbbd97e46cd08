package com.ecsprovisioner.sandbox;

import java.util.Optional;

/**
 * The seam between the sandbox cloud's state (instances, their addresses and key pairs) and its SSH hosts.
 * The cloud side implements it; the SSH side asks it, at connection time, who lives at an address and whether
 * that instance answers, because instance states advance with the clock and are never pushed.
 */
public interface SandboxHostDirectory {

    /** The instance that holds this public address now, if any. */
    Optional<SandboxHost> hostAt(String ipAddress);

    /** Registers a listener told when a public address is assigned to an instance or released. */
    void addAddressListener(AddressListener listener);

    /** Told when addresses come and go, so that the SSH side can bind and unbind its listeners. */
    interface AddressListener {
        void assigned(String ipAddress);

        void released(String ipAddress);
    }

    /**
     * An instance seen from its SSH port.
     *
     * @param answering         true only while the instance is Running (a stopped, starting or rebooting one does not answer)
     * @param authorizedKey     the public half of the instance's key pair in OpenSSH one-line form ("ssh-ed25519 AAAA... name")
     * @param osName            the image's OS, e.g. "Ubuntu 24.04 64 bit", so that simulated output can look like that OS
     */
    record SandboxHost(String regionId, String instanceId, String publicIp, boolean answering,
                       String authorizedKey, String osName) {
    }
}

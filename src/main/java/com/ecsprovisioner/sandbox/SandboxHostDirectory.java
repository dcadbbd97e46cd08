package com.ecsprovisioner.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The seam between the sandbox cloud's state (instances, their addresses and key pairs) and its SSH hosts.
 * The cloud side implements it; the SSH side asks it, at connection time, who lives at an address and whether
 * that instance answers, because instance states advance with the clock and are never pushed.
 */
public interface SandboxHostDirectory {

    /** The instance that holds this public address now, if any. */
    Optional<SandboxHost> hostAt(String ipAddress);

    /**
     * The OS of the instance at this address asked for a reboot (its {@code reboot} command ran): the instance goes
     * through the same states as after RebootInstance, without an API call. Answers false when no running instance
     * holds the address, or when this directory cannot reboot instances (then the command fails as it would
     * without permission).
     */
    default boolean rebootFromOs(String ipAddress) {
        return false;
    }

    /** Registers a listener told when a public address is assigned to an instance or released. */
    void addAddressListener(AddressListener listener);

    /** Registers a listener told when an instance's system disk is copied or replaced; a directory without disks has none. */
    default void addDiskListener(DiskListener listener) {
    }

    /**
     * Told when an instance's system disk is copied or replaced, so that the SSH side, which keeps the files, can
     * keep a copy per snapshot and put one back: the cloud side knows snapshots, the SSH side knows files.
     */
    interface DiskListener {
        /** CreateSnapshot of the instance's system disk: what the disk holds now is what the snapshot holds. */
        void snapshotTaken(String instanceId, String snapshotId);

        /**
         * The instance's system disk now holds what the snapshot held: ResetDisk to it, or RunInstances from an
         * image made from it.
         */
        void diskReplaced(String instanceId, String snapshotId);

        /** DeleteSnapshot: nothing can be reset to it or made from it any more. */
        void snapshotDeleted(String snapshotId);
    }

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
     * @param bootedAt          when the OS last started (launch, start or reboot), or null when unknown: each boot
     *                          gets its own boot id, as a real kernel's
     */
    record SandboxHost(String regionId, String instanceId, String publicIp, boolean answering,
                       String authorizedKey, String osName, Instant bootedAt) {

        /** A host whose boots are not tracked (one boot id for its whole life). */
        public SandboxHost(String regionId, String instanceId, String publicIp, boolean answering, String authorizedKey,
                           String osName) {
            this(regionId, instanceId, publicIp, answering, authorizedKey, osName, null);
        }

        /** The kernel's boot id for this boot ({@code /proc/sys/kernel/random/boot_id}): derived, so never stored. */
        public String bootId() {
            return UUID.nameUUIDFromBytes((instanceId + "|" + bootedAt).getBytes(StandardCharsets.UTF_8))
                    .toString();
        }
    }
}

package com.ecsprovisioner.engine;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.util.Objects;

/**
 * What a lifecycle action was asked for and what it recorded on the way: a snapshot's name and the id the cloud gave
 * it, the OS boot id read before a soft reboot, whether a resized instance runs again afterwards. Other jobs leave it
 * empty. The {@link Job} decides when each may be recorded (its kind, state and step); this value only holds them.
 */
@Embeddable
public class ActionDetails {

    /** Snapshot jobs: the name given to the snapshot, and its id once CreateSnapshot answered. */
    @Column(name = "snapshot_name", length = 128)
    private String snapshotName;

    @Column(name = "snapshot_id", length = 64)
    private String snapshotId;

    /**
     * Reboot jobs: the OS's boot id read just before it was asked to reboot over SSH (null until then); another boot
     * id afterwards proves it rebooted, however quickly.
     */
    @Column(name = "os_boot_id", length = 64)
    private String osBootId;

    /** Resize jobs: whether the instance was running when asked, so that it runs again afterwards. */
    @Column(name = "start_after", nullable = false)
    private boolean startAfter;

    protected ActionDetails() {
    }

    public ActionDetails(String snapshotName, boolean startAfter) {
        this.snapshotName = snapshotName;
        this.startAfter = startAfter;
    }

    public String snapshotName() {
        return snapshotName;
    }

    public String snapshotId() {
        return snapshotId;
    }

    public String osBootId() {
        return osBootId;
    }

    public boolean startAfter() {
        return startAfter;
    }

    public void recordSnapshot(String id) {
        this.snapshotId = Objects.requireNonNull(id);
    }

    public void recordOsBootId(String bootId) {
        this.osBootId = Objects.requireNonNull(bootId, "bootId");
    }

    public void startAfterResize() {
        this.startAfter = true;
    }
}

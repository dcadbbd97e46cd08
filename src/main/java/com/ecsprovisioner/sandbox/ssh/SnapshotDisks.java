package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.sandbox.SandboxHostDirectory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSH side of snapshots: when the cloud takes a snapshot of an instance's system disk, a copy of that machine's
 * files; when a disk is replaced by a snapshot (ResetDisk, or an instance launched from an image made from one), the
 * machine is rebuilt from that copy at its next connection. A snapshot taken before anyone logged in copies a disk
 * still as the image left it, so no copy is kept and the rebuilt machine is a fresh one, as that disk was. Copies
 * live in memory while the sandbox runs, like the machines themselves, until their snapshot is deleted.
 */
final class SnapshotDisks implements SandboxHostDirectory.DiskListener {

    private final Map<String, SimulatedMachine> machines;
    private final Map<String, SimulatedMachine.Disk> bySnapshot = new ConcurrentHashMap<>();
    /** Instances whose disk was replaced and whose machine is yet to be rebuilt: instance id to snapshot id. */
    private final Map<String, String> replacedBy = new ConcurrentHashMap<>();

    /** @param machines the SSH hosts' machines by instance id, shared with them */
    SnapshotDisks(Map<String, SimulatedMachine> machines) {
        this.machines = machines;
    }

    @Override
    public void snapshotTaken(String instanceId, String snapshotId) {
        SimulatedMachine machine = machines.get(instanceId);
        if (machine != null) {
            bySnapshot.put(snapshotId, machine.copyDisk());
            return;
        }
        // Not rebuilt since its disk was replaced: the disk holds what that snapshot held.
        String source = replacedBy.get(instanceId);
        SimulatedMachine.Disk disk = source == null ? null : bySnapshot.get(source);
        if (disk != null) {
            bySnapshot.put(snapshotId, disk);
        }
    }

    @Override
    public void diskReplaced(String instanceId, String snapshotId) {
        replacedBy.put(instanceId, snapshotId);
        // ResetDisk needs a stopped instance, so no session is using the old machine; a launch has none yet.
        SimulatedMachine old = machines.remove(instanceId);
        if (old != null) {
            old.close();
        }
    }

    /**
     * The copy is dropped, unless a disk reset to the snapshot has not been rebuilt yet: that disk still holds it,
     * as a real disk keeps its data when the snapshot it came from is deleted.
     */
    @Override
    public void snapshotDeleted(String snapshotId) {
        if (!replacedBy.containsValue(snapshotId)) {
            bySnapshot.remove(snapshotId);
        }
    }

    /** The machine of an instance reached for the first time since the sandbox started or its disk was replaced. */
    SimulatedMachine newMachine(String instanceId, String osName, String publicIp) {
        String source = replacedBy.remove(instanceId);
        SimulatedMachine.Disk disk = source == null ? null : bySnapshot.get(source);
        return new SimulatedMachine(instanceId, osName, publicIp, disk);
    }
}

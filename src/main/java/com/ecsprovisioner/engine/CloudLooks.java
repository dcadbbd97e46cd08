package com.ecsprovisioner.engine;

import java.util.List;

/**
 * What one job's next run looks at in the cloud: ids of instances, VPCs and vSwitches the cloud is still preparing.
 * A handler says it ({@link JobHandler#looksAt}); the sweep batches the looks of every job of a profile.
 */
public record CloudLooks(List<String> instances, List<String> vpcs, List<String> vSwitches) {

    public static final CloudLooks NONE = new CloudLooks(List.of(), List.of(), List.of());

    public CloudLooks {
        instances = List.copyOf(instances);
        vpcs = List.copyOf(vpcs);
        vSwitches = List.copyOf(vSwitches);
    }

    public static CloudLooks instance(String id) {
        return new CloudLooks(List.of(id), List.of(), List.of());
    }

    public static CloudLooks vpc(String id) {
        return new CloudLooks(List.of(), List.of(id), List.of());
    }

    public static CloudLooks vSwitch(String id) {
        return new CloudLooks(List.of(), List.of(), List.of(id));
    }

    public boolean isEmpty() {
        return instances.isEmpty() && vpcs.isEmpty() && vSwitches.isEmpty();
    }
}

package com.ecsprovisioner.sandbox.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a region's live resources into the plain rows of {@link CloudSnapshot}; called under the region lock. */
final class Inspection {

    private Inspection() {
    }

    static List<CloudSnapshot.Resource> resources(RegionState r, Instant now, Durations d) {
        List<CloudSnapshot.Resource> out = new ArrayList<>();
        for (Vpc v : r.vpcs.values()) {
            out.add(new CloudSnapshot.Resource("Vpc", v.id, v.name, v.deletedAt != null ? "Deleting" : v.status(now, d),
                    details("CidrBlock", v.cidr, "Tags", v.tags.toString())));
        }
        for (VSwitch v : r.vSwitches.values()) {
            out.add(new CloudSnapshot.Resource("VSwitch", v.id, v.name, v.deletedAt != null ? "Deleting" : v.status(now, d),
                    details("VpcId", v.vpcId, "ZoneId", v.zoneId, "CidrBlock", v.cidr.toString())));
        }
        for (SecurityGroup g : r.securityGroups.values()) {
            out.add(new CloudSnapshot.Resource("SecurityGroup", g.id, g.name, "",
                    details("VpcId", g.vpcId, "Rules", String.valueOf(g.rules.size()), "Tags", g.tags.toString())));
        }
        for (KeyPair k : r.keyPairs.values()) {
            out.add(new CloudSnapshot.Resource("KeyPair", k.name, k.name, "",
                    details("FingerPrint", k.fingerprint, "Tags", k.tags.toString())));
        }
        for (Instance i : r.instances.values()) {
            out.add(new CloudSnapshot.Resource("Instance", i.id, i.name, i.deleted() ? "Deleting" : i.status(now, d),
                    details("InstanceType", i.instanceType, "ZoneId", i.zoneId, "ImageId", i.imageId,
                            "VSwitchId", i.vSwitchId, "PrivateIp", i.privateIp, "PublicIp", i.publicIp,
                            "KeyPairName", i.keyPairName, "SystemDiskId", i.systemDiskId, "Tags", i.tags.toString())));
        }
        for (Snapshot s : r.snapshots.values()) {
            out.add(new CloudSnapshot.Resource("Snapshot", s.id, s.name, s.status(now, d),
                    details("DiskId", s.diskId, "InstanceId", s.instanceId)));
        }
        return out;
    }

    private static Map<String, String> details(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }
}

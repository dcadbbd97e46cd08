package com.ecsprovisioner.sandbox.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything one account owns in one region, behind one lock. Resources of one region refer to each other
 * (instance → vSwitch → VPC), so an action takes this lock for its whole (in-memory, I/O-free) run; different
 * accounts and regions never contend. Maps keep insertion order, which is the stable order of every listing.
 */
final class RegionState {

    /** The first answer to a ClientToken, and when its request came (null for a state written before it was kept). */
    record TokenRecord(String fingerprint, Map<String, Object> response, Instant at) {
    }

    final String accountId;
    final String regionId;
    final ReentrantLock lock = new ReentrantLock();
    final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    final Map<String, VSwitch> vSwitches = new LinkedHashMap<>();
    final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
    final Map<String, KeyPair> keyPairs = new LinkedHashMap<>();
    final Map<String, Instance> instances = new LinkedHashMap<>();
    final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    final Map<String, CustomImage> images = new LinkedHashMap<>();
    final Map<String, TokenRecord> clientTokens = new LinkedHashMap<>();

    RegionState(String accountId, String regionId) {
        this.accountId = accountId;
        this.regionId = regionId;
    }

    /** Forgets what finished releasing; deterministic in time, so it needs no saving of its own. */
    void purge(Instant now, Durations d) {
        instances.values().removeIf(i -> i.gone(now, d));
        vSwitches.values().removeIf(v -> v.gone(now, d));
        vpcs.values().removeIf(v -> v.gone(now, d));
    }

    boolean isEmpty() {
        return vpcs.isEmpty() && vSwitches.isEmpty() && securityGroups.isEmpty() && keyPairs.isEmpty()
                && instances.isEmpty() && snapshots.isEmpty() && images.isEmpty();
    }

    /** A public image of the catalogue or one of this region's custom images; null when neither. */
    Catalog.Image image(String id) {
        Catalog.Image image = Catalog.image(id);
        if (image != null || id == null) {
            return image;
        }
        CustomImage custom = images.get(id);
        return custom == null ? null : custom.asCatalogImage();
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", accountId);
        m.put("regionId", regionId);
        m.put("vpcs", vpcs.values().stream().map(Vpc::toState).toList());
        m.put("vSwitches", vSwitches.values().stream().map(VSwitch::toState).toList());
        m.put("securityGroups", securityGroups.values().stream().map(SecurityGroup::toState).toList());
        m.put("keyPairs", keyPairs.values().stream().map(KeyPair::toState).toList());
        m.put("instances", instances.values().stream().map(Instance::toState).toList());
        m.put("snapshots", snapshots.values().stream().map(Snapshot::toState).toList());
        m.put("images", images.values().stream().map(CustomImage::toState).toList());
        List<Object> tokens = new ArrayList<>();
        clientTokens.forEach((k, t) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", k);
            e.put("fingerprint", t.fingerprint());
            e.put("response", t.response());
            if (t.at() != null) {
                e.put("at", Resources.ts(t.at()));
            }
            tokens.add(e);
        });
        m.put("clientTokens", tokens);
        return m;
    }

    @SuppressWarnings("unchecked")
    static RegionState fromState(Map<String, Object> m) {
        RegionState r = new RegionState(Resources.str(m, "accountId"), Resources.str(m, "regionId"));
        for (Map<String, Object> o : list(m, "vpcs")) {
            Vpc v = Vpc.fromState(o);
            r.vpcs.put(v.id, v);
        }
        for (Map<String, Object> o : list(m, "vSwitches")) {
            VSwitch v = VSwitch.fromState(o);
            r.vSwitches.put(v.id, v);
        }
        for (Map<String, Object> o : list(m, "securityGroups")) {
            SecurityGroup g = SecurityGroup.fromState(o);
            r.securityGroups.put(g.id, g);
        }
        for (Map<String, Object> o : list(m, "keyPairs")) {
            KeyPair k = KeyPair.fromState(o);
            r.keyPairs.put(k.name, k);
        }
        for (Map<String, Object> o : list(m, "instances")) {
            Instance i = Instance.fromState(o);
            r.instances.put(i.id, i);
        }
        for (Map<String, Object> o : list(m, "snapshots")) {
            Snapshot s = Snapshot.fromState(o);
            r.snapshots.put(s.id, s);
        }
        for (Map<String, Object> o : list(m, "images")) {
            CustomImage i = CustomImage.fromState(o);
            r.images.put(i.id, i);
        }
        for (Map<String, Object> o : list(m, "clientTokens")) {
            r.clientTokens.put(Resources.str(o, "key"),
                    new TokenRecord(Resources.str(o, "fingerprint"), (Map<String, Object>) o.get("response"),
                            o.get("at") == null ? null : Resources.instant(o, "at")));
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}

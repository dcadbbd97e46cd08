package com.ecsprovisioner.provider;

import com.ecsprovisioner.audit.Changes;
import com.ecsprovisioner.bootstrap.BootstrapOverrides;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A profile's fields as the audit trail records them: every field a person sets, except the secrets (AccessKey
 * secret, private key, passphrase), which a record only says were replaced.
 */
final class ProfileAudit {

    private ProfileAudit() {
    }

    static Map<String, Object> fields(ProviderProfile p) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", p.getName());
        f.put("accessKeyId", p.getAccessKeyId());
        f.put("endpoint", p.getEndpoint());
        f.put("region", p.getRegionId());
        f.put("keyPair", p.getKeyPairName());
        f.put("keyFingerprint", p.getKeyFingerprint());
        f.put("sshPort", p.getSshPort());
        f.put("sshUser", p.getSshUser());
        f.put("zonePolicy", p.getZonePolicy());
        f.put("networkPolicy", p.getNetworkPolicy());
        f.put("instanceType", p.getInstanceType());
        f.put("image", p.getImageId());
        f.put("systemDiskGiB", p.getSystemDiskGiB());
        f.put("systemDiskCategory", p.getSystemDiskCategory());
        BootstrapOverrides b = p.getBootstrap();
        f.put("phpVersion", b.getPhpVersion());
        f.put("aptMirror", b.getAptMirror());
        f.put("phpRepositoryUrl", b.getPhpRepositoryUrl());
        f.put("phpRepositoryKeyUrl", b.getPhpRepositoryKeyUrl());
        f.put("phpRepositoryKeyFingerprint", b.getPhpRepositoryKeyFingerprint());
        f.put("wpCliVersion", b.getWpCliVersion());
        f.put("wpCliUrls", b.getWpCliUrls());
        f.put("wpCliSha512", b.getWpCliSha512());
        return f;
    }

    /** Every field that has a value (a new profile's, or a deleted one's). */
    static Changes all(ProviderProfile p) {
        Changes changes = Changes.none();
        fields(p).forEach((name, value) -> {
            if (value != null) {
                changes.value(name, value);
            }
        });
        return changes;
    }

    /** The fields that differ between {@code before} (taken with {@link #fields}) and the profile now. */
    static Changes edited(Map<String, Object> before, ProviderProfile after) {
        Changes changes = Changes.none();
        fields(after).forEach((name, value) -> changes.field(name, before.get(name), value));
        return changes;
    }

    static String subject(ProviderProfile p) {
        return "profile '" + p.getName() + "'" + (p.getId() == null ? "" : " (" + p.getId() + ")");
    }
}

package com.ecsprovisioner.sandbox.cloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A key pair: only the public half is kept (OpenSSH one-line form), as the real cloud does. */
final class KeyPair {
    final String name;
    final String id;
    final String publicKey;
    final String fingerprint;
    final Instant createdAt;
    final Map<String, String> tags;

    KeyPair(String name, String id, String publicKey, String fingerprint, Instant createdAt, Map<String, String> tags) {
        this.name = name;
        this.id = id;
        this.publicKey = publicKey;
        this.fingerprint = fingerprint;
        this.createdAt = createdAt;
        this.tags = new LinkedHashMap<>(tags);
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("id", id);
        m.put("publicKey", publicKey);
        m.put("fingerprint", fingerprint);
        m.put("createdAt", Resources.ts(createdAt));
        m.put("tags", tags);
        return m;
    }

    static KeyPair fromState(Map<String, Object> m) {
        return new KeyPair(Resources.str(m, "name"), Resources.str(m, "id"), Resources.str(m, "publicKey"),
                Resources.str(m, "fingerprint"), Resources.instant(m, "createdAt"), Resources.stringMap(m, "tags"));
    }
}

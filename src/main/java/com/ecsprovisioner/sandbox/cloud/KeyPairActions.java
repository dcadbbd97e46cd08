package com.ecsprovisioner.sandbox.cloud;

import static com.ecsprovisioner.sandbox.cloud.Answers.map;

import com.ecsprovisioner.sandbox.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** ECS key pairs: import, create (the sandbox generates the RSA pair), describe and delete. Runs under the region lock {@link EcsActions} takes. */
final class KeyPairActions {

    private static final Pattern KEY_PAIR_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:_-]{1,127}");

    private final SimulatedCloud cloud;

    KeyPairActions(SimulatedCloud cloud) {
        this.cloud = cloud;
    }

    private static void validateKeyPairName(String name) {
        if (!KEY_PAIR_NAME.matcher(name).matches() || name.startsWith("http://") || name.startsWith("https://")) {
            throw new ApiError(400, "InvalidKeyPairName.Malformed",
                    "The specified KeyPairName is malformed: 2 to 128 characters, starting with a letter; letters, digits, colons, underscores and hyphens.");
        }
    }

    private KeyPair addKeyPair(Call c, RegionState r, String name, String publicKey, String fingerprint) {
        if (r.keyPairs.containsKey(name)) {
            throw new ApiError(400, "KeyPair.AlreadyExist", "The key pair already exists.");
        }
        if (r.keyPairs.size() >= cloud.quotas.keyPairsPerRegion()) {
            throw new ApiError(403, "QuotaExceed.KeyPair", "The number of key pairs exceeds the quota.");
        }
        KeyPair k = new KeyPair(name, SimulatedCloud.newId("ssh", null), publicKey, fingerprint, c.now(), c.tags());
        r.keyPairs.put(name, k);
        return k;
    }

    Map<String, Object> importKeyPair(Call c, RegionState r) {
        String name = c.required("KeyPairName");
        validateKeyPairName(name);
        String body = KeyMaterial.parsePublicKey(c.required("PublicKeyBody"));
        KeyPair k = addKeyPair(c, r, name, body, KeyMaterial.fingerprintOfLine(body));
        return map("KeyPairName", k.name, "KeyPairFingerPrint", k.fingerprint, "KeyPairId", k.id);
    }

    Map<String, Object> createKeyPair(Call c, RegionState r, KeyMaterial.Generated g) {
        String name = c.required("KeyPairName");
        validateKeyPairName(name);
        KeyPair k = addKeyPair(c, r, name, g.publicKeyLine(), g.fingerprint());
        return map("KeyPairName", k.name, "KeyPairId", k.id, "KeyPairFingerPrint", k.fingerprint,
                "PrivateKeyBody", g.privateKeyPem());
    }

    Map<String, Object> describeKeyPairs(Call c, RegionState r) {
        Predicate<String> nameMatch = Wildcard.predicate(c.get("KeyPairName"));
        String fp = c.get("KeyPairFingerPrint") == null ? null : KeyMaterial.normalizeFingerprint(c.get("KeyPairFingerPrint"));
        boolean includePublic = c.bool("IncludePublicKey");
        Map<String, String> tags = c.tags();
        int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = c.integer("PageSize", 10, 1, 50);
        List<KeyPair> matching = r.keyPairs.values().stream()
                .filter(k -> cloud.durations.visible(k.createdAt, c.now()))
                .filter(k -> nameMatch.test(k.name))
                .filter(k -> fp == null || fp.equals(k.fingerprint))
                .filter(k -> k.tags.entrySet().containsAll(tags.entrySet()))
                .toList();
        List<Object> out = new ArrayList<>();
        for (KeyPair k : Paging.page(matching, pageNumber, pageSize)) {
            Map<String, Object> m = map("KeyPairName", k.name, "KeyPairFingerPrint", k.fingerprint,
                    "CreationTime", Resources.MINUTES.format(k.createdAt), "ResourceGroupId", "",
                    "Tags", Resources.ecsTags(k.tags));
            if (includePublic) {
                m.put("PublicKey", k.publicKey);
            }
            out.add(m);
        }
        return map("TotalCount", matching.size(), "PageNumber", pageNumber, "PageSize", pageSize,
                "KeyPairs", Resources.wrap("KeyPair", out));
    }

    Map<String, Object> deleteKeyPairs(Call c, RegionState r) {
        List<String> names = c.jsonArray("KeyPairNames");
        if (names == null) {
            throw ApiError.missing("KeyPairNames");
        }
        if (names.isEmpty() || names.size() > 100) {
            throw new ApiError(400, "InvalidKeyPairNames.ValueNotSupported", "KeyPairNames must hold 1 to 100 names.");
        }
        // Instances keep their copy of the public key, so a key pair in use may go, as on the real cloud.
        names.forEach(r.keyPairs::remove);
        return map();
    }
}

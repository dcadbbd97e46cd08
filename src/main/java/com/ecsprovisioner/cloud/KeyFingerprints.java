package com.ecsprovisioner.cloud;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The key-pair fingerprint as Alibaba Cloud computes it: MD5 of the public key blob (RFC 4716 §4), the Base64
 * field of an OpenSSH public key line, as 32 lower-case hex characters without colons (reference §5). The provider
 * profile uses it to tell whether a private key it holds belongs to a key pair in the cloud, without the SDK.
 */
public final class KeyFingerprints {

    private static final Set<String> TYPES = Set.of("ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    private KeyFingerprints() {
    }

    /**
     * @param openSshPublicKeyLine e.g. {@code ssh-ed25519 AAAAC3... comment}
     * @throws IllegalArgumentException with a message for a person when the line is not an OpenSSH public key
     */
    public static String of(String openSshPublicKeyLine) {
        if (openSshPublicKeyLine == null || openSshPublicKeyLine.isBlank()) {
            throw new IllegalArgumentException("The public key is empty: paste a line like 'ssh-ed25519 AAAA... comment'.");
        }
        String[] parts = openSshPublicKeyLine.strip().split("\\s+");
        if (parts.length < 2 || !TYPES.contains(parts[0])) {
            throw new IllegalArgumentException("This is not an OpenSSH public key line: it must start with one of "
                    + new TreeSet<>(TYPES) + " followed by the Base64 key.");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The key part of the public key line is not valid Base64.");
        }
        if (!parts[0].equals(typeInBlob(blob))) {
            throw new IllegalArgumentException("The public key line says '" + parts[0]
                    + "' but the key inside is of another type or damaged.");
        }
        return ofBlob(blob);
    }

    /** MD5 of an SSH public key blob, hex without colons. */
    public static String ofBlob(byte[] blob) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** Fingerprints compare equal whatever their case or colons ("89:F0:.." and "89f0.."). */
    public static String normalize(String fingerprint) {
        return fingerprint == null ? null : fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
    }

    public static boolean same(String a, String b) {
        return a != null && b != null && normalize(a).equals(normalize(b));
    }

    private static String typeInBlob(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int len = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (len <= 0 || len > blob.length - 4) {
            return null;
        }
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }
}

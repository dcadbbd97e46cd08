package com.ecsprovisioner.bootstrap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A server's SSH host key as it is pinned: the OpenSSH {@code known_hosts} form without the host,
 * {@code <type> <base64 blob>}, which is what a server shows in {@code /etc/ssh/ssh_host_*_key.pub} and what a
 * person can compare. Equality is on the key blob alone. The fingerprint is OpenSSH's {@code SHA256:...}.
 */
public record HostKeyPin(String type, byte[] blob) {

    public HostKeyPin {
        if (blob == null || blob.length == 0) {
            throw new IllegalArgumentException("a host key needs its key bytes");
        }
        blob = blob.clone();
        String inBlob = typeInBlob(blob);
        if (type == null) {
            type = inBlob;
        } else if (!type.equals(inBlob)) {
            throw new IllegalArgumentException("host key type '" + type + "' does not match the key, which is a " + inBlob + " key");
        }
    }

    /** From the bytes the server sent during the key exchange. */
    public static HostKeyPin ofBlob(byte[] blob) {
        return new HostKeyPin(null, blob);
    }

    /** From a stored line {@code <type> <base64> [comment]}. */
    public static HostKeyPin parse(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("the pinned host key is empty");
        }
        String[] parts = line.strip().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("a pinned host key must look like '<type> <base64 key>', e.g. 'ssh-ed25519 AAAAC3...'");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the pinned host key is not valid base64 after its type '" + parts[0] + "'");
        }
        return new HostKeyPin(parts[0], blob);
    }

    /** The form to store: {@code <type> <base64>}. */
    public String line() {
        return type + " " + Base64.getEncoder().encodeToString(blob);
    }

    /** OpenSSH's fingerprint: {@code SHA256:} and the unpadded base64 of the blob's SHA-256. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    public boolean sameKey(HostKeyPin other) {
        return other != null && MessageDigest.isEqual(blob, other.blob);
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostKeyPin other && type.equals(other.type) && Arrays.equals(blob, other.blob);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return type + " " + fingerprint();
    }

    /** An SSH key blob starts with its type as an SSH string (uint32 length, then the name). */
    private static String typeInBlob(byte[] blob) {
        if (blob.length < 5) {
            throw new IllegalArgumentException("the host key is too short to be an SSH key");
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length < 1 || length > 64 || 4 + length > blob.length) {
            throw new IllegalArgumentException("the host key bytes are not an SSH public key");
        }
        String name = new String(blob, 4, length, StandardCharsets.US_ASCII);
        if (!name.matches("[A-Za-z0-9@._+-]+")) {
            throw new IllegalArgumentException("the host key bytes are not an SSH public key");
        }
        return name;
    }
}

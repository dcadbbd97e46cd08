package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.KeyFingerprints;
import com.ecsprovisioner.platform.Rejected;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads an SSH private key the way the product will use it (JSch: OpenSSH and PEM formats; RSA, ECDSA, Ed25519;
 * with or without passphrase) and derives its public half and the fingerprint the cloud shows for its key pair, so
 * that a key that does not belong to the chosen key pair is refused when it is entered, not when a server
 * cannot be reached.
 */
public final class PrivateKeys {

    private PrivateKeys() {
    }

    /** A readable private key: its type, its public half as an OpenSSH line, and the cloud-style fingerprint. */
    public record ParsedKey(String type, String publicKeyOpenSsh, String fingerprint) {
    }

    /**
     * @throws InvalidKeyException with a message for a person: not a key, a public key pasted instead, passphrase
     *                             missing or wrong
     */
    public static ParsedKey parse(String privateKeyText, String passphrase) {
        if (privateKeyText == null || privateKeyText.isBlank()) {
            throw new InvalidKeyException("Paste or upload the private key (it begins with '-----BEGIN').");
        }
        String text = privateKeyText.strip() + "\n";
        if (text.startsWith("ssh-") || text.startsWith("ecdsa-")) {
            throw new InvalidKeyException("That is a public key. The profile needs the private key of the pair (it begins with '-----BEGIN').");
        }
        if (!text.startsWith("-----BEGIN")) {
            throw new InvalidKeyException("That is not a private key: expected an OpenSSH or PEM key beginning with '-----BEGIN'.");
        }
        KeyPair key;
        try {
            key = KeyPair.load(new JSch(), text.getBytes(StandardCharsets.US_ASCII), null);
        } catch (JSchException e) {
            throw new InvalidKeyException("The private key cannot be read (" + e.getMessage() + "). Supported: RSA, ECDSA and Ed25519 in OpenSSH or PEM format.");
        }
        try {
            if (key.isEncrypted()) {
                if (passphrase == null || passphrase.isEmpty()) {
                    throw new InvalidKeyException("The private key is protected by a passphrase: enter it.");
                }
                if (!key.decrypt(passphrase.getBytes(StandardCharsets.UTF_8))) {
                    throw new InvalidKeyException("The passphrase does not open this private key.");
                }
            }
            byte[] blob = key.getPublicKeyBlob();
            if (blob == null) {
                throw new InvalidKeyException("The public half of this private key cannot be derived; check that the key is complete.");
            }
            String type = typeName(key.getKeyType(), blob);
            String line = type + " " + Base64.getEncoder().encodeToString(blob);
            return new ParsedKey(type, line, KeyFingerprints.ofBlob(blob));
        } finally {
            key.dispose();
        }
    }

    private static String typeName(int jschType, byte[] blob) {
        // The blob starts with its own algorithm name (uint32 length + ASCII), which is exactly the OpenSSH prefix.
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (length > 0 && length < 64 && blob.length >= 4 + length) {
            return new String(blob, 4, length, StandardCharsets.US_ASCII);
        }
        return switch (jschType) {
            case KeyPair.RSA -> "ssh-rsa";
            case KeyPair.ED25519 -> "ssh-ed25519";
            default -> "unknown";
        };
    }

    /** A private key the product cannot use; the message says why and what to do. */
    public static class InvalidKeyException extends Rejected {
        private static final long serialVersionUID = 1L;

        public InvalidKeyException(String message) {
            super(message);
        }
    }
}

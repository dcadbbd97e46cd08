package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.KeyFingerprints;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateKeysTest {

    /** A private key text and its public line, as ssh-keygen would write them. */
    record Generated(String privateKey, String publicLine) {
    }

    static Generated generate(int type, int size, String passphrase) throws Exception {
        if (type == KeyPair.ED25519) {
            return sshKeygen("ed25519", passphrase);
        }
        KeyPair pair = KeyPair.genKeyPair(new JSch(), type, size);
        ByteArrayOutputStream priv = new ByteArrayOutputStream();
        if (passphrase == null) {
            pair.writePrivateKey(priv);
        } else {
            pair.writePrivateKey(priv, passphrase.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        pair.writePublicKey(pub, "test");
        pair.dispose();
        return new Generated(priv.toString(StandardCharsets.US_ASCII), pub.toString(StandardCharsets.US_ASCII).strip());
    }

    /** JSch cannot write Ed25519 private keys; ssh-keygen (OpenSSH format) can, as users' keys usually are. */
    static Generated sshKeygen(String type, String passphrase) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("keys");
        java.nio.file.Path file = dir.resolve("id");
        Process process = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", passphrase == null ? "" : passphrase,
                "-C", "test", "-f", file.toString()).redirectErrorStream(true).start();
        assertEquals(0, process.waitFor(), new String(process.getInputStream().readAllBytes()));
        return new Generated(java.nio.file.Files.readString(file), java.nio.file.Files.readString(dir.resolve("id.pub")).strip());
    }

    @ParameterizedTest
    @CsvSource({"RSA,2048,", "RSA,2048,secret phrase", "ECDSA,256,", "ECDSA,384,pw", "ED25519,256,", "ED25519,256,pass"})
    void derivesThePublicHalfAndTheCloudsFingerprint(String type, int size, String passphrase) throws Exception {
        int jschType = switch (type) {
            case "RSA" -> KeyPair.RSA;
            case "ECDSA" -> KeyPair.ECDSA;
            default -> KeyPair.ED25519;
        };
        Generated key = generate(jschType, size, passphrase);
        PrivateKeys.ParsedKey parsed = PrivateKeys.parse(key.privateKey(), passphrase);
        String[] expected = key.publicLine().split(" ");
        assertEquals(expected[0], parsed.type());
        assertEquals(expected[0] + " " + expected[1], parsed.publicKeyOpenSsh());
        assertEquals(KeyFingerprints.of(key.publicLine()), parsed.fingerprint());
    }

    @Test
    void aPassphraseIsAskedForAndAWrongOneRefused() throws Exception {
        Generated key = generate(KeyPair.RSA, 2048, "right");
        assertTrue(assertThrows(PrivateKeys.InvalidKeyException.class, () -> PrivateKeys.parse(key.privateKey(), null))
                .getMessage().contains("passphrase"));
        assertTrue(assertThrows(PrivateKeys.InvalidKeyException.class, () -> PrivateKeys.parse(key.privateKey(), "wrong"))
                .getMessage().contains("does not open"));
    }

    @Test
    void publicKeysAndGarbageAreRefusedWithAReason() throws Exception {
        Generated key = generate(KeyPair.ECDSA, 256, null);
        assertTrue(assertThrows(PrivateKeys.InvalidKeyException.class, () -> PrivateKeys.parse(key.publicLine(), null))
                .getMessage().contains("public key"));
        assertTrue(assertThrows(PrivateKeys.InvalidKeyException.class, () -> PrivateKeys.parse("hello", null))
                .getMessage().contains("not a private key"));
        assertThrows(PrivateKeys.InvalidKeyException.class, () -> PrivateKeys.parse("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", null));
        assertThrows(PrivateKeys.InvalidKeyException.class, () -> PrivateKeys.parse("  ", null));
    }
}

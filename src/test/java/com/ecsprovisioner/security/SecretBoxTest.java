package com.ecsprovisioner.security;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretBoxTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void sealedValuesOpenWithTheSameKeyAndPurpose() {
        SecretBox box = new SecretBox(key());
        String sealed = box.seal("provider.secret", "LTAI-secret-ünïcode");
        assertTrue(sealed.startsWith("v1:"));
        assertFalse(sealed.contains("LTAI-secret"));
        assertEquals("LTAI-secret-ünïcode", box.open("provider.secret", sealed));
    }

    @Test
    void theSameSecretSealsDifferentlyEachTime() {
        SecretBox box = new SecretBox(key());
        assertNotEquals(box.seal("p", "same"), box.seal("p", "same"));
    }

    @Test
    void anotherKeyCannotOpenIt() {
        String sealed = new SecretBox(key()).seal("p", "secret");
        SecretBox.SecretUnreadableException e = assertThrows(SecretBox.SecretUnreadableException.class,
                () -> new SecretBox(key()).open("p", sealed));
        assertTrue(e.getMessage().contains("master key"));
    }

    @Test
    void aValueMovedToAnotherPurposeDoesNotOpen() {
        SecretBox box = new SecretBox(key());
        String sealed = box.seal("provider.secret", "secret");
        assertThrows(SecretBox.SecretUnreadableException.class, () -> box.open("server.db-password", sealed));
    }

    @Test
    void tamperingIsDetected() {
        SecretBox box = new SecretBox(key());
        String sealed = box.seal("p", "secret");
        byte[] bytes = java.util.Base64.getDecoder().decode(sealed.substring(3));
        bytes[bytes.length / 2] ^= 1;
        String tampered = "v1:" + java.util.Base64.getEncoder().encodeToString(bytes);
        assertThrows(SecretBox.SecretUnreadableException.class, () -> box.open("p", tampered));
        assertThrows(IllegalArgumentException.class, () -> box.open("p", "plain text"));
        assertThrows(IllegalArgumentException.class, () -> box.open("p", "v1:AAAA"));
    }

    @Test
    void keysMustBe256Bits() {
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(new byte[16]));
    }
}

package com.ecsprovisioner.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HostKeyPinTest {

    /** An Ed25519 public key line, as a server shows it in /etc/ssh/ssh_host_ed25519_key.pub. */
    private static final String LINE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGnMq6bPBr8L2tBnFG6B0pCuQ7dh4cK3zSKfOoJjWmUT";

    @Test
    void aStoredLineRoundTripsAndComparesOnTheKeyAlone() {
        HostKeyPin pin = HostKeyPin.parse(LINE + " root@web-1");
        assertEquals("ssh-ed25519", pin.type());
        assertEquals(LINE, pin.line());
        assertEquals(pin, HostKeyPin.ofBlob(Base64.getDecoder().decode(LINE.split(" ")[1])));
        assertTrue(pin.sameKey(HostKeyPin.parse(LINE)));
        byte[] other = pin.blob();
        other[other.length - 1] ^= 1;
        assertFalse(pin.sameKey(HostKeyPin.ofBlob(other)));
    }

    @Test
    void theFingerprintIsTheOneSshKeygenPrints(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is needed as the reference");
        Path pub = dir.resolve("host.pub");
        Files.writeString(pub, LINE + " host\n");
        Process process = new ProcessBuilder("/usr/bin/ssh-keygen", "-lf", pub.toString()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(printed.split(" ")[1], HostKeyPin.parse(LINE).fingerprint());
    }

    @Test
    void malformedPinsAreRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostKeyPin.parse("AAAAC3Nza"))
                .getMessage().contains("'<type> <base64 key>'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostKeyPin.parse("ssh-ed25519 !!!"))
                .getMessage().contains("not valid base64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostKeyPin.parse("ssh-rsa " + LINE.split(" ")[1]))
                .getMessage().contains("does not match the key, which is a ssh-ed25519 key"));
        assertThrows(IllegalArgumentException.class, () -> HostKeyPin.parse("ssh-ed25519 AAAA"));
        assertThrows(IllegalArgumentException.class, () -> HostKeyPin.parse(" "));
    }
}

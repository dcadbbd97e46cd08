package com.ecsprovisioner.bootstrap;

import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Private keys as people have them: files made by OpenSSH's own ssh-keygen in each format it writes (OpenSSH, PEM,
 * PKCS#8), with and without a passphrase, parsed by the target and then used to log in to a sandbox SSH host.
 */
class SshTargetTest {

    private static final String PASSPHRASE = "correct horse battery";

    @TempDir
    Path dir;
    private SandboxServers servers;

    @AfterEach
    void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    /** Runs ssh-keygen; returns {private key text, public key line}. */
    private String[] keygen(String type, String format, String passphrase) throws IOException, InterruptedException {
        assumeTrue(onPath("ssh-keygen"), "OpenSSH's ssh-keygen is needed to make key files as users have them");
        Path file = dir.resolve(type + "-" + format + "-" + (passphrase.isEmpty() ? "plain" : "secret"));
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "test", "-f", file.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        if (!format.equals("OpenSSH")) {
            command.addAll(List.of("-m", format));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ssh-keygen took too long");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return new String[]{Files.readString(file), Files.readString(Path.of(file + ".pub")).strip()};
    }

    private static boolean onPath(String program) {
        for (String part : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(part, program))) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0} {1} passphrase={2}")
    @CsvSource({
            "ed25519, OpenSSH, false, ssh-ed25519, -----BEGIN OPENSSH PRIVATE KEY-----",
            "ed25519, OpenSSH, true, ssh-ed25519, -----BEGIN OPENSSH PRIVATE KEY-----",
            "ecdsa, OpenSSH, true, ecdsa-sha2-nistp256, -----BEGIN OPENSSH PRIVATE KEY-----",
            "ecdsa, PEM, false, ecdsa-sha2-nistp256, -----BEGIN EC PRIVATE KEY-----",
            "ecdsa, PEM, true, ecdsa-sha2-nistp256, -----BEGIN EC PRIVATE KEY-----",
            "rsa, OpenSSH, false, ssh-rsa, -----BEGIN OPENSSH PRIVATE KEY-----",
            "rsa, PEM, false, ssh-rsa, -----BEGIN RSA PRIVATE KEY-----",
            "rsa, PEM, true, ssh-rsa, -----BEGIN RSA PRIVATE KEY-----",
            "rsa, PKCS8, false, ssh-rsa, -----BEGIN PRIVATE KEY-----",
            "ecdsa, PKCS8, false, ecdsa-sha2-nistp256, -----BEGIN PRIVATE KEY-----",
    })
    void keysFromSshKeygenParseAndLogIn(String type, String format, boolean protectedKey, String keyType, String header)
            throws Exception {
        String passphrase = protectedKey ? PASSPHRASE : "";
        String[] key = keygen(type, format, passphrase);
        assertTrue(key[0].startsWith(header), "ssh-keygen wrote " + key[0].lines().findFirst().orElse(""));

        servers = new SandboxServers(0);
        String ip = servers.instance("i-fmt-" + type, new ClientKey(key[1], key[0].getBytes(StandardCharsets.UTF_8), key[1].getBytes(StandardCharsets.UTF_8)));
        SshTarget target = new SshTarget(ip, servers.port, "root", key[0], protectedKey ? PASSPHRASE : null, null);
        assertEquals(keyType, target.keyType());
        try (SshConnection ssh = SshConnection.open(target, new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)))) {
            assertEquals("root", ssh.exec("whoami").stdoutText().strip());
        }
    }

    @Test
    void aProtectedKeyWithoutOrWithTheWrongPassphraseIsRefusedAtOnce() throws Exception {
        String[] key = keygen("ed25519", "OpenSSH", PASSPHRASE);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new SshTarget("127.0.0.1", 22, "root", key[0], null, null));
        assertEquals("The private key is protected by a passphrase: enter the passphrase", missing.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> new SshTarget("127.0.0.1", 22, "root", key[0], "not the passphrase", null));
        assertEquals("The passphrase does not unlock the private key: check the passphrase", wrong.getMessage());

        String[] pem = keygen("rsa", "PEM", PASSPHRASE);
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("127.0.0.1", 22, "root", pem[0], "wrong", null));
    }

    @Test
    void unreadableKeysSayWhatIsWrong() throws Exception {
        String[] key = keygen("ed25519", "OpenSSH", "");
        IllegalArgumentException publicKey = assertThrows(IllegalArgumentException.class,
                () -> new SshTarget("127.0.0.1", 22, "root", key[1], null, null));
        assertTrue(publicKey.getMessage().startsWith("This is a public key"), publicKey.getMessage());

        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> new SshTarget("127.0.0.1", 22, "root", "my key", null, null));
        assertTrue(garbage.getMessage().contains("paste the whole key file"), garbage.getMessage());

        String truncated = key[0].substring(0, key[0].length() / 2) + "\n-----END OPENSSH PRIVATE KEY-----\n";
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> new SshTarget("127.0.0.1", 22, "root", truncated, null, null));
        assertTrue(cut.getMessage().startsWith("The private key is not readable"), cut.getMessage());

        assertEquals("The private key is required",
                assertThrows(IllegalArgumentException.class, () -> new SshTarget("127.0.0.1", 22, "root", " ", null, null)).getMessage());
    }

    @Test
    void addressPortAndUserAreChecked() throws Exception {
        String[] key = keygen("ed25519", "OpenSSH", "");
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("", 22, "root", key[0], null, null));
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("-oProxyCommand=x", 22, "root", key[0], null, null));
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("host name", 22, "root", key[0], null, null));
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("10.0.0.1", 0, "root", key[0], null, null));
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("10.0.0.1", 65536, "root", key[0], null, null));
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("10.0.0.1", 22, "Root user", key[0], null, null));
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("10.0.0.1", 22, "root", key[0], null, "not a key"));

        SshTarget custom = new SshTarget(" wp.example.com ", 2222, "ubuntu", key[0], "", null);
        assertEquals("wp.example.com", custom.host());
        assertEquals("wp.example.com:2222", custom.address());
        assertEquals("[2001:db8::1]:22", new SshTarget("2001:db8::1", 22, "root", key[0], null, null).address());
        assertNull(custom.pinnedHostKey());
        String pin = "ssh-ed25519 " + key[1].split(" ")[1];
        assertEquals(pin, custom.withPinnedHostKey(pin + " comment").pinnedHostKey());
        assertNull(custom.withPinnedHostKey(pin).withoutPinnedHostKey().pinnedHostKey());
    }

    @Test
    void toStringShowsNeitherKeyNorPassphrase() throws Exception {
        String[] key = keygen("ecdsa", "OpenSSH", PASSPHRASE);
        String text = new SshTarget("10.0.0.1", 22, "root", key[0], PASSPHRASE, null).toString();
        assertEquals("root@10.0.0.1:22 (ecdsa-sha2-nistp256 key, host key not pinned yet)", text);
        assertFalse(text.contains(PASSPHRASE));
    }
}

package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Host keys are per instance and, with a data folder, survive restarts, so that pinning them means something. */
class HostKeysTest {

    @TempDir
    Path data;

    private final ClientKey key = ClientKey.generate(KeyPair.RSA);
    private final String ip = SshClientKit.randomLoopback();

    @Test
    void anInstanceKeepsItsHostKeyAcrossRestartsAndANewInstanceAtTheSameAddressHasAnother() throws Exception {
        InMemoryHostDirectory directory = new InMemoryHostDirectory();
        directory.assign(ip, "i-bp1first", key.publicLine(), "Ubuntu 22.04 64 bit");

        int port = FreePort.next();
        String firstKey;
        JSch pinning = new JSch();
        try (SandboxSshHosts hosts = SandboxSshHosts.start(directory, SshHostsConfig.defaults().withPort(port).withDataFolder(data))) {
            Session session = SshClientKit.connect(ip, port, key);
            HostKey seen = session.getHostKey();
            firstKey = seen.getKey();
            // Pin it the way the product will: the first key seen, in a known-hosts repository.
            pinning.getHostKeyRepository().add(seen, null);
            session.disconnect();
            assertEquals(seen.getKey(), java.util.Base64.getEncoder().encodeToString(encoded(hosts.hostKey("i-bp1first"))),
                    "hostKey() tells the key the instance presents");
            assertEquals(seen.getFingerPrint(pinning), hosts.hostKeyFingerprint("i-bp1first"),
                    "the fingerprint a person compares is the one the client computes");
        }
        assertTrue(Files.isRegularFile(data.resolve("sandbox/ssh/host-keys/i-bp1first_ecdsa_key")));

        int newPort = port; // the pinned entry is for [ip]:port, as in a real known_hosts file
        try (SandboxSshHosts hosts = SandboxSshHosts.start(directory, SshHostsConfig.defaults().withPort(newPort).withDataFolder(data))) {
            assertEquals(firstKey, connectPinned(pinning, newPort).getHostKey().getKey(), "same instance, same key after a restart");

            directory.assign(ip, "i-bp1second", key.publicLine(), "Ubuntu 22.04 64 bit");
            Session unpinned = SshClientKit.connect(ip, newPort, key);
            assertNotEquals(firstKey, unpinned.getHostKey().getKey(), "a new instance at a reused address has its own key");
            unpinned.disconnect();

            JSchException changed = assertThrows(JSchException.class, () -> connectPinned(pinning, newPort));
            assertTrue(changed.getMessage().contains("HostKey has been changed"), changed.getMessage());
        }
    }

    @Test
    void withoutDataFolderKeysStayInMemoryAndDifferPerInstance() throws Exception {
        try (SandboxSshHosts hosts = SandboxSshHosts.start(new InMemoryHostDirectory(),
                SshHostsConfig.defaults().withPort(FreePort.next()))) {
            assertEquals(hosts.hostKey("i-a"), hosts.hostKey("i-a"));
            assertTrue(hosts.hostKeyFingerprint("i-a").matches("SHA256:[A-Za-z0-9+/]{43}"), hosts.hostKeyFingerprint("i-a"));
            assertNotEquals(hosts.hostKey("i-a"), hosts.hostKey("i-b"));
            assertThrows(IllegalArgumentException.class, () -> hosts.hostKey("../../etc/passwd"));
        }
        try (var files = Files.list(data)) {
            assertEquals(0, files.count(), "nothing written without a data folder");
        }
    }

    private Session connectPinned(JSch pinning, int port) throws JSchException {
        pinning.removeAllIdentity();
        pinning.addIdentity("test", key.privateKey(), key.publicKey(), null);
        Session session = pinning.getSession("root", ip, port);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.connect(5000);
        session.disconnect();
        return session;
    }

    private static byte[] encoded(java.security.PublicKey key) throws Exception {
        org.apache.sshd.common.util.buffer.ByteArrayBuffer buffer = new org.apache.sshd.common.util.buffer.ByteArrayBuffer();
        buffer.putRawPublicKey(key);
        return buffer.getCompactData();
    }
}

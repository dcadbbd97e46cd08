package com.ecsprovisioner.sandbox.ssh;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.Exec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static com.ecsprovisioner.sandbox.ssh.SshClientKit.connect;
import static com.ecsprovisioner.sandbox.ssh.SshClientKit.exec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSH hosts seen through JSch, the product's own client: login, exec, uploads. */
class SandboxSshHostsTest {

    private InMemoryHostDirectory directory;
    private SandboxSshHosts hosts;
    private int port;
    private String ip;
    private ClientKey key;

    @BeforeEach
    void start() throws Exception {
        directory = new InMemoryHostDirectory();
        port = FreePort.next();
        hosts = SandboxSshHosts.start(directory, SshHostsConfig.defaults().withPort(port).withStepDurationScale(0));
        ip = SshClientKit.randomLoopback();
        key = ClientKey.generate(KeyPair.ED25519);
        directory.assign(ip, "i-bp1test0001", key.publicLine(), "Ubuntu 24.04 64 bit");
    }

    @AfterEach
    void stop() {
        hosts.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {KeyPair.RSA, KeyPair.ECDSA, KeyPair.ED25519})
    void theInstanceKeyIsAcceptedWhateverItsType(int type) throws Exception {
        ClientKey own = ClientKey.generate(type);
        String address = SshClientKit.randomLoopback();
        directory.assign(address, "i-bp1keytype" + type, own.publicLine(), "Ubuntu 22.04 64 bit");

        Session session = connect(address, port, own);
        try {
            Exec result = exec(session, "id -u");
            assertEquals("0\n", result.stdout());
            assertEquals(0, result.exitCode());
        } finally {
            session.disconnect();
        }
    }

    @Test
    void anotherKeyIsRefused() {
        ClientKey stranger = ClientKey.generate(KeyPair.ED25519);
        JSchException refused = assertThrows(JSchException.class, () -> connect(ip, port, stranger));
        assertTrue(refused.getMessage().contains("Auth fail"), refused.getMessage());
    }

    @Test
    void theKeyOfAnotherInstanceIsRefused() throws Exception {
        ClientKey other = ClientKey.generate(KeyPair.ECDSA);
        String otherIp = SshClientKit.randomLoopback();
        directory.assign(otherIp, "i-bp1other", other.publicLine(), "Debian 12.6 64 bit");

        assertThrows(JSchException.class, () -> connect(ip, port, other));
        connect(otherIp, port, other).disconnect();
    }

    @Test
    void passwordsAreRefused() throws Exception {
        Session session = new JSch().getSession("root", ip, port);
        session.setPassword("root");
        session.setConfig("StrictHostKeyChecking", "no");
        session.setConfig("PreferredAuthentications", "password,keyboard-interactive");
        JSchException refused = assertThrows(JSchException.class, () -> session.connect(5000));
        assertTrue(refused.getMessage().contains("Auth fail"), refused.getMessage());
    }

    @Test
    void onlyRootMayLogIn() throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity("test", key.privateKey(), key.publicKey(), null);
        Session session = jsch.getSession("ubuntu", ip, port);
        session.setConfig("StrictHostKeyChecking", "no");
        assertThrows(JSchException.class, () -> session.connect(5000));
    }

    @Test
    void sftpUploadThenCatReturnsTheSameBytes() throws Exception {
        byte[] content = new byte[70_000];
        new Random(7).nextBytes(content);
        Session session = connect(ip, port, key);
        try {
            assertEquals(0, exec(session, "mkdir -p /root/ecs-bootstrap").exitCode());
            SshClientKit.sftpUpload(session, "/root/ecs-bootstrap/blob.bin", content);

            com.jcraft.jsch.ChannelExec channel = (com.jcraft.jsch.ChannelExec) session.openChannel("exec");
            channel.setCommand("cat /root/ecs-bootstrap/blob.bin");
            java.io.InputStream in = channel.getInputStream();
            channel.connect(5000);
            assertArrayEquals(content, in.readAllBytes());
            channel.disconnect();

            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            assertEquals(expected + "  /root/ecs-bootstrap/blob.bin\n",
                    exec(session, "sha256sum /root/ecs-bootstrap/blob.bin").stdout());
        } finally {
            session.disconnect();
        }
    }

    @Test
    void uploadsSurviveTheSessionAndScpWorksToo() throws Exception {
        Session first = connect(ip, port, key);
        SshClientKit.scpUpload(first, "/root", "hello.sh", "echo hello\n".getBytes(StandardCharsets.UTF_8));
        first.disconnect();

        Session second = connect(ip, port, key);
        try {
            assertEquals("echo hello\n", exec(second, "cat ~/hello.sh").stdout());
            assertEquals(0, exec(second, "test -f /root/hello.sh").exitCode());
        } finally {
            second.disconnect();
        }
    }

    @Test
    void ufwRulesSetInOneSessionAreReadInTheNext() throws Exception {
        Session first = connect(ip, port, key);
        try {
            assertEquals("Rules updated\nRules updated (v6)\n", exec(first, "ufw allow 22/tcp").stdout());
            assertEquals(0, exec(first, "ufw --force enable && ufw allow 443/tcp").exitCode());
        } finally {
            first.disconnect();
        }
        Session second = connect(ip, port, key);
        try {
            String status = exec(second, "ufw status numbered").stdout();
            assertTrue(status.startsWith("Status: active\n"), status);
            assertTrue(status.contains("[ 1] 22/tcp                     ALLOW IN    Anywhere\n")
                    && status.contains("[ 2] 443/tcp                    ALLOW IN    Anywhere\n"), status);
        } finally {
            second.disconnect();
        }
    }

    @Test
    void execReportsOutputAndExitCodes() throws Exception {
        Session session = connect(ip, port, key);
        try {
            assertEquals(0, exec(session, "true").exitCode());
            assertEquals(1, exec(session, "test -d /nowhere").exitCode());
            assertEquals(new Exec("a b\n", "", 0), exec(session, "echo 'a'   \"b\""));

            Exec missing = exec(session, "apt-get install nginx");
            assertEquals(127, missing.exitCode());
            assertEquals("bash: apt-get: command not found\n", missing.stderr());

            Exec chained = exec(session, "mkdir -p /opt/x && chmod 700 /opt/x && test -d /opt/x && echo made; rm -rf /opt/x; test -e /opt/x");
            assertEquals("made\n", chained.stdout());
            assertEquals(1, chained.exitCode());

            assertEquals(1, exec(session, "cat /etc/none").exitCode());
            assertTrue(exec(session, "cat /etc/os-release").stdout().contains("VERSION_ID=\"24.04\""));
            assertTrue(exec(session, "uname -a").stdout().startsWith("Linux iZbp1test0001Z 6.8.0"));
        } finally {
            session.disconnect();
        }
    }

    @Test
    void listensOnEveryAssignedAddressAndStopsOnRelease() throws Exception {
        assertTrue(hosts.boundAddresses().contains(ip));
        directory.release(ip);
        assertFalse(hosts.boundAddresses().contains(ip));
        assertThrows(JSchException.class, () -> connect(ip, port, key));
    }

    @Test
    void refusesAddressesOutsideLoopback() {
        directory.assign("10.0.0.5", "i-bp1outside", key.publicLine(), "Ubuntu 24.04 64 bit");
        assertEquals(List.of(ip), List.copyOf(hosts.boundAddresses()));
    }
}

package com.ecsprovisioner.bootstrap;

import com.ecsprovisioner.sandbox.SandboxHostDirectory;
import com.ecsprovisioner.sandbox.ssh.SandboxSshHosts;
import com.ecsprovisioner.sandbox.ssh.SshHostsConfig;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sandbox's real SSH hosts (Apache MINA SSHD with simulated machines) behind a directory held in memory, as the
 * sandbox's own tests start them: each test gets its own port and its own 127.x.y.z addresses, nothing shared.
 */
final class SandboxServers implements AutoCloseable, SandboxHostDirectory {

    static final String OS = "Ubuntu 24.04 64 bit";

    /** A client key pair: the OpenSSH public line for the instance, the private key file text for the target. */
    record ClientKey(String publicLine, String privateKey) {
        static ClientKey generate(int type) {
            try {
                JSch jsch = new JSch();
                KeyPair pair = switch (type) {
                    case KeyPair.RSA -> KeyPair.genKeyPair(jsch, type, 2048);
                    case KeyPair.ECDSA -> KeyPair.genKeyPair(jsch, type, 256);
                    default -> KeyPair.genKeyPair(jsch, type);
                };
                ByteArrayOutputStream prv = new ByteArrayOutputStream();
                pair.writeOpenSSHv1PrivateKey(prv, null);
                ByteArrayOutputStream pub = new ByteArrayOutputStream();
                pair.writePublicKey(pub, "runner-test");
                return new ClientKey(pub.toString(StandardCharsets.UTF_8).trim(), prv.toString(StandardCharsets.UTF_8));
            } catch (JSchException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Map<String, SandboxHost> hosts = new ConcurrentHashMap<>();
    private final List<AddressListener> listeners = new CopyOnWriteArrayList<>();
    final SandboxSshHosts ssh;
    final int port;

    SandboxServers(double stepDurationScale) throws IOException {
        this.port = freePort();
        this.ssh = SandboxSshHosts.start(this, SshHostsConfig.defaults().withPort(port).withStepDurationScale(stepDurationScale));
    }

    @Override
    public Optional<SandboxHost> hostAt(String ipAddress) {
        return Optional.ofNullable(hosts.get(ipAddress));
    }

    @Override
    public void addAddressListener(AddressListener listener) {
        listeners.add(listener);
        hosts.keySet().forEach(listener::assigned);
    }

    /** A running instance with this key pair at a new random loopback address; returns the address. */
    String instance(String instanceId, ClientKey key) {
        String ip = randomLoopback();
        assign(ip, instanceId, key);
        return ip;
    }

    void assign(String ip, String instanceId, ClientKey key) {
        hosts.put(ip, new SandboxHost("cn-hangzhou", instanceId, ip, true, key.publicLine(), OS));
        listeners.forEach(l -> l.assigned(ip));
    }

    void setAnswering(String ip, boolean answering) {
        hosts.computeIfPresent(ip, (k, h) -> new SandboxHost(h.regionId(), h.instanceId(), h.publicIp(), answering,
                h.authorizedKey(), h.osName()));
    }

    SshTarget target(String ip, ClientKey key) {
        return new SshTarget(ip, port, "root", key.privateKey(), null, null);
    }

    /** The permission bits of a file on an instance, read over SFTP by a plain JSch client (not the code under test). */
    int permissions(String ip, ClientKey key, String path) throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity("test", key.privateKey().getBytes(StandardCharsets.UTF_8), null, null);
        com.jcraft.jsch.Session session = jsch.getSession("root", ip, port);
        session.setConfig("StrictHostKeyChecking", "no");
        session.connect(5000);
        try {
            com.jcraft.jsch.ChannelSftp sftp = (com.jcraft.jsch.ChannelSftp) session.openChannel("sftp");
            sftp.connect(5000);
            try {
                return sftp.stat(path).getPermissions() & 0777;
            } finally {
                sftp.disconnect();
            }
        } finally {
            session.disconnect();
        }
    }

    @Override
    public void close() {
        ssh.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    static String randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + (100 + r.nextInt(100)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
}

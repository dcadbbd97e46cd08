package com.ecsprovisioner.bootstrap;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.sandbox.SandboxHostDirectory;
import com.ecsprovisioner.sandbox.ssh.InMemoryHostDirectory;
import com.ecsprovisioner.sandbox.ssh.SandboxSshHosts;
import com.ecsprovisioner.sandbox.ssh.SshClientKit.ClientKey;
import com.ecsprovisioner.sandbox.ssh.SshHostsConfig;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sandbox's real SSH hosts (Apache MINA SSHD with simulated machines) behind a directory held in memory, as the
 * sandbox's own tests start them: each test gets its own port and its own 127.x.y.z addresses, nothing shared.
 */
final class SandboxServers implements AutoCloseable, SandboxHostDirectory {

    static final String OS = "Ubuntu 24.04 64 bit";

    /** The same directory the sandbox's own SSH tests use; this class only adds the product's view of a login. */
    private final InMemoryHostDirectory hosts = new InMemoryHostDirectory();
    final SandboxSshHosts ssh;
    final int port;

    SandboxServers(double stepDurationScale) throws IOException {
        this.port = FreePort.next();
        this.ssh = SandboxSshHosts.start(this, SshHostsConfig.defaults().withPort(port).withStepDurationScale(stepDurationScale));
    }

    @Override
    public Optional<SandboxHost> hostAt(String ipAddress) {
        return hosts.hostAt(ipAddress);
    }

    @Override
    public void addAddressListener(AddressListener listener) {
        hosts.addAddressListener(listener);
    }

    /** A running instance with this key pair at a new random loopback address; returns the address. */
    String instance(String instanceId, ClientKey key) {
        String ip = randomLoopback();
        assign(ip, instanceId, key);
        return ip;
    }

    void assign(String ip, String instanceId, ClientKey key) {
        hosts.assign(ip, instanceId, key.publicLine(), OS);
    }

    void setAnswering(String ip, boolean answering) {
        hosts.setAnswering(ip, answering);
    }

    SshTarget target(String ip, ClientKey key) {
        return new SshTarget(ip, port, "root", key.privateKeyText(), null, null);
    }

    /** The permission bits of a file on an instance, read over SFTP by a plain JSch client (not the code under test). */
    int permissions(String ip, ClientKey key, String path) throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity("test", key.privateKey(), null, null);
        Session session = jsch.getSession("root", ip, port);
        session.setConfig("StrictHostKeyChecking", "no");
        session.connect(5000);
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
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

    static String randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + (100 + r.nextInt(100)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
}

package com.ecsprovisioner.sandbox.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** JSch, the product's SSH client, used the way the product will use it: key login, exec, SFTP and scp uploads. */
public final class SshClientKit {

    /** A client key pair: the OpenSSH public line for the cloud side, the private key for JSch. */
    public record ClientKey(String publicLine, byte[] privateKey, byte[] publicKey) {
        public static ClientKey generate(int type) {
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
                pair.writePublicKey(pub, "ecs-provisioner-test");
                String line = pub.toString(StandardCharsets.UTF_8).trim();
                return new ClientKey(line, prv.toByteArray(), pub.toByteArray());
            } catch (JSchException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The private key as the OpenSSH file's text, the form a stored login keeps. */
        public String privateKeyText() {
            return new String(privateKey, StandardCharsets.UTF_8);
        }
    }

    record Exec(String stdout, String stderr, int exitCode) {
    }

    private SshClientKit() {
    }

    /** A port free on loopback now (the SSH hosts bind it on other 127.x addresses, which are free as well). */

    /** A loopback address unlikely to be used by another test running at the same time. */
    static String randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + (100 + r.nextInt(100)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    static Session connect(String ip, int port, ClientKey key) throws JSchException {
        JSch jsch = new JSch();
        jsch.addIdentity("test", key.privateKey(), key.publicKey(), null);
        Session session = jsch.getSession("root", ip, port);
        session.setConfig("StrictHostKeyChecking", "no");
        session.setConfig("PreferredAuthentications", "publickey");
        session.connect(5000);
        return session;
    }

    static Exec exec(Session session, String command) throws JSchException, IOException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        channel.setCommand(command);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        channel.setErrStream(err);
        InputStream in = channel.getInputStream();
        channel.connect(5000);
        byte[] out = in.readAllBytes();
        long deadline = System.currentTimeMillis() + 5000;
        while (!channel.isClosed() && System.currentTimeMillis() < deadline) {
            pause(2); // the exit status arrives right after EOF
        }
        int status = channel.getExitStatus();
        channel.disconnect();
        return new Exec(new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
    }

    static void sftpUpload(Session session, String remotePath, byte[] content) throws JSchException, com.jcraft.jsch.SftpException {
        ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
        sftp.connect(5000);
        try {
            sftp.put(new ByteArrayInputStream(content), remotePath);
        } finally {
            sftp.disconnect();
        }
    }

    /** The classic scp upload: {@code scp -t <dir>} on the server, then the C-line, the bytes and a zero byte. */
    static void scpUpload(Session session, String remoteDir, String name, byte[] content) throws JSchException, IOException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        channel.setCommand("scp -t " + remoteDir);
        OutputStream out = channel.getOutputStream();
        InputStream in = channel.getInputStream();
        channel.connect(5000);
        expectAck(in);
        out.write(("C0644 " + content.length + " " + name + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expectAck(in);
        out.write(content);
        out.write(0);
        out.flush();
        expectAck(in);
        out.close();
        channel.disconnect();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expectAck(InputStream in) throws IOException {
        int b = in.read();
        if (b != 0) {
            StringBuilder message = new StringBuilder();
            int c;
            while ((c = in.read()) > 0 && c != '\n') {
                message.append((char) c);
            }
            throw new IOException("scp refused (" + b + "): " + message);
        }
    }
}

package com.ecsprovisioner.bootstrap;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Everything needed to log in to one server over SSH: an ECS instance of a profile or a registered custom
 * (bring-your-own) server alike, so that both run the same bootstrap through the same code.
 * <p>
 * The private key is parsed with JSch when the target is made, so that an unreadable key, a missing or wrong
 * passphrase, or a public key pasted by mistake is reported at once, with what to do, and not as an
 * "Auth fail" minutes later. Accepted: OpenSSH ({@code BEGIN OPENSSH PRIVATE KEY}) and PEM (PKCS#1, SEC1,
 * PKCS#8) files holding RSA, ECDSA or Ed25519 keys. {@link #toString()} never shows the key or the passphrase.
 */
public final class SshTarget {

    /** Host names and IPv4/IPv6 literals; nothing that could be read as an option or hold a space. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    private final String host;
    private final int port;
    private final String user;
    private final String privateKey;
    private final String passphrase;
    private final String pinnedHostKey;
    private final String keyType;

    /**
     * @param host          the server's address (the instance's public IP, or a custom server's address)
     * @param port          its SSH port, 1..65535
     * @param user          the login user (root on ECS images)
     * @param privateKey    the private key file's text
     * @param passphrase    the key's passphrase, or null/empty when the key has none
     * @param pinnedHostKey the host key pinned on first contact as {@link HostKeyPin#line()} gives it, or null
     *                      when this is the first contact
     * @throws IllegalArgumentException with a message for a person when any of it is unusable
     */
    public SshTarget(String host, int port, String user, String privateKey, String passphrase, String pinnedHostKey) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("The server address is required");
        }
        this.host = host.strip();
        if (!HOST.matcher(this.host).matches()) {
            throw new IllegalArgumentException("'" + this.host + "' is not a valid server address (a host name or an IP address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SSH port " + port + " is outside 1..65535");
        }
        this.port = port;
        if (user == null || !USER.matcher(user.strip()).matches()) {
            throw new IllegalArgumentException("'" + user + "' is not a valid login user name (lower-case letters, digits, '_', '.', '-')");
        }
        this.user = user.strip();
        this.passphrase = passphrase == null || passphrase.isEmpty() ? null : passphrase;
        this.privateKey = privateKey;
        this.keyType = checkPrivateKey(privateKey, this.passphrase);
        this.pinnedHostKey = pinnedHostKey == null || pinnedHostKey.isBlank() ? null : HostKeyPin.parse(pinnedHostKey).line();
    }

    /** Port 22, user root, no passphrase, first contact: an instance just created with a profile's key pair. */
    public static SshTarget ecsInstance(String publicIp, String privateKey) {
        return new SshTarget(publicIp, 22, "root", privateKey, null, null);
    }

    /** The same target with the host key pinned (after the first contact stored it, or after an operator accepted a rebuilt server). */
    public SshTarget withPinnedHostKey(String hostKey) {
        return new SshTarget(host, port, user, privateKey, passphrase, hostKey);
    }

    /** The same target with no pinned key: what accepting a legitimately rebuilt server amounts to. */
    public SshTarget withoutPinnedHostKey() {
        return new SshTarget(host, port, user, privateKey, passphrase, null);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The pinned host key line, or null on first contact. */
    public String pinnedHostKey() {
        return pinnedHostKey;
    }

    /** The private key's algorithm as SSH names it, e.g. {@code ssh-ed25519}. */
    public String keyType() {
        return keyType;
    }

    /** Hands the key to a JSch instance; copies, because JSch wipes the arrays it is given. */
    void addIdentityTo(JSch jsch) throws JSchException {
        byte[] key = privateKey.getBytes(StandardCharsets.UTF_8);
        byte[] secret = passphrase == null ? null : passphrase.getBytes(StandardCharsets.UTF_8);
        jsch.addIdentity(user + "@" + host, key, null, secret);
    }

    /**
     * Who logs in where with which key, as one opaque value: equal for two targets only when a connection made for
     * one is a connection for the other. The key and passphrase enter only through a SHA-256 digest, so that a
     * connection kept open between calls ({@link SshConnections}) does not keep the key itself in memory.
     */
    String login() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(privateKey.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            if (passphrase != null) {
                digest.update(passphrase.getBytes(StandardCharsets.UTF_8));
            }
            return user + "@" + address() + " " + java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** host:port as people write it, with brackets around an IPv6 literal. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return user + "@" + address() + " (" + keyType + " key" + (pinnedHostKey == null ? ", host key not pinned yet" : ", host key pinned") + ")";
    }

    /**
     * Parses the key as the SSH connection will, and says in plain words what is wrong with it.
     *
     * @return the key type name
     */
    static String checkPrivateKey(String privateKey, String passphrase) {
        if (privateKey == null || privateKey.isBlank()) {
            throw new IllegalArgumentException("The private key is required");
        }
        String text = privateKey.strip();
        if (text.matches("(?s)^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\\S+|sk-\\S+)\\s+AAAA.*")) {
            throw new IllegalArgumentException("This is a public key (one line starting with its type); the private key"
                    + " is needed: the file without .pub, starting with -----BEGIN");
        }
        if (!text.startsWith("-----BEGIN ") && !text.startsWith("PuTTY-User-Key-File")) {
            throw new IllegalArgumentException("The private key is not readable: paste the whole key file, from its"
                    + " -----BEGIN ... PRIVATE KEY----- line to its -----END line");
        }
        KeyPair pair;
        try {
            pair = KeyPair.load(new JSch(), text.getBytes(StandardCharsets.UTF_8), null);
        } catch (JSchException | RuntimeException e) {
            throw new IllegalArgumentException("The private key is not readable as an OpenSSH or PEM key (RSA, ECDSA or"
                    + " Ed25519): " + e.getMessage() + ". Check that the whole file was pasted unchanged", e);
        }
        try {
            if (pair.isEncrypted()) {
                if (passphrase == null) {
                    throw new IllegalArgumentException("The private key is protected by a passphrase: enter the passphrase");
                }
                if (!pair.decrypt(passphrase.getBytes(StandardCharsets.UTF_8))) {
                    throw new IllegalArgumentException("The passphrase does not unlock the private key: check the passphrase");
                }
            }
            int type = pair.getKeyType();
            return switch (type) {
                case KeyPair.RSA, KeyPair.ECDSA, KeyPair.ED25519 -> pair.getKeyTypeString();
                case KeyPair.DSA -> throw new IllegalArgumentException("DSA keys are refused by current SSH servers:"
                        + " use an Ed25519, ECDSA or RSA key");
                default -> throw new IllegalArgumentException("The private key's type is not supported: use an"
                        + " Ed25519, ECDSA or RSA key");
            };
        } finally {
            pair.dispose();
        }
    }
}

package com.ecsprovisioner.sandbox.ssh;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One host key per instance, as on real servers: a client that pins the key of an instance must see the same key
 * after a sandbox restart, and a different one when a new instance gets a reused address (that is exactly the change
 * the product's pinning must refuse). Keys are ECDSA P-256, generated on first use and, with a data folder, written
 * in OpenSSH format under {@code <data folder>/sandbox/ssh/host-keys/}.
 */
final class HostKeys {

    private static final Logger LOG = Logger.getLogger(HostKeys.class.getName());
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path folder;
    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();

    /** @param dataFolder the sandbox's data folder, or null to keep keys in memory only */
    HostKeys(Path dataFolder) {
        this.folder = dataFolder == null ? null : dataFolder.resolve("sandbox").resolve("ssh").resolve("host-keys");
    }

    KeyPair forInstance(String instanceId) {
        if (instanceId == null || !SAFE_ID.matcher(instanceId).matches()) {
            // The id becomes a file name; refuse anything that could escape the folder.
            throw new IllegalArgumentException("Instance id '" + instanceId + "' cannot name a host key file");
        }
        return keys.computeIfAbsent(instanceId, this::loadOrCreate);
    }

    private KeyPair loadOrCreate(String instanceId) {
        try {
            if (folder == null) {
                return generate();
            }
            Path file = folder.resolve(instanceId + "_ecdsa_key");
            if (Files.exists(file)) {
                return read(file);
            }
            KeyPair pair = generate();
            write(file, pair, instanceId);
            LOG.fine(() -> "New host key for instance " + instanceId + " in " + file);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("Host key of instance " + instanceId + " could not be read or written in "
                    + folder + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Host key of instance " + instanceId + " could not be made: " + e, e);
        }
    }

    private static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IOException("no key pair in " + file);
            }
            return it.next();
        }
    }

    private void write(Path file, KeyPair pair, String instanceId) throws IOException, GeneralSecurityException {
        Files.createDirectories(folder);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new OpenSSHKeyPairResourceWriter().writePrivateKey(pair, "sandbox host " + instanceId, null, out);
        Path temp = Files.createTempFile(folder, instanceId, ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.log(Level.FINE, "No POSIX permissions on " + folder, e);
            }
            Files.write(temp, out.toByteArray());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

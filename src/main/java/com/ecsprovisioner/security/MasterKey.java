package com.ecsprovisioner.security;

import com.ecsprovisioner.platform.DataFolder;
import com.ecsprovisioner.platform.DeploymentCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where the key that seals stored secrets comes from: {@code ecs.master-key} (base64 of 32 bytes) when configured,
 * as it should be in production where the data folder and its backups may be seen by others; otherwise a key
 * generated once into {@code <data folder>/master.key}, readable by the owner only, with a warning in the log and
 * on the dashboard, because whoever has the data folder then has the secrets too.
 */
@ApplicationScoped
public class MasterKey {

    private static final Logger LOG = Logger.getLogger(MasterKey.class.getName());
    static final String FILE_NAME = "master.key";

    @Inject
    @ConfigProperty(name = "ecs.master-key")
    Optional<String> configured;

    @Inject
    DataFolder dataFolder;

    /** Whether this is production, decided from the database the data source really reaches. */
    @Inject
    DeploymentCheck deploymentCheck;

    private SecretBox box;
    private boolean fromFile;

    @PostConstruct
    void load() {
        if (configured.isPresent() && !configured.get().isBlank()) {
            box = new SecretBox(decode(configured.get(), "ecs.master-key"));
            return;
        }
        // DeploymentCheck has refused a production deployment without a configured key already.
        if (deploymentCheck.mode().production()) {
            throw new IllegalStateException(deploymentCheck.mode().problems().get(0));
        }
        fromFile = true;
        Path file = dataFolder.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                LOG.warning("No ecs.master-key configured: generated one into " + file
                        + " (owner-only). Anyone who can read the data folder can read stored secrets; configure ecs.master-key for production.");
            } else {
                LOG.warning("No ecs.master-key configured: using the generated key in " + file
                        + ". Configure ecs.master-key for production.");
            }
            box = new SecretBox(decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + file + " cannot be read or written", e);
        }
    }

    /** True when the key was generated into the data folder instead of coming from configuration. */
    public boolean isGenerated() {
        return fromFile;
    }

    @Produces
    SecretBox secretBox() {
        return box;
    }

    private static byte[] decode(String base64, String where) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.trim());
            if (key.length != 32) {
                throw new IllegalArgumentException(where + " must be 32 bytes encoded in base64 (for example the output of 'openssl rand -base64 32'), but it is " + key.length + " bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + " is not valid base64 (generate one with 'openssl rand -base64 32')");
        }
    }
}

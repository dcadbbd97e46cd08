package com.ecsprovisioner.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded broker's internal user, the one the application itself connects as: its password is generated once
 * per installation into {@code <data folder>/broker/internal-user.password} (owner-only, like the rest of the data
 * folder), never printed, and read by both the launcher (for the resource adapter) and the broker
 * ({@code EmbeddedBroker}). Nobody else needs it: other systems get users of their own (README, broker users).
 */
public final class BrokerCredentials {

    /** The user name; {@code com.ecsprovisioner.platform.broker.BrokerRoles} gives it the internal role. */
    public static final String INTERNAL_USER = "ecs-internal";
    /** Relative to the data folder; the broker reads the same file. */
    public static final String PASSWORD_FILE = "broker/internal-user.password";

    private BrokerCredentials() {
    }

    /** The internal user's password, generated on first use. */
    public static String internalPassword(Path dataDir) throws IOException {
        Path file = dataDir.resolve(PASSWORD_FILE);
        if (!Files.isRegularFile(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            OwnerOnly.writeNew(file, Base64.getUrlEncoder().withoutPadding().encode(random));
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}

package com.ecsprovisioner.platform.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes sure another system can connect on a fresh installation, as {@code security.FirstAdmin} does for the console:
 * when the broker has never had a users file, the sender {@value #NAME} is made, with the configured password or a
 * random one that the start logs once. Once the file exists (even emptied by removing every user) nothing is made
 * again, so a removed user stays removed.
 */
public final class FirstBrokerUser {

    public static final String NAME = "automation";

    private FirstBrokerUser() {
    }

    /** The generated password, when one was made now and none was configured. */
    public static Optional<String> ensure(Path dataDir, Optional<String> configuredPassword) throws IOException {
        if (Files.exists(dataDir.resolve(BrokerUsers.USERS_FILE))) {
            return Optional.empty();
        }
        if (configuredPassword.isPresent() && !configuredPassword.get().isBlank()) {
            BrokerUserTool.add(dataDir, NAME, BrokerRoles.SENDER, configuredPassword.get());
            return Optional.empty();
        }
        return Optional.of(BrokerUserTool.add(dataDir, NAME, BrokerRoles.SENDER));
    }
}

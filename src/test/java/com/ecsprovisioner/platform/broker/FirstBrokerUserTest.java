package com.ecsprovisioner.platform.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstBrokerUserTest {

    @TempDir
    Path data;

    @Test
    void aFreshInstallationGetsOneSenderWhosePasswordIsShownOnceAndKeptOnlyAsAHash() throws Exception {
        String password = FirstBrokerUser.ensure(data, Optional.empty()).orElseThrow();
        BrokerUsers users = new BrokerUsers("internal", data);
        assertEquals(FirstBrokerUser.NAME, users.validateUser(FirstBrokerUser.NAME, password, null, null));
        Path file = data.resolve(BrokerUsers.USERS_FILE);
        assertFalse(Files.readString(file).contains(password));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(FirstBrokerUser.ensure(data, Optional.empty()).isEmpty(), "made once");
    }

    @Test
    void aConfiguredPasswordIsUsedAndNotShownAndARemovedUserStaysRemoved() throws Exception {
        assertTrue(FirstBrokerUser.ensure(data, Optional.of("configured-password-1")).isEmpty());
        BrokerUsers users = new BrokerUsers("internal", data);
        assertEquals(FirstBrokerUser.NAME, users.validateUser(FirstBrokerUser.NAME, "configured-password-1", null, null));
        BrokerUserTool.remove(data, FirstBrokerUser.NAME);
        assertTrue(FirstBrokerUser.ensure(data, Optional.empty()).isEmpty());
        assertEquals(null, new BrokerUsers("internal", data).validateUser(FirstBrokerUser.NAME, "configured-password-1", null, null));
    }
}

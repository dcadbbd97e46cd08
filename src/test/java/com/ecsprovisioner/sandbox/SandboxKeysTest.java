package com.ecsprovisioner.sandbox;

import com.ecsprovisioner.testsupport.FreePort;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.cloud.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxKeysTest {

    @TempDir
    Path temp;

    private static Set<String> ids(List<AccessKey> keys) {
        return keys.stream().map(AccessKey::id).collect(Collectors.toSet());
    }

    @Test
    void eachInstallationHasKeysOfItsOwnKeptOwnerOnlyAndNeverThePublishedOnes() throws Exception {
        List<AccessKey> first = SandboxKeys.forInstallation(temp.resolve("one"));
        List<AccessKey> second = SandboxKeys.forInstallation(temp.resolve("two"));

        assertEquals(3, first.size());
        assertNotEquals(ids(first), ids(second));
        assertNotEquals(first.get(0).secret(), second.get(0).secret());
        Set<String> published = ids(SandboxConfig.defaultAccounts());
        assertTrue(ids(first).stream().noneMatch(published::contains));
        // Kept: a restart accepts the keys the saved profiles hold.
        assertEquals(first, SandboxKeys.forInstallation(temp.resolve("one")));
        Path file = temp.resolve("one").resolve(SandboxKeys.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        // Same shapes as the defaults: full access first, then ECS only, then read-only.
        assertEquals(SandboxConfig.defaultAccounts().get(0).policies(), first.get(0).policies());
        assertEquals(SandboxConfig.defaultAccounts().get(2).policies(), first.get(2).policies());
    }

    @Test
    void theSandboxWithADataFolderAcceptsItsInstallationsKeysAndNotTheDemoKeys() {
        Path data = temp.resolve("data");
        Map<String, String> settings = Map.of("ecs.sandbox.port", "0", "ecs.sandbox.ssh.port", String.valueOf(FreePort.next()));
        try (SandboxSystem sandbox = SandboxSystem.start(settings::get, data)) {
            assertEquals(SandboxKeys.forInstallation(data), sandbox.api().accounts());
            assertFalse(ids(sandbox.api().accounts()).contains(SandboxConfig.defaultAccounts().get(0).id()));
            // What the application logs names the keys but holds neither their secrets nor the admin token.
            String logged = sandbox.describe(false);
            assertTrue(logged.contains(sandbox.api().accounts().get(0).id()), logged);
            sandbox.api().accounts().forEach(k -> assertFalse(logged.contains(k.secret()), logged));
            assertFalse(logged.contains(sandbox.api().adminToken()), logged);
        }
        try (SandboxSystem memoryOnly = SandboxSystem.start(settings::get, null)) {
            assertFalse(ids(memoryOnly.api().accounts()).contains(SandboxConfig.defaultAccounts().get(0).id()));
        }
    }

    @Test
    void keysStoredBeforeQuotaCenterGainItsReadOnlyPolicyOnTheNextStartAndNothingElse() throws Exception {
        Path data = temp.resolve("old");
        Path file = data.resolve(SandboxKeys.FILE);
        Files.createDirectories(file.getParent());
        // The file as installations wrote it before Quota Center: no AliyunQuotasReadOnlyAccess anywhere.
        Files.writeString(file, String.join("\n",
                "LTAI5tOldFullAccessKey01:s1:1000000000000001:sandbox-admin:AliyunECSFullAccess+AliyunVPCFullAccess",
                "LTAI5tOldEcsOnlyKey00001:s2:1000000000000001:sandbox-ecs-only:AliyunECSFullAccess",
                "LTAI5tOldReadOnlyKey0001:s3:1000000000000001:sandbox-read-only:AliyunECSReadOnlyAccess+AliyunVPCReadOnlyAccess",
                "LTAI5tOperatorsOwnKey001:s4:1000000000000001:alice:AliyunECSReadOnlyAccess+ecs:StartInstance", ""));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        List<AccessKey> keys = SandboxKeys.forInstallation(data);
        assertEquals(List.of("LTAI5tOldFullAccessKey01", "LTAI5tOldEcsOnlyKey00001", "LTAI5tOldReadOnlyKey0001",
                "LTAI5tOperatorsOwnKey001"), keys.stream().map(AccessKey::id).toList(), "same keys, same secrets");
        assertEquals("s1", keys.get(0).secret());
        assertEquals(Set.of(Policy.ECS_FULL, Policy.VPC_FULL, Policy.QUOTAS_READ_ONLY), keys.get(0).policies());
        assertEquals(Set.of(Policy.ECS_FULL), keys.get(1).policies(), "the ECS-only shape never had it");
        assertTrue(keys.get(2).policies().contains(Policy.QUOTAS_READ_ONLY));
        assertEquals(Set.of(Policy.ECS_READ_ONLY), keys.get(3).policies(), "a key of no default shape is left as it is");
        assertEquals(Set.of("ecs:StartInstance"), keys.get(3).actions());
        // Written back, owner-only, and read the same way again.
        assertTrue(Files.readString(file).contains("AliyunQuotasReadOnlyAccess"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(keys, SandboxKeys.forInstallation(data));
    }
}

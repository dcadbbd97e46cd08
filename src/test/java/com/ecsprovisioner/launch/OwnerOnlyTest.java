package com.ecsprovisioner.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OwnerOnlyTest {

    @TempDir
    Path temp;

    @Test
    void anExistingDataFolderLeftReadableIsMadeOwnerOnlyAtStart() throws Exception {
        Path data = temp.resolve("data");
        Path db = Files.createDirectories(data.resolve("db"));
        Path journal = Files.createDirectories(data.resolve("broker").resolve("journal"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path h2 = Files.writeString(db.resolve("ecs.mv.db"), "rows");
        Path key = Files.writeString(data.resolve("master.key"), "key");
        Path page = Files.writeString(journal.resolve("activemq-data-1.amq"), "messages");
        for (Path file : List.of(h2, key, page)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        OwnerOnly.secureTree(data);

        for (Path folder : List.of(data, db, journal, journal.getParent())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)), folder.toString());
        }
        for (Path file : List.of(h2, key, page)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @Test
    void bootCommandFilesThatCarryPasswordsAreOwnerOnlyFromTheStart() throws Exception {
        Path data = temp.resolve("fresh");
        Properties props = new Properties();
        props.setProperty("ecs.data.dir", data.toString());
        LaunchSettings settings = LaunchSettings.resolve(props, Map.of());
        Launcher.writeBootCommands(settings, ListenSettings.resolve(props, Map.of(), settings.httpPort()), Path.of("r.rar"), data);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        for (String name : List.of(Launcher.PRE_BOOT, Launcher.POST_BOOT, Launcher.POST_DEPLOY)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))), name);
        }
    }
}

package com.ecsprovisioner.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which archive the launcher hands Payara Micro, and with which libraries. */
class DeploymentTest {

    @Test
    void aBuildWithTheThinWarDeploysItWithItsLibrariesOnPayarasClassPath(@TempDir Path build) throws Exception {
        Files.writeString(build.resolve(Deployment.FULL_WAR), "full");
        Files.writeString(build.resolve(Deployment.THIN_WAR), "thin");
        Path libs = Files.createDirectory(build.resolve(Deployment.THIN_LIBS));
        Files.writeString(libs.resolve("b.jar"), "b");
        Files.writeString(libs.resolve("a.jar"), "a");
        Files.writeString(libs.resolve("notes.txt"), "not a jar");

        Deployment deployment = Deployment.in(build).orElseThrow();

        assertTrue(deployment.thin());
        assertEquals(List.of("--addlibs", libs.resolve("a.jar") + File.pathSeparator + libs.resolve("b.jar"),
                "--deploy", build.resolve(Deployment.THIN_WAR).toString(), "--contextroot", "/"), deployment.payaraArguments());
        assertTrue(deployment.describe().contains("2 library jars"), deployment.describe());
    }

    @Test
    void withoutACurrentThinWarTheFullWarIsDeployedAndTheStartSaysSo(@TempDir Path build) throws Exception {
        Path full = Files.writeString(build.resolve(Deployment.FULL_WAR), "full");
        assertFull(build, full);

        // A thin WAR without its libraries.
        Path thin = Files.writeString(build.resolve(Deployment.THIN_WAR), "thin");
        assertFull(build, full);

        // Libraries, but an empty folder.
        Path libs = Files.createDirectory(build.resolve(Deployment.THIN_LIBS));
        assertFull(build, full);

        // A thin WAR from an earlier build than the full one.
        Files.writeString(libs.resolve("a.jar"), "a");
        Files.setLastModifiedTime(thin, FileTime.from(Instant.now().minusSeconds(3600)));
        assertFull(build, full);

        Files.setLastModifiedTime(thin, FileTime.from(Instant.now().plusSeconds(1)));
        assertTrue(Deployment.in(build).orElseThrow().thin());
    }

    @Test
    void aFolderWithNeitherWarHasNothingToDeploy(@TempDir Path build) {
        assertTrue(Deployment.in(build).isEmpty());
    }

    private static void assertFull(Path build, Path full) {
        Deployment deployment = Deployment.in(build).orElseThrow();
        assertFalse(deployment.thin());
        assertEquals(List.of("--deploy", full.toString(), "--contextroot", "/"), deployment.payaraArguments());
        assertTrue(deployment.describe().contains("full ecs-provisioner.war"), deployment.describe());
    }
}

package com.ecsprovisioner.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one folder that holds everything the product keeps between runs (database, broker journal, keys, sandbox).
 * Owner-only (0700): the launcher also fixes the modes of everything in it at start, this covers a folder created
 * by the application itself (the integration tests boot Payara without the launcher).
 */
@ApplicationScoped
public class DataFolder {

    @Inject
    @ConfigProperty(name = "ecs.data.dir", defaultValue = "data")
    String configured;

    private Path root;

    @PostConstruct
    void init() {
        root = Path.of(configured).toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The data folder " + root + " cannot be created (set ecs.data.dir to a writable folder)", e);
        }
    }

    /** A data folder outside the container (tests, tools), created as the application creates it. */
    public static DataFolder at(Path root) {
        DataFolder folder = new DataFolder();
        folder.configured = root.toString();
        folder.init();
        return folder;
    }

    public Path root() {
        return root;
    }

    public Path resolve(String child) {
        return root.resolve(child);
    }
}

package com.ecsprovisioner.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one folder that holds everything the product keeps between runs (database, broker journal, keys, sandbox). */
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
        } catch (IOException e) {
            throw new UncheckedIOException("The data folder " + root + " cannot be created (set ecs.data.dir to a writable folder)", e);
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String child) {
        return root.resolve(child);
    }
}

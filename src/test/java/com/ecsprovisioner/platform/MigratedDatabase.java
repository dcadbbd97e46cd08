package com.ecsprovisioner.platform;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A {@link MigratedH2} database of one test, in a folder of its own, closed and removed after the test: register it
 * with {@code @RegisterExtension} instead of repeating the folder, the factory and its closing in every test class.
 */
public final class MigratedDatabase implements BeforeEachCallback, AfterEachCallback {

    private Path folder;
    private EntityManagerFactory factory;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("ecs-test-db");
    }

    /** Opens the database, migrated; opening it again closes the first factory (a restart of the application). */
    public EntityManagerFactory open() {
        closeFactory();
        factory = MigratedH2.open(folder);
        return factory;
    }

    public EntityManager createEntityManager() {
        if (factory == null) {
            throw new IllegalStateException("open() the database first");
        }
        return factory.createEntityManager();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        closeFactory();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void closeFactory() {
        if (factory != null) {
            factory.close();
            factory = null;
        }
    }
}

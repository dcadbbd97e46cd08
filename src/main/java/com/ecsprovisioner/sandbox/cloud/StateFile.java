package com.ecsprovisioner.sandbox.cloud;

import com.ecsprovisioner.sandbox.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The cloud's state on disk: {@code <data folder>/sandbox/state.json}, written atomically (a temporary file in the
 * same folder, then a move), so that a crash mid-write leaves the previous state whole.
 */
public final class StateFile {

    private final Path file;

    public StateFile(Path dataDir) {
        this.file = dataDir.resolve("sandbox").resolve("state.json");
    }

    public Path path() {
        return file;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            Object parsed = Json.read(Files.readString(file, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?>)) {
                throw new IllegalStateException("Sandbox state file " + file + " does not hold a JSON object");
            }
            return (Map<String, Object>) parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sandbox state file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Sandbox state file " + file + " is corrupt: " + e.getMessage()
                    + ". Move it away to start with an empty cloud.", e);
        }
    }

    public synchronized void write(Map<String, Object> state) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "state", ".tmp");
            try {
                Files.writeString(tmp, Json.write(state), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write sandbox state file " + file, e);
        }
    }
}

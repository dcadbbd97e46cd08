package com.ecsprovisioner.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bootstrap scripts as shipped in the WAR ({@code src/main/resources/bootstrap/}), ready to upload into a
 * directory D on the server next to {@code D/bootstrap.env}. The list is explicit because a class path cannot
 * be listed portably; a test checks that it names every script in the resource folder.
 */
public final class BootstrapScripts {

    /** Resource folder on the class path. */
    public static final String RESOURCE_DIR = "bootstrap/";
    public static final String AGENT = "ecs-agent.sh";
    public static final String MAIN = "main.sh";
    /** Every file to upload, in no particular order. */
    public static final List<String> FILES = List.of(AGENT, MAIN, "lib.sh", "steps.sh");

    private final Map<String, String> texts;

    private BootstrapScripts(Map<String, String> texts) {
        this.texts = texts;
    }

    /** Loads the scripts from the class path; fails loudly if the WAR is missing one. */
    public static BootstrapScripts load() {
        Map<String, String> texts = new LinkedHashMap<>();
        ClassLoader loader = BootstrapScripts.class.getClassLoader();
        for (String file : FILES) {
            try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + file)) {
                if (in == null) {
                    throw new IllegalStateException("bootstrap script " + RESOURCE_DIR + file + " is missing from the class path");
                }
                texts.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bootstrap script " + file, e);
            }
        }
        return new BootstrapScripts(Map.copyOf(texts));
    }

    /** The files to upload: name to UTF-8 text. */
    public Map<String, String> files() {
        return texts;
    }

    public Optional<String> text(String file) {
        return Optional.ofNullable(texts.get(file));
    }

    /** The steps main.sh runs, in order, read from the script text. */
    public List<StepDeclaration> steps() {
        return StepDeclarations.read(MAIN, this::text);
    }
}

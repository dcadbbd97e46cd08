package com.ecsprovisioner.launch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the launcher hands Payara Micro to deploy: the thin WAR with its library jars beside it when the build made
 * them, else the full WAR. Payara builds a class model of every class in every jar inside a WAR at deployment (two
 * thirds of the start-up beyond a bare Payara Micro, README "Start-up beside a bare Payara Micro"); jars passed
 * with {@code --addlibs} join the server's class path instead and are not parsed. The full WAR stays the artefact
 * for application servers. A thin WAR older than the full one is from an earlier build and is not used.
 *
 * @param war       the archive to deploy
 * @param libraries the jars for {@code --addlibs}; empty with the full WAR
 */
record Deployment(Path war, List<Path> libraries) {

    static final String FULL_WAR = "ecs-provisioner.war";
    static final String THIN_WAR = "ecs-provisioner-thin.war";
    static final String THIN_LIBS = "thin-libs";

    /** The thin layout if the build folder holds a current one, else the full WAR; empty if neither exists. */
    static Optional<Deployment> in(Path build) {
        Path full = build.resolve(FULL_WAR);
        Path thin = build.resolve(THIN_WAR);
        Path libs = build.resolve(THIN_LIBS);
        if (Files.isRegularFile(thin) && Files.isDirectory(libs) && !olderThan(thin, full)) {
            List<Path> jars = jars(libs);
            if (!jars.isEmpty()) {
                return Optional.of(new Deployment(thin, jars));
            }
        }
        return Files.isRegularFile(full) ? Optional.of(new Deployment(full, List.of())) : Optional.empty();
    }

    boolean thin() {
        return !libraries.isEmpty();
    }

    /** Payara Micro's arguments for this deployment (its libraries before the archive that needs them). */
    List<String> payaraArguments() {
        Stream<String> libs = thin()
                ? Stream.of("--addlibs", libraries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)))
                : Stream.empty();
        return Stream.concat(libs, Stream.of("--deploy", war.toString(), "--contextroot", "/")).toList();
    }

    /** One line for the start's output, so that a run on the full WAR is never silent. */
    String describe() {
        return thin() ? "deploying " + war.getFileName() + " with " + libraries.size() + " library jars from "
                + war.resolveSibling(THIN_LIBS)
                : "deploying the full " + war.getFileName() + " (no current " + THIN_WAR + " and " + THIN_LIBS
                + " beside it; the start takes longer)";
    }

    private static boolean olderThan(Path file, Path other) {
        try {
            return Files.isRegularFile(other) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(other)) < 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> jars(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.ecsprovisioner.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data folder holds the database, the broker journal, the master key and the sandbox's state: nobody but its
 * owner may read it. Folders are 0700 and files 0600, set when created here and fixed at every start for what
 * other code (H2, Artemis, Payara) created with the process's umask, or what an older version left readable.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the folder (and missing parents below it) owner-only. */
    public static Path createFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, attribute(FOLDER));
        }
        restrict(folder);
        return folder;
    }

    /** Writes a file that exists owner-only from its first byte, never readable by others for a moment. */
    public static void writeNew(Path file, byte[] content) throws IOException {
        createFolder(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, attribute(FILE));
        Files.write(file, content);
    }

    /** Takes group and other rights off the folder and everything in it; symbolic links are not followed. */
    public static void secureTree(Path root) {
        if (!posix() || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(OwnerOnly::restrictQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException("The data folder " + root + " cannot be made owner-only", e);
        }
    }

    private static void restrictQuietly(Path path) {
        try {
            restrict(path);
        } catch (IOException e) {
            // A file removed while we walk (a journal file being rotated) needs nothing.
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new UncheckedIOException("Cannot make " + path + " owner-only", e);
            }
        }
    }

    private static void restrict(Path path) throws IOException {
        if (!posix() || Files.isSymbolicLink(path)) {
            return;
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> wanted = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE;
        if (!current.equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
        }
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
        return posix() ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}

package com.ecsprovisioner.platform.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Makes and removes the embedded broker's users for other systems (README, "Broker users"):
 * {@code add NAME sender|observer} generates a password, prints it once and keeps only its hash;
 * {@code remove NAME}. The data folder is {@code ecs.data.dir} (default {@code ./data}); a running product sees
 * the change at the next connection.
 */
public final class BrokerUserTool {

    private BrokerUserTool() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(System.getProperty("ecs.data.dir", "data"));
        if (args.length == 3 && args[0].equals("add") && (args[2].equals(BrokerRoles.SENDER) || args[2].equals(BrokerRoles.OBSERVER))) {
            String password = add(data, args[1], args[2]);
            System.out.println("Broker user " + args[1] + " (" + args[2] + ") added. Password, shown only now: " + password);
        } else if (args.length == 2 && args[0].equals("remove")) {
            System.out.println(remove(data, args[1]) ? "Broker user " + args[1] + " removed." : "No broker user " + args[1] + ".");
        } else {
            System.err.println("Usage: add NAME sender|observer   or   remove NAME");
            System.exit(2);
        }
    }

    /** Adds (or replaces) the user and returns its new password. */
    public static String add(Path data, String name, String role) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return add(data, name, role, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /** Adds (or replaces) the user with this password (e.g. one an operator configured) and returns it. */
    public static String add(Path data, String name, String role, String password) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]{1,64}") || name.equals(BrokerUsers.INTERNAL_USER)) {
            throw new IllegalArgumentException("A broker user name is 1-64 letters, digits, '.', '_' or '-', and not "
                    + BrokerUsers.INTERNAL_USER + ": '" + name + "'");
        }
        Properties users = load(data);
        users.setProperty(name, role + ":" + PasswordHash.hash(password.toCharArray()));
        store(data, users);
        return password;
    }

    public static boolean remove(Path data, String name) throws IOException {
        Properties users = load(data);
        boolean removed = users.remove(name) != null;
        store(data, users);
        return removed;
    }

    private static Properties load(Path data) throws IOException {
        Properties users = new Properties();
        Path file = data.resolve(BrokerUsers.USERS_FILE);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                users.load(reader);
            }
        }
        return users;
    }

    private static void store(Path data, Properties users) throws IOException {
        Path file = data.resolve(BrokerUsers.USERS_FILE);
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path next = file.resolveSibling("users.properties.new");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer writer = Files.newBufferedWriter(next, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            users.store(writer, "Broker users: name=role:password hash (made by BrokerUserTool)");
        }
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

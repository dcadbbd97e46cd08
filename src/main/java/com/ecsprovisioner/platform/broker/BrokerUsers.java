package com.ecsprovisioner.platform.broker;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager4;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Who may connect to the embedded broker: the application's internal user (its password generated per installation
 * by the launcher, {@link #INTERNAL_PASSWORD_FILE}), and the users an operator made with {@link BrokerUserTool},
 * kept in {@code <data folder>/broker/users.properties} as {@code name=role:pbkdf2-hash}. The file is read again when
 * it changes, so that a user added or removed counts from the next connection. No user, no connection: there is no
 * anonymous access. It answers with the user's name (Artemis's {@code ActiveMQSecurityManager4}), not a plain yes: only
 * then does the broker stamp the validated user on every message ({@code populate-validated-user}).
 */
public final class BrokerUsers implements ActiveMQSecurityManager4 {

    private static final Logger LOG = Logger.getLogger(BrokerUsers.class.getName());

    public static final String INTERNAL_USER = "ecs-internal";
    /** The launcher writes it (owner-only); the same relative path as {@code launch.BrokerCredentials}. */
    public static final String INTERNAL_PASSWORD_FILE = "broker/internal-user.password";
    public static final String USERS_FILE = "broker/users.properties";

    private record User(String role, String hash) {
    }

    private final byte[] internalPassword;
    private final Path usersFile;
    private volatile Map<String, User> users = Map.of();
    private volatile FileTime loaded;

    public BrokerUsers(String internalPassword, Path dataDir) {
        this.internalPassword = internalPassword.getBytes(StandardCharsets.UTF_8);
        this.usersFile = dataDir.resolve(USERS_FILE);
    }

    @Override
    public boolean validateUser(String user, String password) {
        return roleOf(user, password) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        String role = roleOf(user, password);
        return role != null && roles.stream().anyMatch(r -> r.getName().equals(role) && checkType.hasRole(r));
    }

    @Override
    public String validateUser(String user, String password, RemotingConnection connection, String securityDomain) {
        return validateUser(user, password) ? user : null;
    }

    @Override
    public String validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType, String address,
                                      RemotingConnection connection, String securityDomain) {
        return validateUserAndRole(user, password, roles, checkType) ? user : null;
    }

    private String roleOf(String user, String password) {
        if (user == null || password == null) {
            return null;
        }
        if (user.equals(INTERNAL_USER)) {
            return MessageDigest.isEqual(internalPassword, password.getBytes(StandardCharsets.UTF_8)) ? BrokerRoles.INTERNAL : null;
        }
        User known = current().get(user);
        return known != null && PasswordHash.matches(password.toCharArray(), known.hash()) ? known.role() : null;
    }

    private Map<String, User> current() {
        try {
            FileTime modified = Files.exists(usersFile) ? Files.getLastModifiedTime(usersFile) : null;
            if (modified == null) {
                return Map.of();
            }
            if (!modified.equals(loaded)) {
                users = read(usersFile);
                loaded = modified;
            }
            return users;
        } catch (IOException e) {
            throw new UncheckedIOException("The broker users file " + usersFile + " cannot be read", e);
        }
    }

    static Map<String, User> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, User> read = new ConcurrentHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            String[] roleAndHash = properties.getProperty(name).split(":", 2);
            if (roleAndHash.length != 2 || !BrokerRoles.ALL.contains(roleAndHash[0]) || roleAndHash[0].equals(BrokerRoles.INTERNAL)) {
                LOG.warning(() -> "Broker user '" + name + "' in " + file + " ignored: expected role:hash with role sender or observer");
                continue;
            }
            read.put(name, new User(roleAndHash[0], roleAndHash[1]));
        }
        return read;
    }
}

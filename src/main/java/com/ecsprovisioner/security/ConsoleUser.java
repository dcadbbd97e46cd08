package com.ecsprovisioner.security;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person who logs in to the console. The lock-out rule is {@link AccountLocks}' (per account and client address);
 * the table's {@code failed_logins} and {@code locked_until} columns, which held an account-wide lock before, are no
 * longer used.
 */
@Entity
@Table(name = "app_user")
@NamedQuery(name = "ConsoleUser.byName", query = "SELECT u FROM ConsoleUser u WHERE u.username = :username")
@NamedQuery(name = "ConsoleUser.all", query = "SELECT u FROM ConsoleUser u ORDER BY u.username")
@NamedQuery(name = "ConsoleUser.count", query = "SELECT COUNT(u) FROM ConsoleUser u")
@NamedQuery(name = "ConsoleUser.countByRole", query = "SELECT COUNT(u) FROM ConsoleUser u WHERE u.role = :role")
public class ConsoleUser {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    @Id
    @SequenceGenerator(name = "ecs_id", sequenceName = "ecs_id_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ecs_id")
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 512)
    private String passwordHash;

    @Column(nullable = false, length = 16)
    @Convert(converter = RoleConverter.class)
    private Role role;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Raised to end every session of this user: sessions carry the value they logged in with. */
    @Column(name = "session_epoch", nullable = false)
    private long sessionEpoch;

    @Version
    private long version;

    protected ConsoleUser() {
    }

    public ConsoleUser(String username, String passwordHash, Role role, Instant now) {
        this.username = requireValidUsername(username);
        this.passwordHash = Objects.requireNonNull(passwordHash);
        this.role = Objects.requireNonNull(role);
        this.createdAt = now;
    }

    public static String requireValidUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new com.ecsprovisioner.platform.Rejected("A user name is 2 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return username;
    }

    public void recordSuccessfulLogin(Instant now) {
        lastLoginAt = now;
    }

    public void changePassword(String newHash) {
        this.passwordHash = Objects.requireNonNull(newHash);
        endSessions();
    }

    public void changeRole(Role newRole) {
        if (newRole != role) {
            endSessions();
        }
        this.role = Objects.requireNonNull(newRole);
    }

    /** Ends every session of this user, on every node, from their next request on. */
    public void endSessions() {
        sessionEpoch++;
    }

    public long getSessionEpoch() {
        return sessionEpoch;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    public Role getRole() {
        return role;
    }

    public Instant getLastLoginAt() {
        return lastLoginAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Converter
    public static class RoleConverter implements AttributeConverter<Role, String> {
        @Override
        public String convertToDatabaseColumn(Role role) {
            return role == null ? null : role.roleName();
        }

        @Override
        public Role convertToEntityAttribute(String name) {
            return name == null ? null : Role.fromName(name);
        }
    }
}

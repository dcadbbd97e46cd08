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

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person who logs in to the console. The lock-out rule lives here: after {@link #LOCK_AFTER_FAILURES} failed
 * logins in a row the account is locked, for a time that doubles with every further failure (capped), so that
 * guessing becomes useless while a user who mistyped waits a minute at most.
 */
@Entity
@Table(name = "app_user")
@NamedQuery(name = "ConsoleUser.byName", query = "SELECT u FROM ConsoleUser u WHERE u.username = :username")
@NamedQuery(name = "ConsoleUser.all", query = "SELECT u FROM ConsoleUser u ORDER BY u.username")
@NamedQuery(name = "ConsoleUser.count", query = "SELECT COUNT(u) FROM ConsoleUser u")
@NamedQuery(name = "ConsoleUser.countByRole", query = "SELECT COUNT(u) FROM ConsoleUser u WHERE u.role = :role")
public class ConsoleUser {

    static final int LOCK_AFTER_FAILURES = 5;
    static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(30);
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

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "locked_until")
    private Instant lockedUntil;

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

    public boolean isLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    public void recordFailedLogin(Instant now) {
        failedLogins++;
        if (failedLogins >= LOCK_AFTER_FAILURES) {
            int extra = Math.min(failedLogins - LOCK_AFTER_FAILURES, 10);
            Duration lock = FIRST_LOCK.multipliedBy(1L << extra);
            lockedUntil = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
        }
    }

    public void recordSuccessfulLogin(Instant now) {
        failedLogins = 0;
        lockedUntil = null;
        lastLoginAt = now;
    }

    public void changePassword(String newHash) {
        this.passwordHash = Objects.requireNonNull(newHash);
        failedLogins = 0;
        lockedUntil = null;
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

    /** Lets an admin undo a lock-out before it runs out. */
    public void unlock() {
        failedLogins = 0;
        lockedUntil = null;
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

    public int getFailedLogins() {
        return failedLogins;
    }

    public Instant getLockedUntil() {
        return lockedUntil;
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

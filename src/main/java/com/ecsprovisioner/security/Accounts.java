package com.ecsprovisioner.security;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditTrail;
import com.ecsprovisioner.audit.Changes;
import com.ecsprovisioner.platform.Rejected;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The boundary for console users: logging in (with the lock-out rule), the first administrator, and user
 * management, which only admins may do.
 */
@Stateless
public class Accounts {

    private static final Logger LOG = Logger.getLogger(Accounts.class.getName());
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash hasher;

    @Inject
    AccountLocks locks;

    @Resource
    EJBContext context;

    /** Every change to a user (and a lock-out the failed logins cause) is recorded in the change's transaction. */
    @Inject
    AuditTrail audit;

    /** The name recorded as who asked: the caller, or the sender an interface authenticated itself (JMS). */
    @Inject
    Requester requester;

    Clock clock = Clock.systemUTC();

    /**
     * What became of a login attempt, and on success the session generation the new session must carry. A failure
     * says nothing more: an unknown user, a wrong password and a locked account get the same answer, so that the
     * reply does not tell which names exist.
     */
    public record LoginOutcome(boolean valid, Role role, long sessionEpoch) {
        public static LoginOutcome invalid() {
            return new LoginOutcome(false, null, 0);
        }
    }

    /**
     * What a session must still match on every request: the user (by id, so that a user deleted and created again
     * under the same name does not revive old sessions), the role and the session generation.
     */
    public record Standing(long userId, Role role, long sessionEpoch) {
        /** What a session carries to prove it belongs to this standing. */
        public String token() {
            return userId + "/" + sessionEpoch;
        }
    }

    @PostConstruct
    void configureHasher() {
        // OWASP's figure for PBKDF2-HMAC-SHA512; about a quarter of a second on a small machine.
        hasher.initialize(Map.of("Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
                "Pbkdf2PasswordHash.Iterations", "210000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "64"));
    }

    /**
     * Checks a login from the given client address. Failures are counted per name and address ({@link AccountLocks}),
     * for unknown names too, so that a lock says nothing about which names exist and an address cannot lock a name
     * for anyone else.
     */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public LoginOutcome login(String username, char[] password, String clientAddress) {
        Instant now = clock.instant();
        boolean locked = locks.isLocked(username, clientAddress);
        Optional<ConsoleUser> found = locked ? Optional.empty() : find(username);
        // One hash check on every path (unknown user, locked out, wrong or right password), so that neither
        // the answer nor the work done tells which names exist.
        String hash = found.map(ConsoleUser::getPasswordHash).orElse(DUMMY_HASH);
        boolean matches = hasher.verify(password, hash);
        if (locked) {
            return LoginOutcome.invalid();
        }
        if (found.isEmpty() || !matches) {
            locks.recordFailure(username, clientAddress);
            if (locks.isLocked(username, clientAddress)) {
                // Only a real user is recorded (an unknown name is whatever the client typed); the product locks.
                found.ifPresent(u -> audit.recordFrom(clientAddress, Callers.SYSTEM, AuditAction.USER_LOCKED, subject(u.getUsername()),
                        Changes.none().value("lockedFor", clientAddress).value("until", locks.lockedUntil(u.getUsername()).orElse(null))));
                // Only a real user's name is logged: an unknown one is whatever the client typed.
                String who = found.map(u -> "'" + u.getUsername() + "'").orElse("an unknown user name");
                LOG.warning(() -> "Logins as " + who + " from " + clientAddress
                        + " refused for a while after repeated failures");
            }
            return LoginOutcome.invalid();
        }
        ConsoleUser user = found.get();
        locks.recordSuccess(username, clientAddress);
        user.recordSuccessfulLogin(now);
        LOG.info(() -> "Console user '" + user.getUsername() + "' logged in (" + user.getRole().roleName() + ") from "
                + clientAddress);
        return new LoginOutcome(true, user.getRole(), user.getSessionEpoch());
    }

    /** The latest time until which some address may not log in as the user; empty when none is locked out. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Optional<Instant> lockedUntil(String username) {
        return locks.lockedUntil(username);
    }

    /** The named user's current role and session generation; empty once the user is deleted. */
    @PermitAll
    public Optional<Standing> standing(String username) {
        return find(username).map(Accounts::standingOf);
    }

    private static Standing standingOf(ConsoleUser user) {
        return new Standing(user.getId(), user.getRole(), user.getSessionEpoch());
    }

    /** Log out: ends the caller's sessions everywhere, not only the one that asked. */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public void endOwnSessions() {
        find(caller()).ifPresent(ConsoleUser::endSessions);
    }

    /** Ends a lock-out before it runs out (a user who asked an admin for help). */
    @RolesAllowed(Role.ADMIN_NAME)
    public void unlock(String username) {
        require(username);
        locks.unlock(username);
        audit.record(actor(), AuditAction.USER_UNLOCKED, subject(username), Changes.none());
        LOG.info(() -> "Console user '" + username + "' unlocked by " + caller());
    }

    /**
     * Creates the administrator on a database without users. Returns the generated password when none was
     * configured, so that the caller can show it once; empty when nothing was created or the password was given.
     */
    @PermitAll
    public Optional<String> createFirstAdminIfNone(Optional<String> configuredPassword) {
        long users = em.createNamedQuery("ConsoleUser.count", Long.class).getSingleResult();
        if (users > 0) {
            return Optional.empty();
        }
        String password = configuredPassword.filter(p -> !p.isBlank()).orElseGet(Accounts::randomPassword);
        em.persist(new ConsoleUser("admin", hasher.generate(password.toCharArray()), Role.ADMIN, clock.instant()));
        audit.record(actor(), AuditAction.USER_CREATED, subject("admin"), Changes.none().value("role", Role.ADMIN.roleName())
                .value("password", configuredPassword.filter(p -> !p.isBlank()).isPresent() ? "as configured" : "generated, printed once"));
        return configuredPassword.filter(p -> !p.isBlank()).isPresent() ? Optional.empty() : Optional.of(password);
    }

    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public List<ConsoleUser> list() {
        return em.createNamedQuery("ConsoleUser.all", ConsoleUser.class).getResultList();
    }

    @RolesAllowed(Role.ADMIN_NAME)
    public ConsoleUser addUser(String username, char[] password, Role role) {
        ConsoleUser.requireValidUsername(username);
        if (find(username).isPresent()) {
            throw new Rejected("A user named '" + username + "' already exists");
        }
        requireStrong(password);
        ConsoleUser user = new ConsoleUser(username, hasher.generate(password), role, clock.instant());
        em.persist(user);
        audit.record(actor(), AuditAction.USER_CREATED, subject(username), Changes.none().value("role", role.roleName()));
        LOG.info(() -> "Console user '" + username + "' (" + role.roleName() + ") added by " + caller());
        return user;
    }

    @RolesAllowed(Role.ADMIN_NAME)
    public void resetPassword(String username, char[] password) {
        requireStrong(password);
        ConsoleUser user = require(username);
        user.changePassword(hasher.generate(password));
        locks.unlock(username);
        audit.record(actor(), AuditAction.USER_PASSWORD_REPLACED, subject(username), Changes.none().secretReplaced("password"));
        LOG.info(() -> "Password of console user '" + username + "' reset by " + caller());
    }

    @RolesAllowed(Role.ADMIN_NAME)
    public void changeRole(String username, Role role) {
        ConsoleUser user = require(username);
        if (user.getRole() == Role.ADMIN && role != Role.ADMIN) {
            requireAnotherAdmin();
        }
        Role before = user.getRole();
        user.changeRole(role);
        audit.record(actor(), AuditAction.USER_ROLE_CHANGED, subject(username),
                Changes.none().field("role", before.roleName(), role.roleName()));
        LOG.info(() -> "Console user '" + username + "' is now " + role.roleName() + " (by " + caller() + ")");
    }

    @RolesAllowed(Role.ADMIN_NAME)
    public void delete(String username) {
        if (username.equals(caller())) {
            throw new Rejected("You cannot delete the user you are logged in as");
        }
        ConsoleUser user = require(username);
        if (user.getRole() == Role.ADMIN) {
            requireAnotherAdmin();
        }
        // Its sessions end with it: SessionGuard finds no standing for the name.
        audit.record(actor(), AuditAction.USER_DELETED, subject(username), Changes.none().value("role", user.getRole().roleName()));
        em.remove(user);
        LOG.info(() -> "Console user '" + username + "' deleted by " + caller());
    }

    /**
     * Changes the caller's own password, which ends their other sessions; returns the new standing, for the
     * session that asked to carry on.
     */
    @RolesAllowed({Role.ADMIN_NAME, Role.VIEWER_NAME})
    public Standing changeOwnPassword(char[] current, char[] replacement) {
        ConsoleUser user = require(caller());
        if (!hasher.verify(current, user.getPasswordHash())) {
            throw new Rejected("The current password is not right");
        }
        requireStrong(replacement);
        user.changePassword(hasher.generate(replacement));
        audit.record(actor(), AuditAction.USER_PASSWORD_REPLACED, subject(user.getUsername()),
                Changes.none().secretReplaced("password"));
        return standingOf(user);
    }

    private void requireAnotherAdmin() {
        long admins = em.createNamedQuery("ConsoleUser.countByRole", Long.class)
                .setParameter("role", Role.ADMIN).getSingleResult();
        if (admins <= 1) {
            throw new Rejected("This is the last admin: make another user admin first");
        }
    }

    private static void requireStrong(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new Rejected("A password has at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    private String actor() {
        return requester.nameOf(context.getCallerPrincipal());
    }

    private static String subject(String username) {
        return "user '" + username + "'";
    }

    private String caller() {
        return context.getCallerPrincipal().getName();
    }

    private ConsoleUser require(String username) {
        return find(username).orElseThrow(() -> new IllegalArgumentException("There is no user named '" + username + "'"));
    }

    private Optional<ConsoleUser> find(String username) {
        return em.createNamedQuery("ConsoleUser.byName", ConsoleUser.class)
                .setParameter("username", username)
                .getResultStream().findFirst();
    }

    static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A valid hash of a random password nobody knows, verified against when the user name does not exist. */
    private static final String DUMMY_HASH =
            "PBKDF2WithHmacSHA512:210000:" + Base64.getEncoder().encodeToString(new byte[32]) + ":"
                    + Base64.getEncoder().encodeToString(new byte[64]);
}

package com.ecsprovisioner.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock-out rule, counted per account <em>and client address</em>: after {@link #LOCK_AFTER_FAILURES} failed
 * logins in a row for one name from one address, that address may not try that name for a minute, doubling with
 * every further failure up to half an hour. Failures from one address never lock the account for another, so that
 * nobody can lock the only admin out by typing wrong passwords for {@code admin}; {@link AddressThrottle} slows an
 * address guessing across names. Names that do not exist are counted the same way, so that a lock tells nothing.
 * Kept in memory per node, like {@link AddressThrottle}: a restart forgets it.
 */
@ApplicationScoped
public class AccountLocks {

    static final int LOCK_AFTER_FAILURES = 5;
    static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(30);
    private static final int MAX_TRACKED = 100_000;

    private record Key(String username, String address) {
    }

    private record Failures(int count, Instant lockedUntil) {
        boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }
    }

    private final Map<Key, Failures> failures = new ConcurrentHashMap<>();
    Clock clock = Clock.systemUTC();

    public boolean isLocked(String username, String address) {
        Failures found = failures.get(new Key(username, address));
        return found != null && found.lockedAt(clock.instant());
    }

    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            // A flood of names and addresses must not exhaust memory: forget the pairs not locked.
            failures.values().removeIf(f -> !f.lockedAt(now));
        }
        failures.compute(new Key(username, address), (key, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            Instant until = null;
            if (count >= LOCK_AFTER_FAILURES) {
                Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(count - LOCK_AFTER_FAILURES, 10));
                until = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
            }
            return new Failures(count, until);
        });
    }

    /** A right password from an address clears that address's count for the name, not other addresses'. */
    public void recordSuccess(String username, String address) {
        failures.remove(new Key(username, address));
    }

    /** The latest time until which some address is locked out of the name; empty when none is. */
    public Optional<Instant> lockedUntil(String username) {
        Instant now = clock.instant();
        return failures.entrySet().stream()
                .filter(e -> e.getKey().username().equals(username) && e.getValue().lockedAt(now))
                .map(e -> e.getValue().lockedUntil())
                .max(Instant::compareTo);
    }

    /** Ends every address's lock on the name and forgets its failures (an admin helping a user). */
    public void unlock(String username) {
        failures.keySet().removeIf(key -> key.username().equals(username));
    }
}

package com.ecsprovisioner.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins counted per client address, so that one address guessing across many names is slowed down as
 * one account would be. After {@link #ALLOWED_FAILURES} failures the address waits, a minute at first, doubling up to
 * half an hour. Kept in memory per node: a restart forgets it, the account lock in the database does not.
 */
@ApplicationScoped
public class AddressThrottle {

    static final int ALLOWED_FAILURES = 10;
    private static final Duration FIRST_WAIT = Duration.ofMinutes(1);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(30);
    private static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant blockedUntil) {
    }

    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    Clock clock = Clock.systemUTC();

    public boolean isBlocked(String address) {
        Failures failures = byAddress.get(address);
        return failures != null && failures.blockedUntil() != null && clock.instant().isBefore(failures.blockedUntil());
    }

    public void recordFailure(String address) {
        if (byAddress.size() >= MAX_TRACKED) {
            // A flood of addresses must not exhaust memory: forget those no longer blocked.
            Instant now = clock.instant();
            byAddress.values().removeIf(f -> f.blockedUntil() == null || !now.isBefore(f.blockedUntil()));
        }
        byAddress.compute(address, (key, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            Instant until = null;
            if (count >= ALLOWED_FAILURES) {
                Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(count - ALLOWED_FAILURES, 10));
                until = clock.instant().plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
            }
            return new Failures(count, until);
        });
    }

    public void recordSuccess(String address) {
        byAddress.remove(address);
    }
}

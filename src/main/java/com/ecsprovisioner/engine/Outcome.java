package com.ecsprovisioner.engine;

import com.ecsprovisioner.server.Server;

import java.time.Instant;

/**
 * What a step's calls write back: applied inside the transaction that holds the claim, on freshly read entities.
 * {@code now} is the time of the write-back, after the calls: a wait or a retry counts its interval from there, so
 * that a next look is never already past when it is written, however long the calls took.
 */
@FunctionalInterface
public interface Outcome {

    void applyTo(Job job, Server server, Instant now);

    /** Nothing to write (a job that is not running any more). */
    static Outcome none() {
        return (j, s, t) -> { };
    }
}

package com.ecsprovisioner.engine;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.util.UUID;

/**
 * How far the bootstrap step got, committed after every call so that a crash or a dropped connection resumes where
 * it stopped: which attempt (its own directory on the server), whether its scripts were started there, how far the
 * server's log has been copied into the job's log, and the script step that was running then.
 */
@Embeddable
public class BootstrapProgress {

    @Column(name = "bootstrap_attempt", nullable = false)
    private int attempt;

    @Column(name = "bootstrap_started", nullable = false)
    private boolean started;

    @Column(name = "bootstrap_offset", nullable = false)
    private long offset;

    @Column(name = "bootstrap_script_step", length = 64)
    private String scriptStep;

    /**
     * The attempt's directory name on the server, e.g. {@code attempt-2-1f0c9a3e}: the attempt number and a random
     * part, so that a later job on the same machine (a custom server bootstrapped again, a machine registered twice)
     * never mistakes an earlier job's finished run for its own.
     */
    @Column(name = "bootstrap_run", length = 64)
    private String run;

    /** Each start of the step (the first, and every retry) is a new attempt in a directory of its own. */
    void newAttempt() {
        attempt++;
        run = "attempt-" + attempt + "-" + UUID.randomUUID().toString().substring(0, 8);
        notStarted();
    }

    void started() {
        started = true;
    }

    void notStarted() {
        started = false;
        offset = 0;
        scriptStep = null;
    }

    /** The offset only moves forward: a late, older answer cannot make lines appear twice. */
    void follow(long newOffset, String runningStep) {
        if (newOffset > offset) {
            offset = newOffset;
        }
        scriptStep = runningStep;
    }

    public int attempt() {
        return attempt;
    }

    public String run() {
        return run;
    }

    public boolean isStarted() {
        return started;
    }

    public long offset() {
        return offset;
    }

    public String scriptStep() {
        return scriptStep;
    }
}

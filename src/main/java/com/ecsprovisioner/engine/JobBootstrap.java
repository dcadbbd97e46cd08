package com.ecsprovisioner.engine;

import java.time.Instant;

import static com.ecsprovisioner.engine.JobState.RUNNING;

/**
 * A job's bootstrap as its steps drive it: a new attempt, its scripts started (or found not started), the server's
 * log followed. The progress itself is the job's {@link BootstrapProgress} columns; this class checks each move
 * against the job's state and notes it on the job, so that the entity does not carry the bootstrap's verbs.
 */
public final class JobBootstrap {

    private final Job job;
    private final BootstrapProgress progress;

    JobBootstrap(Job job, BootstrapProgress progress) {
        this.job = job;
        this.progress = progress;
    }

    /** A bootstrap step starts a new attempt (its own directory on the server), told in the log. */
    public void newAttempt(Instant now) {
        job.require("begin a bootstrap attempt of", RUNNING);
        progress.newAttempt();
        job.log(now, JobLogEntry.Level.INFO, "Bootstrap attempt " + progress.attempt());
        job.touch(now);
    }

    /** The scripts of the current attempt run on the server (started now, or found running by a repeated start). */
    public void started(Instant now) {
        job.require("start the bootstrap of", RUNNING);
        progress.started();
        job.touch(now);
    }

    /** The server has no run in the attempt's directory (it was reinstalled meanwhile): the next call starts it. */
    public void notStarted(Instant now) {
        job.require("restart the bootstrap of", RUNNING);
        progress.notStarted();
        job.touch(now);
    }

    /**
     * The server's log was copied up to {@code offset}, with {@code scriptStep} running at that point. The offset
     * only moves forward: a late, older answer cannot make lines appear twice.
     */
    public void follow(long offset, String scriptStep, Instant now) {
        job.require("follow the bootstrap of", RUNNING);
        progress.follow(offset, scriptStep);
        job.touch(now);
    }

    /** The attempt's number, counted from 1; 0 before the first. */
    public int attempt() {
        return progress.attempt();
    }

    /** The attempt's directory name on the server (see {@link BootstrapProgress}). */
    public String run() {
        return progress.run();
    }

    public boolean isStarted() {
        return progress.isStarted();
    }

    public long offset() {
        return progress.offset();
    }

    public String scriptStep() {
        return progress.scriptStep();
    }
}

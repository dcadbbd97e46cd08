package com.ecsprovisioner.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static com.ecsprovisioner.engine.JobState.QUEUED;
import static com.ecsprovisioner.engine.JobState.RUNNING;

/**
 * A job's steps and the moves between them: which step is current, starting, completing, skipping a step and going
 * back to an earlier one. The steps stay mapped on the {@link Job} (its {@code @OneToMany}, so that they are saved and
 * loaded with it); this class holds what is done with them, so that the entity keeps its columns and its own state
 * machine. Every move is checked against the job's state by the job ({@link Job#require}), as before the split.
 */
public final class JobSteps {

    private final Job job;
    private final List<JobStep> steps;

    JobSteps(Job job, List<JobStep> steps) {
        this.job = job;
        this.steps = steps;
    }

    public List<JobStep> all() {
        return Collections.unmodifiableList(steps);
    }

    /** The step the job is at (or stopped at). */
    public JobStep current() {
        return get(job.getCurrentStep());
    }

    public JobStep get(StepName name) {
        return find(name.name()).orElseThrow(() -> new IllegalStateException("job " + job.getId() + " has no step " + name));
    }

    private Optional<JobStep> find(String name) {
        return steps.stream().filter(s -> s.getName().name().equals(name)).findFirst();
    }

    /** The job's step of that name as the job shows it (its stored label); the bare name when the job has none such. */
    StepName named(String name) {
        return find(name).map(JobStep::getName).orElseGet(() -> StepName.stored(name, null));
    }

    boolean allSettled() {
        return steps.stream().allMatch(s -> s.getStatus().isSettled());
    }

    /**
     * Starts the current step if it has not started yet (its client token is made here, before any call); true when
     * it started now (not when it resumed from a wait).
     */
    public boolean beginCurrent(Instant now, Duration stepDeadline) {
        job.require("begin a step of", RUNNING);
        JobStep step = current();
        boolean starts = step.getStatus() == StepStatus.PENDING;
        if (starts) {
            step.restart(now, now.plus(stepDeadline));
            job.log(now, JobLogEntry.Level.INFO, step.getName().label());
        } else if (step.getStatus() == StepStatus.WAITING) {
            step.resume();
        }
        job.touch(now);
        return starts;
    }

    /** The current step's call that must not be repeated was made: marked on the step, told in the log. */
    public void callMade(Instant now, String what) {
        job.require("record a call of", RUNNING);
        current().markCallMade();
        job.log(now, JobLogEntry.Level.INFO, what);
    }

    /** A transient failure the log has already told (the same as last time): noted on the step, tried again at t. */
    public void retryQuietly(Instant t, String error, Instant now) {
        job.require("retry", RUNNING);
        current().retryAt(t, error);
        job.dueAt(t, now);
    }

    /** The current step is done; the job moves to the next step not yet done, or succeeds. */
    public void complete(Instant now, String what) {
        complete(now, what, "");
    }

    /** As {@link #complete(Instant, String)}; {@code finishedNote} follows "... finished" if the job succeeds now. */
    public void complete(Instant now, String what, String finishedNote) {
        job.require("complete a step of", RUNNING);
        current().complete(now);
        job.log(now, JobLogEntry.Level.INFO, what);
        moveToNext(now, finishedNote);
    }

    /**
     * The job goes past {@code step} without running it, saying why in its log (a soft reboot that SSH cannot do, a
     * hard reboot the OS made unnecessary). When it is the current step the job moves on, or succeeds when nothing is
     * left. Allowed while queued (the request already knows) or running.
     */
    public void skip(StepName step, String why, Instant now) {
        job.require("skip a step of", QUEUED, RUNNING);
        JobStep skipped = get(step);
        skipped.skip(now);
        job.log(now, JobLogEntry.Level.INFO, "Skipped: " + skipped.getName().label() + " (" + why + ")");
        if (step.name().equals(job.currentStepName())) {
            moveToNext(now, "");
        }
        job.touch(now);
    }

    /**
     * The job goes back to {@code step}, and the {@code again} steps run again with new client tokens (the others
     * stay done): e.g. a deployment whose zone cannot take its instance chooses another zone.
     */
    public void goBackTo(StepName step, List<StepName> again, Instant now) {
        job.require("go back in", RUNNING);
        for (StepName name : again) {
            get(name).reset(false);
        }
        job.moveTo(get(step).getName(), now);
    }

    private void moveToNext(Instant now, String finishedNote) {
        Optional<JobStep> next = steps.stream().filter(s -> !s.getStatus().isSettled()).findFirst();
        if (next.isPresent()) {
            job.moveTo(next.get().getName(), now);
        } else {
            job.succeed(now, finishedNote);
        }
    }
}

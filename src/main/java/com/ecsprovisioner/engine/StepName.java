package com.ecsprovisioner.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * One step of a job, as a value: a name (stored in {@code job_step.name}, {@code current_step}, {@code job_log.step}),
 * a label for people (stored beside the name on the job's step, so that a job shows its steps as they were made), and
 * the step's default deadline ({@link ProvisioningSettings#deadline} lets configuration override it). The feature
 * that owns a step declares it; the engine names none.
 */
public final class StepName extends DeclaredName {

    private static final long serialVersionUID = 1L;

    /** Null for a step read back from the database: its declaration has it. */
    private final Duration deadline;

    private StepName(String name, String label, Duration deadline) {
        super(name, label);
        this.deadline = deadline;
    }

    /** A feature's step, with how long it may take by default (retries included) before its job fails at it. */
    public static StepName of(String name, String label, Duration deadline) {
        checked("step", name, 32, label);
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("step " + name + " needs a positive deadline");
        }
        return new StepName(name, label, deadline);
    }

    /** A step as the database holds it; a missing label shows the name. */
    static StepName stored(String name, String label) {
        return new StepName(name, label == null || label.isBlank() ? name : label, null);
    }

    /**
     * The constant of a feature's enum of steps named as {@code step} (so that its handler can switch on it); a step
     * of another feature is a wiring error.
     */
    public static <E extends Enum<E>> E constantOf(Class<E> steps, StepName step) {
        try {
            return Enum.valueOf(steps, step.name());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(step + " is not a step of " + steps.getSimpleName(), e);
        }
    }

    /** The declared default deadline; empty for a step read back from the database. */
    public Optional<Duration> defaultDeadline() {
        return Optional.ofNullable(deadline);
    }
}

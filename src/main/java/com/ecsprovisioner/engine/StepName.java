package com.ecsprovisioner.engine;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One step of a job, as a value: a name (stored in {@code job_step.name}, {@code current_step}, {@code job_log.step}),
 * a label for people (stored beside the name on the job's step, so that a job shows its steps as they were made), and
 * the step's default deadline ({@link ProvisioningSettings#deadline} lets configuration override it). The feature
 * that owns a step declares it; the engine names none. Equal by name, so a step read back matches its declaration.
 */
public final class StepName implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Upper case, digits and underscores; at most 32 characters (the columns' width). */
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    private final String name;
    private final String label;
    /** Null for a step read back from the database: its declaration has it. */
    private final Duration deadline;

    private StepName(String name, String label, Duration deadline) {
        this.name = name;
        this.label = label;
        this.deadline = deadline;
    }

    /** A feature's step, with how long it may take by default (retries included) before its job fails at it. */
    public static StepName of(String name, String label, Duration deadline) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a step's name is upper case, at most 32 characters: " + name);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("step " + name + " needs a label");
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("step " + name + " needs a positive deadline");
        }
        return new StepName(name, label, deadline);
    }

    /** A step as the database holds it; a missing label shows the name. */
    static StepName stored(String name, String label) {
        return new StepName(name, label == null || label.isBlank() ? name : label, null);
    }

    public String name() {
        return name;
    }

    /** For people: the console and the job log. */
    public String label() {
        return label;
    }

    /** The declared default deadline; empty for a step read back from the database. */
    public Optional<Duration> defaultDeadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepName s && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}

package com.ecsprovisioner.engine;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Locale;

/**
 * What a job does to its server: deploy it, or one of the lifecycle actions. Every kind runs on the same engine
 * (claim, one step's calls outside any transaction, write-back, waits recorded on the job), only its steps differ.
 * The steps are not listed here: each feature declares its kinds' steps ({@link Job#DEPLOYMENT_STEPS}, the
 * lifecycle's {@code LifecycleKinds}) and the job ranks them by their place in that list.
 */
public enum JobKind {
    DEPLOY("Deployment"),
    START("Start"),
    STOP("Stop"),
    /** Soft first (the OS asked over SSH), the API's reboot when that is not possible or does not happen. */
    REBOOT("Reboot"),
    /** Through the API only (ForceStop): for a server whose OS no longer responds. */
    HARD_REBOOT("Hard reboot"),
    /** Stop (if running), change the type, start again (if it was running). */
    RESIZE("Resize"),
    SNAPSHOT("Snapshot"),
    DELETE("Deletion");

    private final String label;

    JobKind(String label) {
        this.label = label;
    }

    /** For people: "Resize started", "Deletion finished". */
    public String label() {
        return label;
    }

    /** The spelling stored in the database. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter
    public static class Column implements AttributeConverter<JobKind, String> {
        @Override
        public String convertToDatabaseColumn(JobKind kind) {
            return kind == null ? null : kind.dbName();
        }

        @Override
        public JobKind convertToEntityAttribute(String value) {
            return value == null ? DEPLOY : JobKind.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}

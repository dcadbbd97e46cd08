package com.ecsprovisioner.engine;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Locale;

/** Where a job is as a whole; the step it is at is {@link Job#currentStep()}. */
public enum JobState {
    /** Stored, not yet picked up. */
    QUEUED,
    /** Moving through its steps (including waiting for the cloud between two looks). */
    RUNNING,
    /** Every step done. */
    SUCCEEDED,
    /** Stopped at a step with a permanent error or a missed deadline; can be retried or rolled back. */
    FAILED,
    /** Deleting what the job created (after a rollback or a cancel). */
    ROLLING_BACK,
    /** Everything the job created is gone. */
    ROLLED_BACK,
    /** Deleting did not finish within its deadline or hit a permanent error; the rollback can be retried. */
    ROLLBACK_FAILED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True while the job still has work to do by itself. */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING || this == ROLLING_BACK;
    }

    @Converter
    public static class Column implements AttributeConverter<JobState, String> {
        @Override
        public String convertToDatabaseColumn(JobState state) {
            return state == null ? null : state.dbName();
        }

        @Override
        public JobState convertToEntityAttribute(String value) {
            return value == null ? null : JobState.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}

package com.ecsprovisioner.engine;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Locale;

public enum StepStatus {
    PENDING, RUNNING, WAITING, DONE, FAILED,
    /**
     * Not run, and not needed to finish the job: a soft reboot's steps when SSH is not possible, or the hard reboot
     * after the OS rebooted.
     */
    SKIPPED;

    /** True when the job can go past the step: done or skipped. */
    public boolean isSettled() {
        return this == DONE || this == SKIPPED;
    }

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter
    public static class Column implements AttributeConverter<StepStatus, String> {
        @Override
        public String convertToDatabaseColumn(StepStatus status) {
            return status == null ? null : status.dbName();
        }

        @Override
        public StepStatus convertToEntityAttribute(String value) {
            return value == null ? null : StepStatus.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}

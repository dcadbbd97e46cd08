package com.ecsprovisioner.provisioning;

import java.util.Locale;

public enum StepStatus {
    PENDING, RUNNING, WAITING, DONE, FAILED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @jakarta.persistence.Converter
    public static class Column implements jakarta.persistence.AttributeConverter<StepStatus, String> {
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

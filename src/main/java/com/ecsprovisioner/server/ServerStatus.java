package com.ecsprovisioner.server;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Locale;

/** Where a server is in its life, as the Servers list shows it. Transitions are decided by {@link Server}'s verbs. */
public enum ServerStatus {
    REQUESTED, PROVISIONING, BOOTSTRAPPING, ACTIVE, STOPPING, STOPPED, STARTING, REBOOTING, RESIZING, DELETING,
    DELETED, FAILED, UNREACHABLE;

    /** The spelling stored in the database and shown in pages ("bootstrapping"). */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ServerStatus fromDbName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** True when nothing more will happen to the server by itself. */
    public boolean isFinal() {
        return this == DELETED;
    }

    @Converter
    public static class Column implements AttributeConverter<ServerStatus, String> {
        @Override
        public String convertToDatabaseColumn(ServerStatus status) {
            return status == null ? null : status.dbName();
        }

        @Override
        public ServerStatus convertToEntityAttribute(String value) {
            return value == null ? null : fromDbName(value);
        }
    }
}

package com.ecsprovisioner.audit;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * H2's half of the append-only rule on {@code audit_record} (migration V17.1): fired before every UPDATE and DELETE
 * of a row, it refuses the statement. H2 loads it by name from the application's class loader (H2 tries its own,
 * then the thread's context class loader, which is the application's while the product runs); should it ever fail to
 * load, H2 refuses the statement all the same, so the rule fails closed.
 */
public class AppendOnlyH2Trigger implements Trigger {

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("audit records are append-only: " + (newRow == null ? "DELETE" : "UPDATE") + " refused",
                "42501");
    }
}

package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Makes {@code audit_record} (V17) append-only in the database itself, so that not even a bug or a hand-typed
 * statement through the product's own connection changes the trail: a trigger refuses every UPDATE and DELETE. A
 * Java migration because the two databases spell it differently (PostgreSQL: a PL/pgSQL function raising an
 * exception; H2 2.x: a trigger implemented by a Java class, {@code com.ecsprovisioner.audit.AppendOnlyH2Trigger}),
 * and Flyway picks it up from the same location as the scripts in {@code sql/} (package {@code db.migration}).
 */
public class V17_1__Audit_records_are_append_only extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        String database = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        try (Statement statement = context.getConnection().createStatement()) {
            if (database.contains("postgres")) {
                statement.execute("""
                        CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            RAISE EXCEPTION 'audit records are append-only: % refused', TG_OP
                                USING ERRCODE = 'insufficient_privilege';
                        END
                        $$""");
                statement.execute("CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record"
                        + " FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()");
                // Statement-level too: TRUNCATE fires no row trigger.
                statement.execute("CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record"
                        + " FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only()");
            } else if (database.contains("h2")) {
                statement.execute("CREATE TRIGGER audit_record_append_only BEFORE UPDATE, DELETE ON audit_record"
                        + " FOR EACH ROW CALL \"com.ecsprovisioner.audit.AppendOnlyH2Trigger\"");
                // H2 has no TRUNCATE trigger, but refuses to truncate a table that a foreign key references: this
                // empty table's only purpose is that reference.
                statement.execute("CREATE TABLE audit_record_truncate_guard (record_id BIGINT REFERENCES audit_record (id))");
            } else {
                throw new SQLException("No append-only trigger for audit_record on " + database
                        + ": the product supports H2 and PostgreSQL");
            }
        }
    }
}

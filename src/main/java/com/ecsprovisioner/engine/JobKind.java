package com.ecsprovisioner.engine;

import java.util.Locale;

/**
 * What a job does to its server, as a value: a name (stored in lower case in {@code provisioning_job.kind}) and a
 * label for people ("Resize started", "Deletion finished"). The engine lists no kind: each feature declares its own
 * constants and runs them through its {@link JobHandler}, which {@link JobHandlers} finds by the kind's name.
 */
public final class JobKind extends DeclaredName {

    private static final long serialVersionUID = 1L;

    private JobKind(String name, String label) {
        super(name, label);
    }

    /** A feature's kind: {@code name} as stored (in upper case, at most 16 characters), {@code label} for people. */
    public static JobKind of(String name, String label) {
        return new JobKind(checked("job kind", name, 16, label), label);
    }

    /**
     * A kind as the database holds it: its stored name and the label it was made with (null for none). A kind that
     * no handler declares any more is still shown, by its label or its name.
     */
    static JobKind stored(String dbName, String label) {
        String name = dbName.toUpperCase(Locale.ROOT);
        return new JobKind(name, label == null || label.isBlank() ? name : label);
    }

    /** The same kind under another label (a deployment that only bootstraps a server is shown as "Bootstrap"). */
    public JobKind labelled(String otherLabel) {
        return of(name(), otherLabel);
    }

    /** The spelling stored in the database. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

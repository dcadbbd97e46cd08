package com.ecsprovisioner.engine;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a job does to its server, as a value: a name (stored in lower case in {@code provisioning_job.kind}) and a
 * label for people. The engine lists no kind: each feature declares its own constants and runs them through its
 * {@link JobHandler}, which {@link JobHandlers} finds by the kind's name. Two kinds are equal when their names are, so
 * a kind read back from the database (its stored label included) matches the feature's constant.
 * <p>
 * {@link #toString()} is the name, so that the pages' {@code job.kind eq 'DEPLOY'} keeps comparing names.
 */
public final class JobKind implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Upper case, digits and underscores; at most 16 characters (the column's width). */
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,15}");

    private final String name;
    private final String label;

    private JobKind(String name, String label) {
        this.name = name;
        this.label = label;
    }

    /** A feature's kind: {@code name} as stored (in upper case), {@code label} for people ("Resize started"). */
    public static JobKind of(String name, String label) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a job kind's name is upper case, at most 16 characters: " + name);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("job kind " + name + " needs a label");
        }
        return new JobKind(name, label);
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
        return of(name, otherLabel);
    }

    public String name() {
        return name;
    }

    /** For people: "Resize started", "Deletion finished". */
    public String label() {
        return label;
    }

    /** The spelling stored in the database. */
    public String dbName() {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobKind k && k.name.equals(name);
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

package com.ecsprovisioner.engine;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * What {@link JobKind} and {@link StepName} share: a name that a feature declares and the database stores, and a
 * label for people. Two values of the same type are equal when their names are, so that a value read back from the
 * database matches the feature's constant. {@link #toString()} is the name (the pages compare it as text).
 */
public abstract class DeclaredName implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String label;

    DeclaredName(String name, String label) {
        this.name = name;
        this.label = label;
    }

    /** {@code name} if it is upper case, digits and underscores within {@code max} characters, and the label is not blank. */
    static String checked(String what, String name, int max, String label) {
        if (name == null || !Pattern.matches("[A-Z][A-Z0-9_]{0," + (max - 1) + "}", name)) {
            throw new IllegalArgumentException("a " + what + "'s name is upper case, at most " + max + " characters: " + name);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException(what + " " + name + " needs a label");
        }
        return name;
    }

    public String name() {
        return name;
    }

    /** For people: the console and the job log. */
    public String label() {
        return label;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((DeclaredName) o).name.equals(name);
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

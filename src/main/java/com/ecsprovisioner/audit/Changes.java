package com.ecsprovisioner.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a change did, field by field: a field's old and new value when they differ, or for a secret only that it was
 * replaced. There is no way to hand this class a secret's value: {@link #secretReplaced} takes the field's name only,
 * so a record cannot hold one by mistake. Values are cut at {@value #MAX_VALUE} characters (a record says what
 * changed; the thing itself holds the whole value).
 */
public final class Changes {

    static final int MAX_VALUE = 200;

    /** One field's change; {@code secret} true means the values are not kept, only the fact. */
    public record Change(String field, String oldValue, String newValue, boolean secret) {
        String line() {
            if (secret) {
                return field + ": secret replaced";
            }
            if (oldValue == null) {
                return field + ": " + quoted(newValue);
            }
            return field + ": " + quoted(oldValue) + " → " + quoted(newValue);
        }

        private static String quoted(String value) {
            return value == null ? "(none)" : "'" + value + "'";
        }
    }

    private final List<Change> changes = new ArrayList<>();

    private Changes() {
    }

    public static Changes none() {
        return new Changes();
    }

    /** Records the field only when its value changed. */
    public Changes field(String field, Object oldValue, Object newValue) {
        String before = text(oldValue);
        String after = text(newValue);
        if (!Objects.equals(before, after)) {
            changes.add(new Change(field, before, after, false));
        }
        return this;
    }

    /** A value set where there was none before (a new thing's fields, what was deleted, ...). */
    public Changes value(String field, Object value) {
        changes.add(new Change(field, null, text(value), false));
        return this;
    }

    /** A secret (a password, an AccessKey secret, a private key or passphrase) was replaced; its value is never kept. */
    public Changes secretReplaced(String field) {
        changes.add(new Change(field, null, null, true));
        return this;
    }

    /** A secret replaced only when {@code replaced} (a form whose secret field was left empty keeps the old one). */
    public Changes secretReplaced(String field, boolean replaced) {
        return replaced ? secretReplaced(field) : this;
    }

    public List<Change> list() {
        return List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** One line per change, as stored and shown. */
    public String text() {
        return changes.stream().map(Change::line).collect(Collectors.joining("\n"));
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE) + "…";
    }
}

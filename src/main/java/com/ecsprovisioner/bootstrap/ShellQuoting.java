package com.ecsprovisioner.bootstrap;

/**
 * POSIX single-quote quoting: inside '...' the shell interprets nothing, so the only character to handle is
 * the quote itself, written as {@code '\''}. NUL cannot be held by a shell variable at all and is refused.
 */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    public static String quote(String value) {
        if (value == null) {
            throw new IllegalArgumentException("cannot quote a null value for the shell");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell value cannot contain a NUL character");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}

package com.ecsprovisioner.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders {@code bootstrap.env}: one {@code NAME='value'} assignment per line, which {@code main.sh} sources.
 * Every value is single-quoted ({@link ShellQuoting}), so whatever a profile holds (quotes, {@code $(...)},
 * backticks, newlines) is data, never code. The file carries secrets: upload it with mode 600.
 */
public final class BootstrapEnvironment {

    /** The file name next to the scripts. */
    public static final String FILE_NAME = "bootstrap.env";
    /** The mode the file must have on the server. */
    public static final String FILE_MODE = "600";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private BootstrapEnvironment() {
    }

    public static String render(Map<String, String> variables) {
        if (variables == null) {
            throw new IllegalArgumentException("variables are required");
        }
        StringBuilder out = new StringBuilder("# Written by ECS Provisioner for one bootstrap run. Contains secrets: mode 600.\n");
        variables.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid shell variable name");
            }
            if (value == null) {
                throw new IllegalArgumentException("variable " + name + " has no value (use an empty string)");
            }
            try {
                out.append(name).append('=').append(ShellQuoting.quote(value)).append('\n');
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("variable " + name + ": " + e.getMessage(), e);
            }
        });
        return out.toString();
    }

    public static String render(BootstrapSettings settings) {
        return render(settings.environment());
    }

    public static byte[] renderBytes(BootstrapSettings settings) {
        return render(settings).getBytes(StandardCharsets.UTF_8);
    }
}

package com.ecsprovisioner.bootstrap;

import java.util.regex.Pattern;

/**
 * A step as the scripts declare it ({@code ecs_step <id> "<title>"}), known before anything runs, so that
 * a job can show all its steps from the start and mark each one as the markers arrive.
 */
public record StepDeclaration(String id, String title) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public StepDeclaration {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("step id '" + id + "' must match [a-z0-9][a-z0-9-]*");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("step '" + id + "' needs a title");
        }
    }
}

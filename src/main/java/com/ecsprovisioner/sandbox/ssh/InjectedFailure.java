package com.ecsprovisioner.sandbox.ssh;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bootstrap step made to fail on purpose, so that the product's handling of a failed step can be seen end to end.
 *
 * @param instanceId the instance it applies to, or {@code "*"} for every instance
 * @param stepId     the {@code ecs_step} id that fails
 * @param exitCode   the exit code the failed step and the whole run report (1..255, as a real process can)
 */
public record InjectedFailure(String instanceId, String stepId, int exitCode) {

    /** Any instance. */
    public static final String ANY_INSTANCE = "*";

    private static final Pattern STEP_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public InjectedFailure {
        Objects.requireNonNull(instanceId, "instanceId (use \"*\" for every instance)");
        Objects.requireNonNull(stepId, "stepId");
        if (instanceId.isBlank()) {
            throw new IllegalArgumentException("Injected failure: instanceId is blank; use \"*\" for every instance");
        }
        if (!STEP_ID.matcher(stepId).matches()) {
            throw new IllegalArgumentException("Injected failure: step id '" + stepId
                    + "' is not a valid ecs_step id (lower-case letters, digits and '-', starting with a letter or digit)");
        }
        if (exitCode < 1 || exitCode > 255) {
            throw new IllegalArgumentException("Injected failure: exit code " + exitCode
                    + " is outside 1..255 (0 would be success, and a process cannot exit above 255)");
        }
    }

    boolean appliesTo(String instance, String step) {
        return (ANY_INSTANCE.equals(instanceId) || instanceId.equals(instance)) && stepId.equals(step);
    }

    /**
     * Parses the configuration form {@code instanceId:stepId:exitCode}, e.g. {@code *:install-packages:100}.
     */
    public static InjectedFailure parse(String text) {
        Objects.requireNonNull(text, "failure injection text");
        String[] parts = text.trim().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Injected failure '" + text
                    + "' must look like instanceId:stepId:exitCode, e.g. *:install-packages:100");
        }
        int code;
        try {
            code = Integer.parseInt(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Injected failure '" + text + "': exit code '" + parts[2]
                    + "' is not a number");
        }
        return new InjectedFailure(parts[0].trim(), parts[1].trim(), code);
    }
}

package com.ecsprovisioner.bootstrap;

/**
 * One line of a bootstrap log, typed: a progress marker the scripts print ({@code @@ecs ...}) or plain output.
 * The text in every event has already had its secrets masked when it comes from {@link LogFollower}.
 */
public sealed interface ProgressEvent {

    /** {@code @@ecs step <id> start <title...>} */
    record StepStarted(String stepId, String title) implements ProgressEvent {
    }

    /** {@code @@ecs step <id> ok <elapsedSeconds>} */
    record StepSucceeded(String stepId, long elapsedSeconds) implements ProgressEvent {
    }

    /** {@code @@ecs step <id> fail <exitCode> <message...>}; the message may be empty. */
    record StepFailed(String stepId, int exitCode, String message) implements ProgressEvent {
    }

    /** {@code @@ecs version <component> <version>}: what the health check found installed. */
    record ComponentVersion(String component, String version) implements ProgressEvent {
    }

    /** {@code @@ecs result ok}: the whole script succeeded. */
    record ResultSucceeded() implements ProgressEvent {
    }

    /** {@code @@ecs result fail <stepId> <exitCode>}: the script stopped at that step. */
    record ResultFailed(String stepId, int exitCode) implements ProgressEvent {
    }

    /** Anything else: a command's output, shown in the job's log as it is. */
    record Output(String line) implements ProgressEvent {
    }
}

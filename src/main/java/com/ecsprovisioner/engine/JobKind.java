package com.ecsprovisioner.engine;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a job does to its server: deploy it, or one of the lifecycle actions. Every kind runs on the same engine
 * (claim, one step's calls outside any transaction, write-back, waits recorded on the job), only its steps differ.
 * A deployment runs every step that no other kind lists, so that steps added to the deployment later need no
 * change here.
 */
public enum JobKind {
    DEPLOY("Deployment"),
    START("Start", StepName.START_INSTANCE),
    STOP("Stop", StepName.STOP_INSTANCE),
    /**
     * Soft first: the OS is asked to reboot over SSH and watched until it answers again; when that is not possible or
     * does not happen within its deadlines, the hard reboot through the API (skipped when the OS rebooted).
     */
    REBOOT("Reboot", StepName.OS_REBOOT, StepName.OS_BACK, StepName.REBOOT_INSTANCE),
    /** Through the API only (ForceStop): for a server whose OS no longer responds. */
    HARD_REBOOT("Hard reboot", StepName.REBOOT_INSTANCE),
    /** Stop (if running), change the type, start again (if it was running). */
    RESIZE("Resize", StepName.STOP_INSTANCE, StepName.CHANGE_TYPE, StepName.START_INSTANCE),
    SNAPSHOT("Snapshot", StepName.CREATE_SNAPSHOT),
    DELETE("Deletion", StepName.DELETE_INSTANCE, StepName.DELETE_NETWORK);

    private final String label;
    private final List<StepName> own;

    JobKind(String label, StepName... steps) {
        this.label = label;
        this.own = List.of(steps);
    }

    /**
     * Whether a failed job of this kind fails its server too; a snapshot leaves the server's status as it was (only
     * its job shows the failure).
     */
    public boolean failureReachesServer() {
        return this != SNAPSHOT;
    }

    /** For people: "Resize started", "Deletion finished". */
    public String label() {
        return label;
    }

    /** The steps a job of this kind runs, in order. */
    public List<StepName> steps() {
        if (this != DEPLOY) {
            return own;
        }
        Set<StepName> lifecycle = EnumSet.noneOf(StepName.class);
        for (JobKind k : values()) {
            lifecycle.addAll(k.own);
        }
        return Arrays.stream(StepName.values()).filter(s -> !lifecycle.contains(s)).toList();
    }

    /** The spelling stored in the database. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter
    public static class Column implements AttributeConverter<JobKind, String> {
        @Override
        public String convertToDatabaseColumn(JobKind kind) {
            return kind == null ? null : kind.dbName();
        }

        @Override
        public JobKind convertToEntityAttribute(String value) {
            return value == null ? DEPLOY : JobKind.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}

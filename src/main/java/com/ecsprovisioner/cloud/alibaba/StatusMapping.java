package com.ecsprovisioner.cloud.alibaba;

import com.ecsprovisioner.cloud.CloudTypes.InstanceState;
import com.ecsprovisioner.cloud.CloudTypes.NetworkStatus;
import com.ecsprovisioner.cloud.CloudTypes.ImageStatus;
import com.ecsprovisioner.cloud.CloudTypes.SnapshotStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one place where Alibaba's status words become the product's states. Each function is total: a value the
 * cloud may add later maps to UNRECOGNIZED instead of failing, so a poll never breaks on a new word and the raw
 * value is still kept next to the mapped one.
 */
final class StatusMapping {

    private StatusMapping() {
    }

    /** Instance statuses as DescribeInstances reports them (reference §4.1); deleted instances simply vanish. */
    static InstanceState instanceState(String status) {
        if (status == null) {
            return InstanceState.UNRECOGNIZED;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "pending" -> InstanceState.PENDING;
            case "starting" -> InstanceState.STARTING;
            case "running" -> InstanceState.RUNNING;
            case "stopping" -> InstanceState.STOPPING;
            case "stopped" -> InstanceState.STOPPED;
            default -> InstanceState.UNRECOGNIZED;
        };
    }

    /**
     * VPC and vSwitch statuses: Pending then Available (DescribeVpcs/DescribeVSwitches). The newer CreateVpc notes
     * say Creating/Created for the same two states, so both spellings are accepted.
     */
    static NetworkStatus networkStatus(String status) {
        if (status == null) {
            return NetworkStatus.UNRECOGNIZED;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "pending", "creating" -> NetworkStatus.PENDING;
            case "available", "created" -> NetworkStatus.AVAILABLE;
            default -> NetworkStatus.UNRECOGNIZED;
        };
    }

    /** Snapshot statuses: progressing, accomplished, failed (DescribeSnapshots). */
    static SnapshotStatus snapshotStatus(String status) {
        if (status == null) {
            return SnapshotStatus.UNRECOGNIZED;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "progressing" -> SnapshotStatus.PROGRESSING;
            case "accomplished" -> SnapshotStatus.ACCOMPLISHED;
            case "failed" -> SnapshotStatus.FAILED;
            default -> SnapshotStatus.UNRECOGNIZED;
        };
    }

    /**
     * An own image's status (DescribeImages: Creating, Waiting, Available, UnAvailable, CreateFailed, Deprecated):
     * Waiting is still on its way; a deprecated image is still usable but on its way out, so it counts as
     * unavailable; anything unknown too, so that nothing is started from it.
     */
    static ImageStatus imageStatus(String status) {
        if (status == null) {
            return ImageStatus.UNAVAILABLE;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "creating", "waiting" -> ImageStatus.CREATING;
            case "available" -> ImageStatus.AVAILABLE;
            case "createfailed" -> ImageStatus.FAILED;
            default -> ImageStatus.UNAVAILABLE;
        };
    }

    /** Regions inside mainland China (package mirrors there are blocked from outside and vice versa). */
    static boolean mainlandChina(String regionId) {
        return regionId != null && regionId.startsWith("cn-") && !regionId.equals("cn-hongkong");
    }

    /** "100%" or "45" → 100, 45; anything else → 0. */
    static int percent(String progress) {
        if (progress == null) {
            return 0;
        }
        String p = progress.strip();
        if (p.endsWith("%")) {
            p = p.substring(0, p.length() - 1);
        }
        try {
            return Math.max(0, Math.min(100, Integer.parseInt(p.strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Creation times come as {@code 2018-04-18T15:02:37Z} (VPC) or without seconds, {@code 2024-01-01T00:00Z}
     * (instances, key pairs). Null when absent or unreadable: a timestamp is information, not worth failing a call.
     */
    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            if (t.endsWith("Z") && t.length() == 17) {
                try {
                    return Instant.parse(t.substring(0, 16) + ":00Z");
                } catch (DateTimeParseException ignored) {
                    return null;
                }
            }
            return null;
        }
    }
}

package com.ecsprovisioner.backup;

import com.ecsprovisioner.engine.Job;
import com.ecsprovisioner.server.Server;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * The backup feature's public event (README, "Automation interface (JMS)", Events): a backup that failed, told once
 * when its run is settled, beside the job's own {@code job.failed} event, so that a subscriber watching backups
 * selects one type instead of filtering every job's failures by kind.
 */
final class BackupEvents {

    static final String FAILED = "com.ecsprovisioner.backup.failed.v1";

    private BackupEvents() {
    }

    static String failedData(Job job, Server server, long serverId, BackupRun run) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("jobId", job.getId())
                .add("kind", job.getKind().dbName())
                .add("serverId", serverId)
                .add("serverName", server == null ? "" : server.getName())
                .add("policy", run.getPolicyKey())
                .add("slot", run.getSlot().toString())
                .add("scheduled", run.isScheduled());
        if (job.getFailureMessage() == null) {
            b.addNull("reason");
        } else {
            b.add("reason", job.getFailureMessage());
        }
        if (job.getFailureCode() == null) {
            b.addNull("cloudErrorCode");
        } else {
            b.add("cloudErrorCode", job.getFailureCode());
        }
        return b.build().toString();
    }
}

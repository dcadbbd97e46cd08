package com.ecsprovisioner.backup;

import com.ecsprovisioner.deployment.DeployRequest;
import com.ecsprovisioner.deployment.Deployments;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Optional;

/**
 * A restore of a snapshot to a new server, in the backup feature's own table keyed by the job's id: what was asked,
 * and what the job made so far (the image, then the deployment it started). A step repeated after a crash reads what
 * is recorded here, never the job's log.
 */
@Entity
@Table(name = "new_server_restore")
public class NewServerRestore {

    @Id
    @Column(name = "job_id")
    private long jobId;

    @Column(name = "snapshot_id", nullable = false, length = 64)
    private String snapshotId;

    @Column(name = "server_name", nullable = false, length = 64)
    private String serverName;

    @Column(name = "instance_type", nullable = false, length = 64)
    private String instanceType;

    /** The new server's system disk; null keeps the profile's default (which holds the snapshot's disk). */
    @Column(name = "disk_gib")
    private Integer diskGiB;

    @Column(name = "image_id", length = 64)
    private String imageId;

    @Column(name = "deploy_job_id")
    private Long deployJobId;

    @Column(name = "new_server_id")
    private Long newServerId;

    protected NewServerRestore() {
    }

    NewServerRestore(long jobId, String snapshotId, String serverName, String instanceType, Integer diskGiB) {
        this.jobId = jobId;
        this.snapshotId = snapshotId;
        this.serverName = serverName;
        this.instanceType = instanceType;
        this.diskGiB = diskGiB;
    }

    long jobId() {
        return jobId;
    }

    String snapshotId() {
        return snapshotId;
    }

    String serverName() {
        return serverName;
    }

    Optional<String> imageId() {
        return Optional.ofNullable(imageId);
    }

    Optional<Long> deployJobId() {
        return Optional.ofNullable(deployJobId);
    }

    Optional<Long> newServerId() {
        return Optional.ofNullable(newServerId);
    }

    void imageMade(String id) {
        this.imageId = id;
    }

    /** The roll-back deleted the image: a retry makes a new one. */
    void imageDeleted() {
        this.imageId = null;
    }

    void deployed(Deployments.Deployment deployment) {
        this.deployJobId = deployment.jobId();
        this.newServerId = deployment.serverId();
    }

    /** The deployment of the new server from the image, with the profile's defaults for everything not asked. */
    DeployRequest request(long profileId) {
        DeployRequest request = DeployRequest.withDefaults(serverName, profileId).withInstanceType(instanceType)
                .withImage(imageId);
        return diskGiB == null ? request : request.withDisk(null, diskGiB);
    }

    /** The image's name: the new server's, and the job's id so that two restores never ask for the same name. */
    String imageName() {
        return "restore-" + serverName + "-" + jobId;
    }
}

-- A restore of a snapshot to a new server: what was asked (the snapshot, the new server's name and type, its disk),
-- and what the job made so far (the image, then the deployment it started), so that a step repeated after a crash
-- finds them instead of making them twice (the engine's job table names none of them).
CREATE TABLE new_server_restore (
    job_id          BIGINT       NOT NULL PRIMARY KEY REFERENCES provisioning_job (id),
    snapshot_id     VARCHAR(64)  NOT NULL,
    server_name     VARCHAR(64)  NOT NULL,
    instance_type   VARCHAR(64)  NOT NULL,
    disk_gib        INTEGER,
    image_id        VARCHAR(64),
    deploy_job_id   BIGINT       REFERENCES provisioning_job (id),
    new_server_id   BIGINT       REFERENCES server (id)
);

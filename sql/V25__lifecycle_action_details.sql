-- A lifecycle action's details (issue 12): the snapshot's name and id, the OS boot id read before a soft reboot, and
-- whether a resized instance starts again leave the engine's job table for a table of the lifecycle's own, keyed by
-- the job's id (as firewall_change is, V21), so that the engine's Job holds no column of a concrete kind. Every
-- lifecycle job already in the database keeps its values, unfinished ones included. Portable SQL for H2 and
-- PostgreSQL.
CREATE TABLE lifecycle_action (
    job_id        BIGINT       NOT NULL PRIMARY KEY REFERENCES provisioning_job (id),
    snapshot_name VARCHAR(128),
    snapshot_id   VARCHAR(64),
    os_boot_id    VARCHAR(64),
    start_after   BOOLEAN      DEFAULT FALSE NOT NULL
);

-- The lifecycle's kinds (LifecycleKinds; V11 keeps a kind's name in lower case). A job of another kind never wrote
-- these columns.
INSERT INTO lifecycle_action (job_id, snapshot_name, snapshot_id, os_boot_id, start_after)
SELECT id, snapshot_name, snapshot_id, os_boot_id, start_after FROM provisioning_job
WHERE kind IN ('start', 'stop', 'reboot', 'hard_reboot', 'resize', 'snapshot', 'delete');

ALTER TABLE provisioning_job DROP COLUMN snapshot_name;
ALTER TABLE provisioning_job DROP COLUMN snapshot_id;
ALTER TABLE provisioning_job DROP COLUMN os_boot_id;
ALTER TABLE provisioning_job DROP COLUMN start_after;

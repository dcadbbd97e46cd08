-- Server lifecycle (issue 8): jobs of other kinds than a deployment on the same engine, and what the status sync
-- notices. Portable SQL for H2 and PostgreSQL.

-- A job's kind; every job so far was a deployment. Lifecycle jobs leave the deployment-only columns empty.
ALTER TABLE provisioning_job ADD COLUMN kind VARCHAR(16) DEFAULT 'deploy' NOT NULL;
ALTER TABLE provisioning_job ADD CONSTRAINT ck_job_kind CHECK (kind IN ('deploy', 'start', 'stop', 'reboot', 'resize',
    'snapshot', 'delete'));
ALTER TABLE provisioning_job ALTER COLUMN zone_policy DROP NOT NULL;
ALTER TABLE provisioning_job ALTER COLUMN network_policy DROP NOT NULL;
ALTER TABLE provisioning_job ALTER COLUMN disk_category DROP NOT NULL;
ALTER TABLE provisioning_job ALTER COLUMN key_pair_name DROP NOT NULL;
-- Snapshot jobs: the name asked for, and the id once CreateSnapshot answered (kept with the job for the person).
ALTER TABLE provisioning_job ADD COLUMN snapshot_name VARCHAR(128);
ALTER TABLE provisioning_job ADD COLUMN snapshot_id VARCHAR(64);
-- Resize jobs: start the instance again afterwards (it was running when the resize was asked).
ALTER TABLE provisioning_job ADD COLUMN start_after BOOLEAN DEFAULT FALSE NOT NULL;
-- "Is a job running on this server?" is asked before every action and by every status sync.
CREATE INDEX ix_job_server_state ON provisioning_job (server_id, state);

-- When the status sync noticed a change made outside the product, and when it last looked.
ALTER TABLE server ADD COLUMN status_noticed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE server ADD COLUMN synced_at TIMESTAMP WITH TIME ZONE;

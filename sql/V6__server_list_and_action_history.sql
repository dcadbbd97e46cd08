-- Server lifecycle, the rest of issue 8: a Servers list that pages through thousands of servers, jobs that say who
-- asked for them (the server page's action history), and a reboot that first asks the OS over SSH and falls back
-- to a hard reboot through the API. Portable SQL for H2 (PostgreSQL mode) and PostgreSQL.

-- The Servers list asks for one page at a time (ORDER BY ... LIMIT) sorted by name or request time and filtered by
-- region: with these the database reads the first rows of an index in order instead of sorting every server.
-- Profile and status filters use ix_server_profile and ix_server_status (V2).
CREATE INDEX ix_server_name ON server (name);
CREATE INDEX ix_server_created ON server (created_at);
CREATE INDEX ix_server_region ON server (region_id);

-- Who asked for a job: the console user's login name, or 'system' for what the product starts by itself. Jobs made
-- before this migration did not record it; they say 'unknown'.
ALTER TABLE provisioning_job ADD COLUMN requested_by VARCHAR(128) DEFAULT 'unknown' NOT NULL;

-- Soft reboot: the OS's boot id (/proc/sys/kernel/random/boot_id) read just before it was asked to reboot over
-- SSH. A different boot id afterwards proves the OS rebooted, even when the reboot was too quick to see SSH go down.
ALTER TABLE provisioning_job ADD COLUMN os_boot_id VARCHAR(64);

-- A hard reboot (through the API only) is its own kind; a reboot tries the OS first.
ALTER TABLE provisioning_job DROP CONSTRAINT ck_job_kind;
ALTER TABLE provisioning_job ADD CONSTRAINT ck_job_kind CHECK (kind IN ('deploy', 'start', 'stop', 'reboot',
    'hard_reboot', 'resize', 'snapshot', 'delete'));

-- A step can be skipped: the soft reboot's steps when SSH is not possible, the hard reboot when the OS rebooted.
ALTER TABLE job_step DROP CONSTRAINT ck_step_status;
ALTER TABLE job_step ADD CONSTRAINT ck_step_status CHECK (status IN ('pending', 'running', 'waiting', 'done', 'failed',
    'skipped'));

-- The bootstrap as a durable step of the provisioning job, and custom (bring-your-own) servers.
-- Portable SQL for H2 and PostgreSQL.

-- The bootstrap step's progress on its job, committed after every call: the attempt number, whether its scripts were started there, how many bytes of the server's log are already in job_log, and
-- the script step running at that point. A crash or a dropped connection resumes from here.
ALTER TABLE provisioning_job ADD COLUMN bootstrap_attempt INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE provisioning_job ADD COLUMN bootstrap_started BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE provisioning_job ADD COLUMN bootstrap_offset BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE provisioning_job ADD COLUMN bootstrap_script_step VARCHAR(64);
-- The attempt's directory name on the server (attempt-<n>-<random>): a later job on the same machine never
-- mistakes an earlier job's run for its own.
ALTER TABLE provisioning_job ADD COLUMN bootstrap_run VARCHAR(64);

-- A bootstrap-only job (a custom server) has no cloud plan.
ALTER TABLE provisioning_job ALTER COLUMN zone_policy DROP NOT NULL;
ALTER TABLE provisioning_job ALTER COLUMN network_policy DROP NOT NULL;
ALTER TABLE provisioning_job ALTER COLUMN instance_type DROP NOT NULL;
ALTER TABLE provisioning_job ALTER COLUMN image_id DROP NOT NULL;
ALTER TABLE provisioning_job ALTER COLUMN disk_category DROP NOT NULL;
ALTER TABLE provisioning_job ALTER COLUMN key_pair_name DROP NOT NULL;

-- What the server keeps across bootstraps: the host key pinned on first contact (a changed one is refused until
-- an operator accepts it), MariaDB's root password sealed by the SecretBox, and the versions the health check
-- found. custom: a registered bring-your-own server (its login is in custom_server).
ALTER TABLE server ADD COLUMN custom BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE server ADD COLUMN host_key VARCHAR(2000);
ALTER TABLE server ADD COLUMN db_root_password_sealed VARCHAR(512);
ALTER TABLE server ADD COLUMN component_versions VARCHAR(1000);

-- How to log in to a custom server: its own sealed private key (and passphrase), or a provider profile's key.
CREATE TABLE custom_server (
    id                 BIGINT        NOT NULL PRIMARY KEY,
    server_id          BIGINT        NOT NULL,
    ssh_port           INTEGER       NOT NULL,
    login_user         VARCHAR(32)   NOT NULL,
    key_profile_id     BIGINT,
    private_key_sealed VARCHAR(8000),
    passphrase_sealed  VARCHAR(1000),
    key_type           VARCHAR(64),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    version            BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT fk_custom_server FOREIGN KEY (server_id) REFERENCES server (id) ON DELETE CASCADE,
    CONSTRAINT uq_custom_server UNIQUE (server_id),
    CONSTRAINT ck_custom_server_key CHECK (key_profile_id IS NOT NULL OR private_key_sealed IS NOT NULL)
);

-- Firewall changes (issue 19): what each firewall job was asked to do, written with the job and never changed. Keyed
-- by the job's id; the job's steps say how far it got. The rules themselves are read from where they live (the
-- security group, ufw on the server), not kept here, so that a change made outside the product shows as drift.
CREATE TABLE firewall_change (
    job_id       BIGINT       NOT NULL PRIMARY KEY REFERENCES provisioning_job (id),
    server_id    BIGINT       NOT NULL,
    opening      BOOLEAN      NOT NULL,
    port         INTEGER      NOT NULL,
    cidr         VARCHAR(18)  NOT NULL,
    in_cloud     BOOLEAN      NOT NULL,
    on_server    BOOLEAN      NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_firewall_change_server ON firewall_change (server_id);


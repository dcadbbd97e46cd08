-- Clean-up by itself (issue 16). A job that deletes an orphaned resource belongs to no server (its server is gone or
-- was never known), so a job's server becomes optional; every existing row keeps its server.
ALTER TABLE provisioning_job ALTER COLUMN server_id DROP NOT NULL;

-- One row per provider profile: when its orphans are looked for next, who looks now (a lease, taken under the
-- version check, so that of several nodes only one looks), how the last look went, and the profile's own grace
-- periods (NULL: the global setting; -1: never deleted automatically).
CREATE TABLE orphan_watch (
    id                     BIGINT        NOT NULL PRIMARY KEY,
    profile_id             BIGINT        NOT NULL,
    network_grace_minutes  INTEGER,
    instance_grace_minutes INTEGER,
    next_look_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    look_claimed_until     TIMESTAMP WITH TIME ZONE,
    last_look_at           TIMESTAMP WITH TIME ZONE,
    last_look_error        VARCHAR(1000),
    version                BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT uq_orphan_watch_profile UNIQUE (profile_id)
);

-- A resource the product tagged that no live server uses, as the last look found it: first_seen_at starts its grace
-- period; deletion_job_id is the job deleting it (a resource gets one deletion at a time).
CREATE TABLE orphan_resource (
    id              BIGINT        NOT NULL PRIMARY KEY,
    profile_id      BIGINT        NOT NULL,
    kind            VARCHAR(16)   NOT NULL,
    resource_id     VARCHAR(64)   NOT NULL,
    name            VARCHAR(256),
    region_id       VARCHAR(32)   NOT NULL,
    why             VARCHAR(256)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE,
    first_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    deletion_job_id BIGINT,
    version         BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT uq_orphan_resource UNIQUE (profile_id, resource_id),
    CONSTRAINT fk_orphan_job FOREIGN KEY (deletion_job_id) REFERENCES provisioning_job (id)
);
CREATE INDEX ix_orphan_resource_job ON orphan_resource (deletion_job_id);

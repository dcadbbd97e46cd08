-- Provider profiles: an Alibaba Cloud account in one region. access_key_secret, private_key and
-- private_key_passphrase hold values sealed with the master key (AES-GCM, "v1:..."), never plain text.
CREATE TABLE provider_profile (
    id                     BIGINT        NOT NULL PRIMARY KEY,
    name                   VARCHAR(100)  NOT NULL,
    access_key_id          VARCHAR(128)  NOT NULL,
    access_key_secret      VARCHAR(1024) NOT NULL,
    endpoint               VARCHAR(255),
    region_id              VARCHAR(64)   NOT NULL,
    key_pair_name          VARCHAR(128)  NOT NULL,
    key_fingerprint        VARCHAR(64)   NOT NULL,
    private_key            VARCHAR(20000) NOT NULL,
    private_key_passphrase VARCHAR(2048),
    ssh_port               INTEGER       DEFAULT 22 NOT NULL,
    ssh_user               VARCHAR(64)   DEFAULT 'root' NOT NULL,
    zone_policy            VARCHAR(32)   NOT NULL,
    network_policy         VARCHAR(32)   NOT NULL,
    instance_type          VARCHAR(64),
    image_id               VARCHAR(128),
    system_disk_gib        INTEGER       DEFAULT 40 NOT NULL,
    system_disk_category   VARCHAR(32)   NOT NULL,
    php_version            VARCHAR(16)   DEFAULT 'default' NOT NULL,
    apt_mirror             VARCHAR(255),
    wp_cli_url             VARCHAR(512),
    last_check_at          TIMESTAMP WITH TIME ZONE,
    last_check_ok          BOOLEAN,
    last_check_summary     VARCHAR(4000),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    version                BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT uq_provider_profile_name UNIQUE (name),
    CONSTRAINT ck_provider_ssh_port CHECK (ssh_port BETWEEN 1 AND 65535),
    CONSTRAINT ck_provider_disk CHECK (system_disk_gib BETWEEN 20 AND 2048)
);

-- What the cloud said about a profile's account (regions, zones, instance types, images, key pairs),
-- served from here until it is older than the configured age or cleared.
CREATE TABLE catalog_cache_entry (
    id          BIGINT         NOT NULL PRIMARY KEY,
    profile_id  BIGINT         NOT NULL,
    kind        VARCHAR(32)    NOT NULL,
    scope       VARCHAR(128)   NOT NULL,
    payload     VARCHAR(1000000) NOT NULL,
    fetched_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_catalog_cache UNIQUE (profile_id, kind, scope),
    CONSTRAINT fk_catalog_cache_profile FOREIGN KEY (profile_id) REFERENCES provider_profile (id) ON DELETE CASCADE
);

-- Console users. Passwords are PBKDF2 hashes in Jakarta Security's Pbkdf2PasswordHash format;
-- failed_logins and locked_until slow down guessing.
CREATE TABLE app_user (
    id            BIGINT       NOT NULL PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(512) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    failed_logins INTEGER      DEFAULT 0 NOT NULL,
    locked_until  TIMESTAMP WITH TIME ZONE,
    last_login_at TIMESTAMP WITH TIME ZONE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT uq_app_user_username UNIQUE (username),
    CONSTRAINT ck_app_user_role CHECK (role IN ('admin', 'viewer'))
);

-- One sequence for every entity id (stack notes, gotcha 8: no IDENTITY columns), allocated 50 at a time.
CREATE SEQUENCE ecs_id_seq START WITH 1000 INCREMENT BY 50;
